"""Reading a member's submissions back, with each one's state in plain words."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from stories.models import StorySubmission

RECEIVED = "received"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
PUBLISHED = "published"
DECLINED = "declined"
UNPUBLISHED = "unpublished"

STATE_LABELS = {
    RECEIVED: _("Received"),
    IN_REVIEW: _("In review"),
    CHANGES_REQUESTED: _("Changes requested"),
    PUBLISHED: _("Published"),
    DECLINED: _("Declined"),
    UNPUBLISHED: _("No longer shown"),
}
STATE_EXPLANATIONS = {
    RECEIVED: _("We have your story. An editor will read it soon."),
    IN_REVIEW: _(
        "An editor is working on it. Before publishing, a consent officer confirms the "
        "narrator's consent."
    ),
    CHANGES_REQUESTED: _("An editor asked for changes. Their comment is below."),
    PUBLISHED: _("Your story is published."),
    DECLINED: _("The editors decided not to publish this story."),
    UNPUBLISHED: _(
        "This story was published and has been taken down, for example because the "
        "narrator withdrew consent."
    ),
}


@dataclass
class SubmissionStatus:
    submission: object
    story: object  # the StoryPage, or None if it was deleted
    state: str
    comment: str = ""
    current_step: str = ""

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def explanation(self):
        return STATE_EXPLANATIONS[self.state]

    @property
    def title(self):
        if self.story is None:
            return _("(story removed)")
        language = self.story.original_language
        return getattr(self.story, f"title_{language}", None) or self.story.title


def _latest_workflow_state(story):
    return (
        WorkflowState.objects.for_instance(story)
        .select_related("current_task_state__task", "workflow")
        .order_by("-created_at", "-id")
        .first()
    )


def _picked_up(story, workflow_state):
    """Has anyone on the archive's side started on the story yet?"""
    task_state = workflow_state.current_task_state
    first_task = workflow_state.workflow.tasks.first()
    if task_state is None or first_task is None or task_state.task_id != first_task.pk:
        return True
    if workflow_state.task_states.exclude(status=TaskState.STATUS_IN_PROGRESS).exists():
        return True
    if story.locked:
        return True
    latest = story.get_latest_revision()
    return bool(latest and latest.user_id and latest.user_id != story.owner_id)


def submission_status(submission):
    story = submission.page.specific if submission.page_id else None
    if submission.declined_at or story is None:
        return SubmissionStatus(
            submission, story, DECLINED, comment=submission.decline_reason or ""
        )
    if story.live:
        return SubmissionStatus(submission, story, PUBLISHED)
    if story.first_published_at:
        return SubmissionStatus(submission, story, UNPUBLISHED)
    workflow_state = _latest_workflow_state(story)
    if workflow_state is None:
        return SubmissionStatus(submission, story, RECEIVED)
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = workflow_state.current_task_state
        return SubmissionStatus(
            submission,
            story,
            CHANGES_REQUESTED,
            comment=task_state.comment if task_state else "",
        )
    if workflow_state.status == WorkflowState.STATUS_CANCELLED:
        return SubmissionStatus(submission, story, DECLINED)
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and not _picked_up(
        story, workflow_state
    ):
        return SubmissionStatus(submission, story, RECEIVED)
    return SubmissionStatus(submission, story, IN_REVIEW)


def member_submissions(user):
    """[SubmissionStatus] for the member's submissions, newest first."""
    submissions = StorySubmission.objects.filter(member=user).select_related("page")
    return [submission_status(submission) for submission in submissions]
