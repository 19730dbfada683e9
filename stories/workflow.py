"""The two steps every submitted story goes through before it can be published.

1. Editorial review (Editors): approve, or request changes with a comment.
2. Consent and safety check (Consent officers): the officer records the narrator's consent
   in the approval form -- for a story with recordings, also whether the narrators' voice
   may be published; approving publishes the story, and is refused unless every
   narrator's consent allows the story's visibility (stories.consent.missing_consent).

At either step the reviewer may also decline the story for good, with a reason the member
reads on "My stories" and in an e-mail.

`ensure_submission_workflow()` creates the "Story review" workflow with these two tasks and
assigns it to the story index, and retires Wagtail's default "Moderators approval" on the
root page; stories.site_structure calls it, so load_demo and the tests get it too.
"""

import datetime

from django import forms
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from archive.models import ConsentScope, scopes_allowing
from archive.roles import CONSENT_OFFICERS, EDITORS
from stories.consent import VOICE_EXPLANATION, VOICE_QUESTION

WORKFLOW_NAME = "Story review"
EDITORIAL_REVIEW_NAME = "Editorial review"
CONSENT_CHECK_NAME = "Consent and safety check"
# Wagtail's own, created by its migrations; retired by retire_default_workflow.
DEFAULT_WORKFLOW_NAME = "Moderators approval"


# --- Declining, at either step ------------------------------------------------------------
class DeclineForm(TaskStateCommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("Why the story is declined")
        self.fields["comment"].help_text = _(
            "The member who sent the story reads this, on “My stories” and in an e-mail. "
            "Write it for them, in their language."
        )


DECLINE_ACTION = ("decline", _("Decline"), True)


@transaction.atomic
def decline(task_state, user, reason):
    """End the review for good: the workflow is cancelled, the submission remembers when and
    why, and the member is told."""
    workflow_state = task_state.workflow_state
    submission = _submission_of(workflow_state)
    if submission is not None:
        submission.declined_at = timezone.now()
        submission.decline_reason = reason
        submission.save(update_fields=["declined_at", "decline_reason"])
    workflow_state.cancel(user=user)
    # Keep the reason in the story's workflow history too.
    TaskState.objects.filter(pk=task_state.pk).update(comment=reason)
    _tell_member(workflow_state, "declined", comment=reason)


class DeclinableTask:
    """Adds "Decline" to a group approval task's actions, for the same reviewers."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        return [*actions, DECLINE_ACTION] if actions else actions

    def get_form_for_action(self, action):
        if action == "decline":
            return DeclineForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "decline":
            return decline(task_state, user, kwargs.get("comment", ""))
        return super().on_action(task_state, user, action_name, **kwargs)


class EditorialReviewTask(DeclinableTask, AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("Editorial review")
        verbose_name_plural = _("Editorial reviews")

    @classmethod
    def get_description(cls):
        return _("Editors read the story, edit it, and approve it or request changes.")


# --- The consent officer's approval form ---------------------------------------------------
def _recordable_scopes():
    return [(value, label) for value, label in ConsentScope.choices if value != "not_asked"]


# What each choice of the consent dialog records, in words the officer cannot misread.
CONSENT_CHOICES = {
    "": _("Record nothing: keep the consent already recorded"),
    "public": _("Record “Public”: anyone may read the story"),
    "members": _("Record “Members only”: only logged-in members may read the story"),
    "archive": _("Record “Archive only”: the story is kept but never shown"),
}


# Whether the narrators' recorded voice may be published ("words yes, voice no"), asked only
# of a story with recordings. Features above this app answer whether a story has any through
# this hook (recordings.wagtail_hooks registers one), so this app never imports them.
HAS_RECORDINGS_HOOK = "story_has_recordings"
VOICE_KEEP, VOICE_YES, VOICE_NO = "", "yes", "no"
VOICE_CHOICES = {
    VOICE_KEEP: _("Keep what is recorded for each narrator"),
    VOICE_YES: _("Yes: the story shows the player and the recording"),
    VOICE_NO: _("No: only the transcript and the index"),
}


def has_recordings(story):
    return any(ask(story) for ask in hooks.get_hooks(HAS_RECORDINGS_HOOK))


def _voice_narrators(story):
    """The narrators the answer about the voice is recorded for: all but those who withdrew
    (their withdrawal stands, and refuses the approval anyway)."""
    return [narrator for narrator in story.narrators.all() if not narrator.is_withdrawn]


def proposed_voice(story):
    """The answer the dialog opens on: what the narrators' consent says now (a narrator not
    asked yet has not agreed), or "keep" when they differ."""
    answers = {narrator.voice_consent for narrator in _voice_narrators(story)}
    if answers == {True}:
        return VOICE_YES
    if answers == {False}:
        return VOICE_NO
    return VOICE_KEEP


def proposed_consent(task_state):
    """The choice the consent dialog opens on. A narrator not asked yet needs consent
    recorded: what the member said the narrator agreed to, or without a member's word the
    consent the story's visibility needs. Otherwise: keep what is recorded."""
    story = _story_for(task_state)
    if not any(
        narrator.consent_scope == ConsentScope.NOT_ASKED and not narrator.is_withdrawn
        for narrator in story.narrators.all()
    ):
        return ""
    submission = _submission_of(task_state.workflow_state)
    if submission is not None and submission.consent_choice in CONSENT_CHOICES:
        return submission.consent_choice
    allowing = scopes_allowing(story.visibility)
    # The narrowest consent that allows the story, the last of the list.
    return allowing[-1] if allowing else ""


