"""Carrying out a plan: one transaction, new narrators, each story sent to review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from archive.models import ConsentScope, Narrator
from stories.models import StoryPage
from stories.spreadsheet.core import CREATE, REFUSE, UPDATE, ImportRefused, Problem
from stories.spreadsheet.notifying import one_summary
from stories.spreadsheet.planning import story_index


def apply(plan_to_apply, user=None, index=None):
    """Carry out a plan: all rows or none (one transaction). Returns the stories created
    and updated. Raises ImportRefused for a refused plan, or when a row fails to save.
    Reviewers get one e-mail for the whole import (spreadsheet.notifying)."""
    if plan_to_apply.refused:
        raise ImportRefused(plan_to_apply)
    index = index or story_index()
    new_narrators = {}
    stories = []
    with transaction.atomic(), one_summary(user):
        for item in plan_to_apply.rows:
            if item.action not in (CREATE, UPDATE):
                continue
            try:
                stories.append(_save_row(item, index, user, new_narrators))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    messages = "; ".join(
                        f"{key}: {' '.join(value)}" for key, value in error.message_dict.items()
                    )
                else:
                    messages = " ".join(error.messages)
                item.action = REFUSE
                item.problems.append(Problem("", messages))
                raise ImportRefused(
                    plan_to_apply,
                    gettext("Row %(row)s could not be saved: %(reason)s")
                    % {"row": item.number, "reason": messages},
                ) from error
    return stories


def _narrator_objects(names_or_narrators, new_narrators):
    narrators = []
    for value in names_or_narrators:
        if isinstance(value, str):
            key = value.casefold()
            if key not in new_narrators:
                # Only a public name: the real name, if any, is added by an editor.
                new_narrators[key] = Narrator.objects.create(
                    pseudonym=value, consent_scope=ConsentScope.NOT_ASKED
                )
            value = new_narrators[key]
        narrators.append(value)
    return narrators


def _set_fields(story, values, new_narrators):
    from stories.submission.services import paragraphs_from_text

    for column, value in values.items():
        if column in ("themes", "places"):
            getattr(story, column).set(value)
        elif column == "narrators":
            story.narrators.set(_narrator_objects(value, new_narrators))
        elif column == "tags":
            story.tags.set(value)
        elif column == "date":
            story.set_historical_date(value)
        elif column.startswith("body_"):
            setattr(story, column, paragraphs_from_text(value))
        elif value is None and column in (
            "original_language",
            "translation_status_en",
            "translation_status_es",
            "visibility",
        ):
            continue
        else:
            setattr(story, column, value)


def _save_row(item, index, user, new_narrators):
    from stories.workflow import ensure_submission_workflow

    values = item.values
    if item.action == CREATE:
        # Like a member's submission (stories.submission.services): a draft under the
        # index, then its first revision, then the review workflow.
        story = StoryPage(title=values["title_en"], slug=values["slug_en"], live=False, owner=user)
        _set_fields(story, values, new_narrators)
        story = index.add_child(instance=story)
    else:
        page = item.story
        story = item.draft or page.get_latest_revision_as_object()
        # Only what changes: an unchanged body keeps its photos, quotes and formatting.
        _set_fields(story, {column: values[column] for column in item.changes}, new_narrators)
        if not page.live:
            story.save()  # a draft page's own record follows its latest revision
    story.save_revision(user=user, log_action=True)
    _send_to_review(story, index, user, ensure_submission_workflow)
    return story


def _send_to_review(story, index, user, ensure_workflow):
    from wagtail.models import WorkflowState

    state = story.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    if state is not None:
        return  # already under review: the reviewers see the new revision
    workflow = story.get_workflow() or ensure_workflow(index)
    workflow.start(story, user)
