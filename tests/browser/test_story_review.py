"""Reviewing a member's story in Wagtail's page editor, as editors and consent officers do:
the editor finds "Approve" as the editor's main button, the consent officer's dialog opens on
the consent the member asked for, and the published story is plainly "Live" afterwards."""

import logging
import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from archive import roles

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1986"
TITLE = "El río Sumpul"


def _user(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def _submitted_story():
    """A member's Spanish story with a photo, asking for public consent, in review."""
    from stories.models import StoryPage
    from tests.stories.test_submission import jpeg, story_data

    member = Client()
    member.force_login(_user("ana", roles.MEMBERS))
    response = member.post("/es/enviar/", {**story_data(title=TITLE), "photo_1": jpeg()})
    assert response.status_code == 302
    return StoryPage.objects.get()


def _log_in(page, username, next_path):
    page.context.clear_cookies()
    page.goto(f"/admin/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


@pytest.fixture
def story(page, live_server):
    from stories.site_structure import ensure_site_structure

    ensure_site_structure()
    _user("editora", roles.EDITORS)
    _user("oficial", roles.CONSENT_OFFICERS)
    return _submitted_story()


@pytest.fixture
def slow_publishing():
    """Publishing takes two seconds more after the database commits, as it does when the
    mail server is slow; the officer's editor page stays open meanwhile."""
    from django.db import transaction
    from wagtail.signals import page_published

    def slowly(**kwargs):
        transaction.on_commit(lambda: time.sleep(2))

    page_published.connect(slowly, dispatch_uid="slow_publishing")
    yield
    page_published.disconnect(dispatch_uid="slow_publishing")


def test_editor_approves_officer_records_consent_and_the_story_is_plainly_live(
    page, story, slow_publishing, caplog
):
    edit = f"/admin/pages/{story.pk}/edit/"

    # The editor's main button is "Approve", not hidden under "More actions".
    _log_in(page, "editora", edit)
    approve = page.get_by_role("button", name="Approve", exact=True)
    expect(approve).to_be_visible()
    approve.click()
    page.wait_for_url(lambda url: not url.endswith(edit))

    # The consent officer records the narrator's public consent and publishes.
    _log_in(page, "oficial", edit)
    record = page.get_by_role("button", name="Record consent and Publish", exact=True)
    expect(record).to_be_visible()
    # Officers read the story first; the editor starts watching for edits after 2 seconds.
    page.wait_for_timeout(2500)
    caplog.set_level(logging.WARNING)
    record.click()
    dialog = page.get_by_role("dialog")
    dialog.locator("select[name=consent_scope]").select_option("public")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith(edit))

    story.refresh_from_db()
    assert story.live
    assert not story.has_unpublished_changes
    # Nothing went wrong on the server meanwhile.
    assert [
        record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING
    ] == []

    # The explorer shows it "Live", not "Live + Draft".
    page.goto(f"/admin/pages/{story.get_parent().pk}/")
    row = page.locator("tr", has_text=TITLE)
    expect(row).to_contain_text(re.compile("live", re.I))
    expect(row).not_to_contain_text(re.compile("draft", re.I))


def test_officer_in_spanish_publishes_with_the_consent_the_dialog_proposes(page, story):
    from wagtail.models import WorkflowState
    from wagtail.users.models import UserProfile

    from archive.models import ConsentScope

    # The editor has approved (tests/stories/test_workflow.py goes through that step).
    task_state = WorkflowState.objects.for_instance(story).get().current_task_state
    task_state.task.specific.on_action(task_state, User.objects.get(username="editora"), "approve")
    officer = User.objects.get(username="oficial")
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "es"
    profile.save()

    edit = f"/admin/pages/{story.pk}/edit/"
    _log_in(page, "oficial", edit)
    page.locator("footer button[data-workflow-action-name=approve]").click()
    dialog = page.get_by_role("dialog")
    # The narrator was not asked yet and the member asked for public: the dialog opens on
    # recording that, in words.
    choice = dialog.locator("select[name=consent_scope] option:checked")
    expect(choice).to_have_text("Registrar «Público»: cualquiera puede leer la historia")
    expect(dialog).to_contain_text("Aún no consultado")
    # ...given today, in the form a date field reads in any language.
    expect(dialog.locator("input[name=consent_date]")).to_have_value(
        timezone.localdate().isoformat()
    )
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith(edit))

    story.refresh_from_db()
    assert story.live
    assert story.narrators.get().consent_scope == ConsentScope.PUBLIC