class ConsentApprovalForm(TaskStateCommentForm):
    """Approve the consent task: what the narrator agreed to, and when.

    The modal template (stories/submission/consent_approve_modal.html) posts the task
    state's id, so the form can say before anything is saved whether that consent allows
    the story to be published. ConsentSafetyTask.on_action checks again with the real task
    state: the id only serves the message.
    """

    consent_scope = forms.ChoiceField(
        label=_("Narrator's consent"),
        required=False,
        help_text=_(
            "Recorded for every narrator of this story who has not been asked yet; a "
            "narrator whose consent is already recorded keeps it."
        ),
    )
    consent_date = forms.DateField(
        label=_("Consent given on"),
        required=False,
        initial=timezone.localdate,
        # A date input reads only ISO dates, whatever the admin's language writes.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # True, False, or None to keep what each narrator's consent says; left out (None) when
    # the story has no recording. Asked in the words of Archive -> Narrators -> Record consent.
    voice_consent = forms.TypedChoiceField(
        label=VOICE_QUESTION,
        help_text=VOICE_EXPLANATION,
        required=False,
        choices=list(VOICE_CHOICES.items()),
        coerce=lambda answer: answer == VOICE_YES,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "Choose one of the answers: may recordings of the narrator's voice be published?"
            )
        },
    )
    # Not "task_state": the cleaned data becomes on_action's keyword arguments.
    checked_task_state = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = [
        "consent_scope",
        "consent_date",
        "voice_consent",
        "comment",
        "checked_task_state",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_scope"].choices = [
            ("", CONSENT_CHOICES[""]),
            *[(value, CONSENT_CHOICES[value]) for value, _label in _recordable_scopes()],
        ]
        self.asks_voice = False

    def propose_for(self, task_state):
        """Open on the choices that make sense for the story's narrators, and ask about
        their voice only when the story has recordings (the modal template calls this:
        Wagtail builds the form without the story)."""
        story = _story_for(task_state)
        self.asks_voice = has_recordings(story) and bool(_voice_narrators(story))
        if not self.asks_voice:
            del self.fields["voice_consent"]
        else:
            voice = proposed_voice(story)
            if voice != VOICE_KEEP:
                # The narrators agree: yes or no, nothing to keep apart.
                self.fields["voice_consent"].choices = [
                    (value, label) for value, label in VOICE_CHOICES.items() if value
                ]
            if not self.is_bound:
                self.initial["voice_consent"] = voice
        if not self.is_bound:
            self.initial["consent_scope"] = proposed_consent(task_state)
        return self

    def clean(self):
        cleaned_data = super().clean()
        scope = cleaned_data.get("consent_scope")
        if scope and not cleaned_data.get("consent_date"):
            self.add_error("consent_date", _("Enter the date the narrator gave consent."))
            return cleaned_data
        task_state_id = cleaned_data.get("checked_task_state")
        task_state = TaskState.objects.filter(pk=task_state_id).first() if task_state_id else None
        if task_state is not None:
            message = consent_refusal(task_state, scope)
            if message:
                raise forms.ValidationError(message, code="consent_missing")
        return cleaned_data


