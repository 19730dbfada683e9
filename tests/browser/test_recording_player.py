"""A recorded testimony in a real browser: choosing a transcript line or a part of the
segment index (by mouse or keyboard) moves the player to that moment and highlights it; an
address ending in #t=M:SS, or with ?t=SECONDS, opens the recording at that moment."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ENGLISH_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.500
We arrived in Arcatao.

00:00:01.500 --> 00:00:02.900
The river is our life.
"""


def _story_with_a_recording(segments=()):
    """A story whose recording (a 3-second tone) has the English transcript above and
    these (start, title) segments."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    from recordings.models import Recording, Segment, Status
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
    for start, title in segments:
        Segment.objects.create(recording=recording, start=start, title_en=title)
    with translation.override("en"):
        return story.get_url()


def _current_time(page):
    return page.locator("audio").evaluate("player => player.currentTime")


def test_a_transcript_line_seeks_the_player_and_a_time_link_opens_there(page):
    path = _story_with_a_recording()
    page.goto(path)
    player = page.locator("audio")
    # Nothing of the recording is fetched before the reader asks for it (a phone on a slow,
    # metered link): the transcript and the index say how long it is.
    expect(player).to_have_attribute("preload", "none")
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


def test_the_segment_index_seeks_and_an_address_with_a_time_opens_there(page):
    path = _story_with_a_recording(segments=[(0, "Arriving"), (2, "The river")])
    # A shared link with ?t=: the page opens with the player at that moment.
    page.goto(path + "?t=2")
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 2")
    assert 2 <= _current_time(page) < 3

    # A part of the index, clicked: the player goes to its start and marks it as playing.
    arriving = page.get_by_role("link", name="0:00 Arriving")
    arriving.click()
    page.wait_for_function("() => document.querySelector('audio').currentTime < 2")
    expect(arriving).to_have_attribute("aria-current", "true")
    assert page.evaluate("location.hash") == "#t=0:00"
    page.locator("audio").evaluate("player => player.pause()")

    # By keyboard: Tab reaches the next part, Enter plays it.
    arriving.focus()
    page.keyboard.press("Tab")
    river = page.get_by_role("link", name="0:02 The river")
    expect(river).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 2")
    assert 2 <= _current_time(page) < 3
    assert page.evaluate("location.hash") == "#t=0:02"
    page.locator("audio").evaluate("player => player.pause()")
