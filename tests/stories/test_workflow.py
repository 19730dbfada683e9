"""A submitted story through Wagtail's real workflow: editorial review, then the consent
and safety check, which records consent and publishes -- or refuses without consent."""

import datetime
import html
import importlib
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, TaskState, Workflow, WorkflowPage, WorkflowState
from wagtail.users.models import UserProfile

from archive import roles
from archive.models import ConsentScope
from stories.consent import ConsentMissing
from stories.models import StoryPage, StorySubmission, Visibility
from stories.site_structure import ensure_site_structure
from stories.submission import selectors
from stories.workflow import (
    WORKFLOW_NAME,
    ConsentSafetyTask,
    EditorialReviewTask,
    ensure_submission_workflow,
)
from tests.stories import test_submission as base

# Fixtures and helpers shared with the submission tests.
archive = base.archive
member = base.member
member_client = base.member_client
editor = base.editor
officer = base.officer
jpeg, make_user, my_stories_url, said, submit = (
    base.jpeg,
    base.make_user,
    base.my_stories_url,
    base.said,
    base.submit,
)

pytestmark = pytest.mark.django_db

# The workflow Wagtail's own migrations put on the root page.
MODERATORS_APPROVAL = "Moderators approval"


@pytest.fixture
def submitted(member_client):
    """A Spanish story with two photos, sent by a member who says consent is public."""
    response = submit(
        member_client,
        photo_1=jpeg("uno.jpg"),
        caption_1="La plaza",
        photo_2=jpeg("dos.jpg"),
        caption_2="El río",
    )
    assert response.status_code == 302
    return StoryPage.objects.get()


def task_state_of(story):
    return WorkflowState.objects.for_instance(story).get().current_task_state


def action_url(story, action, task_state=None):
    task_state = task_state or task_state_of(story)
    return reverse("wagtailadmin_pages:workflow_action", args=(story.pk, action, task_state.pk))


def act(user, story, action, data=None, xhr=False):
    client = Client()
    client.force_login(user)
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    return client.post(action_url(story, action), data or {}, **headers)


def approve_consent(officer, story, scope=ConsentScope.PUBLIC, **extra):
    data = {
        "consent_scope": scope,
        "consent_date": "2026-11-20",
        "comment": "",
        "checked_task_state": task_state_of(story).pk,
        **extra,
    }
    return act(officer, story, "approve", data, xhr=True)


def status_of(story):
    return selectors.submission_status(StorySubmission.objects.get(page=story))


def the_mail_to(member, mailoutbox):
    """The one e-mail the member got: it sends them to "My stories", never into the admin."""
    (mail,) = [mail for mail in mailoutbox if mail.to == [member.email]]
    assert "/es/mis-historias/" in mail.body and "/admin/" not in mail.body
    return mail


def in_language(language, story):
    with translation.override(language):
        return story.get_url()