def _story_for(task_state):
    """The story as it will be published: the latest revision, with its narrators."""
    page = task_state.workflow_state.content_object.specific
    revision = page.get_latest_revision()
    return revision.as_object() if revision else page


def _narrators_after_recording(story, scope, date):
    """The story's narrators as they would be once `scope` is recorded for those not asked
    yet (unsaved copies; nothing is written)."""
    narrators = []
    for narrator in story.narrators.all():
        if scope and narrator.consent_scope == ConsentScope.NOT_ASKED:
            narrator.consent_scope = scope
            narrator.consent_date = date
        narrators.append(narrator)
    return narrators


def consent_refusal(task_state, scope=None, date=None):
    """The message refusing approval of the consent task, or "" when it may be approved."""
    from stories.consent import consent_message, missing_consent

    story = _story_for(task_state)
    narrators = _narrators_after_recording(story, scope, date or timezone.localdate())
    missing = missing_consent(story, narrators=narrators)
    return consent_message(missing) if missing else ""


def _as_date(value):
    # The page editor sends the modal's cleaned data back as JSON, so dates arrive as text.
    if isinstance(value, str):
        return datetime.date.fromisoformat(value) if value else None
    return value


class ConsentSafetyTask(DeclinableTask, AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("Consent and safety check")
        verbose_name_plural = _("Consent and safety checks")

    @classmethod
    def get_description(cls):
        return _(
            "Consent officers record the narrator's consent and check the story is safe to "
            "show. Approving publishes it; it is refused without consent."
        )

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            # Approving always opens the form: that is where consent is recorded.
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Record consent"), True),
                DECLINE_ACTION,
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return ConsentApprovalForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "stories/submission/consent_approve_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        from stories.consent import ConsentMissing, missing_consent, record_consent

        scope = kwargs.get("consent_scope") or ""
        date = _as_date(kwargs.get("consent_date")) or timezone.localdate()
        voice = kwargs.get("voice_consent")
        if scope and scope not in dict(_recordable_scopes()):
            raise ValueError(f"Unknown consent scope: {scope!r}")
        if voice is not None and not isinstance(voice, bool):
            raise ValueError(f"Unknown answer about the voice: {voice!r}")
        story = _story_for(task_state)
        for narrator in _voice_narrators(story):
            if narrator.consent_scope == ConsentScope.NOT_ASKED:
                if scope:
                    record_consent(narrator, user, scope=scope, date=date, voice=voice)
            elif voice is not None and narrator.voice_consent != voice:
                # Consent already recorded: only the answer about the voice changes, the
                # rest of the narrator's consent stays as it was recorded.
                record_consent(
                    narrator,
                    user,
                    scope=narrator.consent_scope,
                    date=narrator.consent_date,
                    document=narrator.consent_document,
                    embargo_until=narrator.embargo_until,
                    voice=voice,
                )
        # Read the narrators again: what counts is what is now recorded.
        missing = missing_consent(story, narrators=list(story.narrators.all()))
        if missing:
            # Rolls back the consent just recorded with the rest of this action.
            raise ConsentMissing(missing)
        task_state.approve(user=user, comment=kwargs.get("comment", ""))


# --- The page editor's buttons ----------------------------------------------------------------
def approve_first(menu_items, request, context):
    """For the construct_page_action_menu hook: a reviewer's main button is the task's
    "Approve" (at the consent step "Record consent and Publish"), not "Save draft" with
    approving hidden under "More actions". Wagtail makes the first item the main button."""
    from wagtail.admin.action_menu import WorkflowMenuItem

    approve = next(
        (
            item
            for item in menu_items
            if isinstance(item, WorkflowMenuItem) and item.name == "approve"
        ),
        None,
    )
    if approve is not None:
        menu_items.remove(approve)
        menu_items.insert(0, approve)


def ignore_autosave_of_a_workflow_action(request, page):
    """For the before_edit_page hook: Wagtail's editor autosaves the form every half second
    once it changes, and pressing "Approve" or "Record consent and Publish" changes it (the
    action goes into hidden fields) just before the form is sent. While the server
    publishes, the autosave sends the same form again: it saved a second, unchanged
    revision after publishing ("Live + Draft"). The form sent with the action saves
    whatever it changed, so its autosave has nothing left to do."""
    from django.http import JsonResponse

    autosave = request.method == "POST" and not request.accepts("text/html")
    if autosave and request.POST.get("action-workflow-action"):
        return JsonResponse({"success": True})
    return None


# --- Setting it up -----------------------------------------------------------------------
def _task(model, name, group):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name)
    task.groups.add(group)
    return task


