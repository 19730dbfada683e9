"""A recorded testimony in a real browser: choosing a transcript line (by mouse or keyboard)
moves the player to that moment and highlights the line; an address ending in #t=M:SS
opens the recording at that moment."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ENGLISH_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
We arrived in Arcatao.

00:00:01.500 --> 00:00:02.900
The river is our life.
"""


def _story_with_a_recording():
    from django.core.files.base import ContentFile
    from django.utils import translation

    from recordings.models import Recording, Status
    from stories.site_structure import ensure_site_structure
    from tests.factories import make_narrator, make_story
    from tests.recordings.media_files import phone_tone

    _home, index = ensure_site_structure()
    story = make_story(
        index,
        narrators=[make_narrator(pseudonym="Rosa del Río", voice_consent=True)],
    )
    # Outside a transaction the processing task runs at once (immediate backend).
    recording = Recording.objects.create(
        story=story,
        original=ContentFile(phone_tone().read_bytes(), name="phone.m4a"),
        transcript_en=ENGLISH_VTT,
    )
    recording.refresh_from_db()
    assert recording.status == Status.READY, recording.failure_detail
    with translation.override("en"):
        return story.get_url()


def _current_time(page):
    return page.locator("audio").evaluate("player => player.currentTime")


def test_a_transcript_line_seeks_the_player_and_a_time_link_opens_there(page):
    path = _story_with_a_recording()
    page.goto(path)
    player = page.locator("audio")
    expect(player).to_have_attribute("preload", "metadata")
    line = page.get_by_role("link", name="The river is our life.")
    line.click()
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 1.5")
    assert 1.5 <= _current_time(page) < 2.9
    expect(line).to_have_class("is-current")
    expect(line).to_have_attribute("aria-current", "true")
    assert page.evaluate("location.hash") == "#t=0:01"
    page.locator("audio").evaluate("player => player.pause()")

    # By keyboard: the first line, chosen with Enter, goes back to the start.
    first = page.get_by_role("link", name="We arrived in Arcatao.")
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('audio').currentTime < 1.5")
    page.locator("audio").evaluate("player => player.pause()")

    # A shared link to a moment opens the page with the player there.
    page.goto("/")
    page.goto(path + "#t=0:02")
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 2")
    assert 2 <= _current_time(page) < 2.9
