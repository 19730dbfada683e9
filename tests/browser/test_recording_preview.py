"""An editor hears a member's recording before the story is published: in the page editor
she opens Wagtail's preview panel and the recording plays there, from the admin's own
addresses, under the notice that it is not public (in Spanish, her admin's language)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from archive import roles
from tests.browser.journey_steps import log_in_to_admin, person, staff, t

pytestmark = pytest.mark.browser

SPANISH_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
Llegamos a Arcatao.

00:00:01.500 --> 00:00:03.000
El río es nuestra vida.
"""


def _members_draft_with_a_recording():
    """A member's Spanish story sent with /es/enviar/ (in review, never published), with a
    recording processed by ffmpeg (a 3-second tone) and its Spanish transcript."""
    from django.core.files.base import ContentFile

    from recordings.models import Recording, Status
    from stories.models import StoryPage
    from stories.site_structure import ensure_site_structure
    from tests.recordings.media_files import phone_tone
    from tests.stories.test_submission import story_data

    ensure_site_structure()
    member = Client()
    member.force_login(person("ana", roles.MEMBERS, public_name="Ana"))
    assert member.post("/es/enviar/", story_data(title="El río Sumpul")).status_code == 302
    story = StoryPage.objects.get()
    # Outside a transaction the processing task runs at once (immediate backend).
    recording = Recording.objects.create(
        story=story,
        original=ContentFile(phone_tone().read_bytes(), name="phone.m4a"),
        transcript_es=SPANISH_VTT,
    )
    recording.refresh_from_db()
    assert recording.status == Status.READY, recording.failure_detail
    assert not story.live
    return story, recording


def test_an_editor_plays_a_members_recording_in_the_page_preview(page, live_server):
    story, recording = _members_draft_with_a_recording()
    staff("editora", roles.EDITORS, "es")
    log_in_to_admin(page, "editora")
    page.goto(f"/admin/pages/{story.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    # Wagtail loads the preview in a second iframe, then drops the first and gives the
    # new one its id.
    shown = 'iframe#w-preview-iframe[src*="/edit/preview/"]'
    expect(page.locator(shown)).to_be_visible()
    preview = page.frame_locator(shown)
    expect(preview.get_by_text(t("es", "Preview: this recording is not public."))).to_be_visible()
    player = preview.locator("audio")
    expect(player).to_have_attribute("src", f"/admin/recordings/{recording.pk}/preview/web")

    # It plays: its time moves on.
    player.evaluate("audio => audio.play()")
    frame = page.frame(url=re.compile(r"/edit/preview/"))
    frame.wait_for_function("() => document.querySelector('audio').currentTime > 0.5")
    # A line of the transcript takes the player to its moment.
    preview.get_by_role("link", name=re.compile("El río es nuestra vida")).click()
    frame.wait_for_function("() => document.querySelector('audio').currentTime >= 1.5")
    player.evaluate("audio => audio.pause()")

    # Logged out, the same address sends the browser to the admin's login page.
    page.context.clear_cookies()
    page.goto(f"/admin/recordings/{recording.pk}/preview/web")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