@transaction.atomic
def ensure_submission_workflow(story_index=None):
    """The "Story review" workflow (editorial review, then consent and safety check),
    assigned to the story index unless someone assigned it another one. Idempotent.
    Needs the groups (archive.roles.ensure_roles). Returns the Workflow."""
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from stories.models import StoryIndexPage

    review = _task(EditorialReviewTask, EDITORIAL_REVIEW_NAME, Group.objects.get(name=EDITORS))
    consent = _task(ConsentSafetyTask, CONSENT_CHECK_NAME, Group.objects.get(name=CONSENT_OFFICERS))
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    for order, task in enumerate([review, consent]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    indexes = [story_index] if story_index is not None else StoryIndexPage.objects.all()
    for index in indexes:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    retire_default_workflow()
    return workflow


def retire_default_workflow():
    """Wagtail's migrations put a "Moderators approval" workflow on the root page; pages
    outside the story index must not go through a workflow nobody configured. Deactivated
    (its history stays), as stories/migrations/0004 does on existing databases."""
    from wagtail.models import Task, Workflow

    for default in Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, active=True):
        default.deactivate()
        for task in Task.objects.filter(workflow_tasks__workflow=default, active=True):
            if not task.workflow_tasks.filter(workflow__active=True).exists():
                task.deactivate()


# --- Telling the member ----------------------------------------------------------------------
# Wagtail e-mails whoever started a workflow when it is approved or sent back, with links into
# the admin. Members have no admin access, so stories.submission.services turns those off for
# them and these handlers write instead: in the member's language, pointing to "My stories".
def _submission_of(workflow_state):
    from stories.models import StoryPage, StorySubmission

    content = workflow_state.content_object
    if content is None or not isinstance(content.specific, StoryPage):
        return None
    return StorySubmission.objects.filter(page_id=content.pk).select_related("member").first()


def _tell_member(workflow_state, template, **context):
    submission = _submission_of(workflow_state)
    if submission is None or submission.member != workflow_state.requested_by:
        return
    from stories.submission.services import send_status_email

    transaction.on_commit(lambda: send_status_email(submission, template, **context))


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="stories_member_changes_requested")
def member_changes_requested(sender, instance, user=None, **kwargs):
    task_state = instance.current_task_state
    _tell_member(instance, "changes_requested", comment=task_state.comment if task_state else "")


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="stories_member_published")
def member_story_published(sender, instance, user=None, **kwargs):
    _tell_member(instance, "published")