# --- Set-up ----------------------------------------------------------------------------------
def test_story_review_workflow_is_assigned_to_the_story_index(archive):
    _home, index = archive
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    first, second = [task.specific for task in workflow.tasks]
    assert isinstance(first, EditorialReviewTask)
    assert isinstance(second, ConsentSafetyTask)
    assert list(first.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert list(second.groups.values_list("name", flat=True)) == [roles.CONSENT_OFFICERS]
    # Idempotent.
    assert ensure_submission_workflow(index) == workflow
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert workflow.tasks.count() == 2


def test_wagtails_default_workflow_is_retired(archive):
    """Only "Story review" is in use: a page outside the story index goes through none."""
    home, index = archive
    active = Workflow.objects.filter(active=True)
    assert list(active.values_list("name", flat=True)) == [WORKFLOW_NAME]
    assert home.get_workflow() is None
    assert index.get_workflow().name == WORKFLOW_NAME
    assert not Task.objects.filter(name=MODERATORS_APPROVAL, active=True).exists()


@pytest.mark.parametrize("retire", ["migration", "setup"])
def test_a_database_with_the_default_workflow_ends_without_it(archive, retire):
    """An existing database, where Wagtail's migration left "Moderators approval" on the
    root page, loses it when migrated, and `make setup` (ensure_site_structure) removes it
    wherever it comes back."""
    from django.apps import apps
    from wagtail.models import GroupApprovalTask, Page, WorkflowTask

    retirement = importlib.import_module("stories.migrations.0004_retire_moderators_approval")
    default = Workflow.objects.get(name=MODERATORS_APPROVAL)
    default.active = True
    default.save()
    task = GroupApprovalTask.objects.get(name=MODERATORS_APPROVAL)
    task.active = True
    task.save()
    WorkflowTask.objects.get_or_create(workflow=default, task=task)
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": default})
    home, _index = archive
    assert home.get_workflow() == default

    if retire == "migration":
        retirement.retire_default_workflow(apps, None)
    else:
        ensure_site_structure()

    assert home.get_workflow() is None
    assert not Workflow.objects.get(pk=default.pk).active
    assert not Task.objects.get(pk=task.pk).active
    assert Workflow.objects.get(name=WORKFLOW_NAME).active


# --- The whole path ----------------------------------------------------------------------------
def test_editor_approves_consent_officer_records_public_consent_story_goes_live(
    submitted,
    member,
    member_client,
    editor,
    officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    story = submitted
    assert status_of(story).state == selectors.RECEIVED

    # 1. The editor approves (Wagtail's own workflow action view).
    response = act(editor, story, "approve", {"comment": ""})
    assert response.status_code == 302
    task_state = task_state_of(story)
    assert isinstance(task_state.task.specific, ConsentSafetyTask)
    assert status_of(story).state == selectors.IN_REVIEW
    page = member_client.get(my_stories_url("es")).content.decode()
    assert said("In review") in page
    # The consent officers were told.
    assert any(officer.email in mail.to for mail in mailoutbox)

    # 2. The consent officer sees the member's choice, records public consent, approves.
    modal = Client()
    modal.force_login(officer)
    form = json.loads(modal.get(action_url(story, "approve")).content)["html"]
    assert "Public" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = approve_consent(officer, story)
    assert json.loads(response.content)["step"] == "success"

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    narrator = story.narrators.get()
    assert narrator.consent_scope == ConsentScope.PUBLIC
    assert narrator.consent_date == datetime.date(2026, 11, 20)
    assert narrator.consent_recorded_by == officer
    assert WorkflowState.objects.for_instance(story).get().status == WorkflowState.STATUS_APPROVED

    # Live in Spanish; in English with the "translation pending" note.
    anonymous = Client()
    spanish = anonymous.get(in_language("es", story))
    assert spanish.status_code == 200
    assert "La comunidad nos recibió con tortillas." in spanish.content.decode()
    english = anonymous.get(in_language("en", story))
    assert english.status_code == 200
    with translation.override("en"):
        notice = str(story.language_notice("en"))
    assert notice == "Shown in the original Spanish; English translation pending."
    assert notice in english.content.decode()

    # The member sees it published, with a link.
    assert status_of(story).state == selectors.PUBLISHED
    page = member_client.get(my_stories_url("es")).content.decode()
    assert said("Published") in page
    assert f'href="{in_language("es", story)}"' in page
    # ...and by e-mail, in the language they wrote in, with no link into the admin.
    to_member = [mail for mail in mailoutbox if mail.to == [member.email]]
    published = to_member[-1]
    assert "/es/mis-historias/" in published.body
    assert in_language("es", story) in published.body
    assert not any("/admin/" in mail.body for mail in to_member)


def test_consent_approval_is_refused_without_consent(submitted, editor, officer):
    story = submitted
    act(editor, story, "approve", {"comment": ""})

    # "Already recorded" while nobody recorded it: refused, with the reason.
    response = approve_consent(officer, story, scope="")
    payload = json.loads(response.content)
    assert payload["step"] == "action"
    assert "cannot be published until every narrator" in payload["html"]
    assert "no consent recorded" in payload["html"]

    # Consent for members only does not allow a public story.
    response = approve_consent(officer, story, scope=ConsentScope.MEMBERS)
    assert "members-only stories, not public ones" in json.loads(response.content)["html"]

    # Archive only never allows showing it.
    response = approve_consent(officer, story, scope=ConsentScope.ARCHIVE)
    assert "archive only" in json.loads(response.content)["html"]

    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live
    assert story.narrators.get().consent_scope == ConsentScope.NOT_ASKED  # nothing recorded
    task_state = task_state_of(story)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert isinstance(task_state.task.specific, ConsentSafetyTask)


def _selected_consent(dialog_html):
    """(value, words) of the consent choice the dialog opens on."""
    select = re.search(r'<select name="consent_scope".*?</select>', dialog_html, re.S).group()
    return re.search(r'<option value="([^"]*)"[^>]*\bselected>([^<]*)<', select).groups()


def test_consent_dialog_opens_on_the_consent_the_narrator_still_needs(
    member_client, editor, officer
):
    submit(member_client, consent=ConsentScope.MEMBERS)
    story = StoryPage.objects.get()
    act(editor, story, "approve", {"comment": ""})
    client = Client()
    client.force_login(officer)

    def dialog():
        return json.loads(client.get(action_url(story, "approve")).content)["html"]

    # The narrator was not asked yet: the dialog proposes what the member said they agreed
    # to, and says what pressing the button will record.
    value, words = _selected_consent(dialog())
    assert value == ConsentScope.MEMBERS
    assert html.unescape(words) == (
        "Record “Members only”: only logged-in members may read the story"
    )
    # The same in Spanish, for an officer whose admin speaks Spanish.
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "es"
    profile.save()
    _value, words = _selected_consent(dialog())
    assert html.unescape(words).startswith("Registrar «Solo para miembros»")

    # Pressing it as it opens records that consent and publishes.
    approve_consent(officer, story, scope=value)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.narrators.get().consent_scope == ConsentScope.MEMBERS


def test_consent_dialog_keeps_a_consent_already_recorded(submitted, editor, officer):
    from stories.consent import record_consent

    act(editor, submitted, "approve", {"comment": ""})
    narrator = submitted.narrators.get()
    record_consent(narrator, officer, scope=ConsentScope.PUBLIC, date=datetime.date(2026, 1, 5))
    client = Client()
    client.force_login(officer)
    dialog = json.loads(client.get(action_url(submitted, "approve")).content)["html"]
    value, words = _selected_consent(dialog)
    assert value == ""
    assert words == "Record nothing: keep the consent already recorded"


def test_consent_approval_is_refused_for_a_story_naming_no_narrator(submitted, editor, officer):
    """An editor took the narrator out during the review (or an import named nobody):
    recording consent cannot publish a story that names nobody."""
    story = submitted
    act(editor, story, "approve", {"comment": ""})
    draft = story.get_latest_revision_as_object()
    draft.narrators.set([])
    draft.save_revision(user=editor)

    response = approve_consent(officer, story, scope=ConsentScope.PUBLIC)
    html = json.loads(response.content)["html"]
    assert "it names no narrator" in html
    task_state = task_state_of(story)
    with pytest.raises(ConsentMissing):
        task_state.task.specific.on_action(
            task_state, officer, "approve", consent_scope=ConsentScope.PUBLIC
        )
    assert not StoryPage.objects.get(pk=story.pk).live
    assert task_state_of(story).status == TaskState.STATUS_IN_PROGRESS

    # Marked as the archive's own text, it may go.
    draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    draft.is_editorial = True
    draft.save_revision(user=editor)
    approve_consent(officer, story, scope="")
    assert StoryPage.objects.get(pk=story.pk).live


def test_page_editor_modal_checks_consent_before_approving(submitted, editor, officer):
    """The page editor's footer collects the modal's data first, then posts the edit form."""
    story = submitted
    act(editor, story, "approve", {"comment": ""})
    client = Client()
    client.force_login(officer)
    task_state = task_state_of(story)
    url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data", args=(story.pk, "approve", task_state.pk)
    )
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    data = {"consent_scope": "", "consent_date": "2026-11-20", "checked_task_state": task_state.pk}
    refused = json.loads(client.post(url, data, **headers).content)
    assert refused["step"] == "action"
    assert "no consent recorded" in refused["html"]
    data["consent_scope"] = ConsentScope.PUBLIC
    accepted = json.loads(client.post(url, data, **headers).content)
    assert accepted["step"] == "success"
    assert accepted["cleaned_data"]["consent_date"] == "2026-11-20"
    # ...which the edit view hands to on_action as keyword arguments.
    task_state.task.specific.on_action(task_state, officer, "approve", **accepted["cleaned_data"])
    assert StoryPage.objects.get(pk=story.pk).live


def test_on_action_refuses_without_consent_even_when_called_directly(submitted, editor, officer):
    story = submitted
    task_state_of(story).task.specific.on_action(task_state_of(story), editor, "approve")
    task_state = task_state_of(story)
    with pytest.raises(ConsentMissing):
        task_state.task.specific.on_action(
            task_state, officer, "approve", consent_scope=ConsentScope.MEMBERS
        )
    assert not StoryPage.objects.get(pk=story.pk).live
    assert StoryPage.objects.get(pk=story.pk).narrators.get().consent_scope == (
        ConsentScope.NOT_ASKED
    )
    # The page editor sends the modal's data back as JSON: dates arrive as text.
    task_state.task.specific.on_action(
        task_state, officer, "approve", consent_scope="public", consent_date="2026-01-02"
    )
    assert StoryPage.objects.get(pk=story.pk).live


def test_members_only_story_is_published_for_members_only(member_client, editor, officer):
    submit(member_client, consent=ConsentScope.MEMBERS)
    story = StoryPage.objects.get()
    assert story.visibility == Visibility.MEMBERS
    act(editor, story, "approve", {"comment": ""})
    approve_consent(officer, story, scope=ConsentScope.MEMBERS)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    url = in_language("es", story)
    assert Client().get(url).status_code == 404
    assert member_client.get(url).status_code == 200


def test_editor_requests_changes_and_the_member_sees_the_comment(
    submitted, member, member_client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    story = submitted
    comment = "Por favor, añade el año de la masacre y el nombre del caserío."
    with django_capture_on_commit_callbacks(execute=True):
        response = act(editor, story, "reject", {"comment": comment})
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    status = status_of(story)
    assert status.state == selectors.CHANGES_REQUESTED
    assert status.comment == comment
    page = member_client.get(my_stories_url("es")).content.decode()
    assert said("Changes requested") in page
    assert "añade el año de la masacre" in page
    assert comment in the_mail_to(member, mailoutbox).body
    assert not StoryPage.objects.get(pk=story.pk).live


def test_cancelled_review_reads_as_declined(submitted, member_client, editor):
    WorkflowState.objects.for_instance(submitted).get().cancel(user=editor)
    assert status_of(submitted).state == selectors.DECLINED
    assert said("Declined") in member_client.get(my_stories_url("es")).content.decode()


def test_a_reviewer_declines_with_a_reason_the_member_reads(
    submitted,
    member,
    member_client,
    editor,
    officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    story = submitted

    def actions(user):
        return [name for name, *_ in task_state_of(story).task.specific.get_actions(story, user)]

    # Both steps offer "Decline" to their own reviewers, and only to them.
    assert "decline" in actions(editor) and actions(officer) == []
    assert act(editor, story, "approve", {"comment": ""}).status_code == 302
    assert "decline" in actions(officer)

    reason = "El relato nombra a una persona que sigue en riesgo; no podemos publicarlo."
    with django_capture_on_commit_callbacks(execute=True):
        response = act(officer, story, "decline", {"comment": reason})
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    submission = StorySubmission.objects.get(page=story)
    assert submission.declined_at is not None and submission.decline_reason == reason
    status = status_of(story)
    assert status.state == selectors.DECLINED and status.comment == reason
    page = member_client.get(my_stories_url("es")).content.decode()
    assert said("Declined") in page and "sigue en riesgo" in page
    mail = the_mail_to(member, mailoutbox)
    assert reason in mail.body and said("The reason:") in mail.body
    assert not StoryPage.objects.get(pk=story.pk).live


def test_the_decline_dialog_asks_for_the_reason_the_member_will_read(submitted, editor):
    # What Wagtail's page editor opens when the editor picks "Decline" in the action menu.
    client = Client()
    client.force_login(editor)
    response = client.get(action_url(submitted, "decline"), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    dialog = json.loads(response.content)["html"]
    assert 'name="comment"' in dialog and "required" in dialog
    assert "Why the story is declined" in dialog and "My stories" in dialog


def test_declining_needs_a_reason(submitted, editor, mailoutbox):
    act(editor, submitted, "decline", {"comment": ""}, xhr=True)
    assert task_state_of(submitted).status == TaskState.STATUS_IN_PROGRESS
    assert StorySubmission.objects.get(page=submitted).declined_at is None
    assert mailoutbox == []


def test_officers_cannot_act_on_the_editors_task(submitted, officer):
    response = act(officer, submitted, "approve", {"comment": ""})
    assert response.status_code in (302, 403)
    assert task_state_of(submitted).status == TaskState.STATUS_IN_PROGRESS
    assert isinstance(task_state_of(submitted).task.specific, EditorialReviewTask)


def test_my_stories_lists_only_my_own(submitted, member_client, archive):
    other = make_user("otra", roles.MEMBERS)
    client = Client()
    client.force_login(other)
    assert "El río Sumpul" not in client.get(my_stories_url()).content.decode()
    assert "El río Sumpul" in member_client.get(my_stories_url()).content.decode()


def test_groups_come_from_roles(archive):
    assert Group.objects.filter(name=roles.CONSENT_OFFICERS).exists()
