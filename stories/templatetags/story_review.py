"""Template helpers of the story review workflow's dialogs (stories/workflow.py)."""

from django import template

register = template.Library()


@register.filter
def proposing_consent_for(form, task_state):
    """The consent approval form, opening on the choice that makes sense for the story."""
    return form.propose_for(task_state)
