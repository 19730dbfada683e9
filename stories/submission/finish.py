"""settings.WAGTAIL_FINISH_WORKFLOW_ACTION.

Wagtail imports this while it is still loading its own models, so nothing from
wagtail.models (or anything importing it) may be imported at the top of this module.
"""


def finish_story_workflow(workflow_state, user=None):
    """Publish what the workflow approved.

    Wagtail's default publishes as the last approver and so needs them to hold "publish"
    permission. For a story, the consent officer's approval *is* the decision to publish:
    they passed the task's group check, and StoryPage.save checks consent once more. So
    when the last task was the consent check, the revision is published without that
    extra permission. Any other workflow keeps Wagtail's default behaviour.
    """
    from wagtail.workflows import publish_workflow_state

    from stories.workflow import ConsentSafetyTask

    last = workflow_state.current_task_state
    if last is not None and isinstance(last.task.specific, ConsentSafetyTask):
        revision = workflow_state.content_object.get_latest_revision()
        return revision.publish(user=user, skip_permission_checks=True)
    return publish_workflow_state(workflow_state, user=user)
