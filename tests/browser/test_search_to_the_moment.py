"""Search to the moment (issue 18), in a real browser: a researcher searches the Spanish
page for a word said only in the Spanish transcript, opens the hit, and the player stands
at the start of the part of the testimony where it is said."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SPANISH_VTT = """WEBVTT

00:00:00.000 --> 00:00:01.900
Llegamos a los cerros.

00:00:02.000 --> 00:00:02.900
Sembramos maicillo junto al río.
"""


def _recorded_story():
    """A story whose recording (a 3-second tone) has two parts, the second from 0:02."""
    from django.core.files.base import ContentFile

    from recordings.models import Recording, Segment, Status
    from stories.site_structure import ensure_site_structure
    from tests.factories import make_narrator, make_story
    from tests.recordings.media_files import phone_tone

    _home, index = ensure_site_structure()
    story = make_story(
        index, narrators=[make_narrator(pseudonym="Rosa del Río", voice_consent=True)]
    )
    # Outside a transaction the processing task runs at once (immediate backend).
    recording = Recording.objects.create(
        story=story,
        original=ContentFile(phone_tone().read_bytes(), name="phone.m4a"),
        transcript_es=SPANISH_VTT,
    )
    recording.refresh_from_db()
    assert recording.status == Status.READY, recording.failure_detail
    Segment.objects.create(recording=recording, start=0, title_es="Llegada")
    Segment.objects.create(recording=recording, start=2, title_es="La siembra")
    return recording


def test_a_spanish_word_found_in_search_opens_the_recording_at_its_part(page):
    recording = _recorded_story()
    page.goto("/es/buscar/")
    page.fill("#search-q", "maicillo")
    page.keyboard.press("Enter")
    hit = page.locator("ol.hits > li.hit h3 a")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("La siembra")
    hit.click()
    page.wait_for_url(f"**?t=2#recording-{recording.pk}")
    page.wait_for_function("() => document.querySelector('audio').currentTime >= 2")
    assert 2 <= page.locator("audio").evaluate("player => player.currentTime") < 2.9
