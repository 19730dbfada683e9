"""A recorded testimony in a timeline, in a real browser: the embed's player starts at the
part that brought the story in; its keys stay the player's (an arrow on it does not move to
another event) and leaving the event stops it; the offline file, opened from disk, plays
its inlined copy from that part too; TimelineJS 3.9 makes an <audio> from our JSON."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_timelinejs_compat import _open

pytestmark = pytest.mark.browser


@pytest.fixture
def recorded_timeline(page, live_server):
    """ "Our timeline" on water: a curated event (1986), then a story on migration (1989)
    whose 3-second recording has a part on water at 0:02. Returns the two card ids."""
    from django.core.files.base import ContentFile

    from archive.models import HistoricalDate
    from recordings.models import Recording, Segment, Status
    from stories.site_structure import ensure_site_structure
    from tests.factories import make_narrator, make_story, make_theme
    from tests.recordings.media_files import ENGLISH_SRT, phone_tone
    from timelines.models import TimelineEvent, TimelinePage

    home, index = ensure_site_structure()
    water, migration = make_theme("water", "Water", "Agua"), make_theme()
    narrator = make_narrator(pseudonym="Rosa del Río", voice_consent=True)
    story = make_story(index, narrators=[narrator], themes=[migration], date_year=1989)
    # Outside a transaction the processing task runs at once (immediate backend).
    recording = Recording.objects.create(
        story=story,
        original=ContentFile(phone_tone().read_bytes(), name="phone.m4a"),
        transcript_en=ENGLISH_SRT,
    )
    recording.refresh_from_db()
    assert recording.status == Status.READY, recording.failure_detail
    Segment.objects.create(recording=recording, start=0, title_en="Arrival")
    river = Segment.objects.create(recording=recording, start=2, title_en="The river")
    river.themes.set([water])
    river.save()
    timeline = TimelinePage(
        title="Our timeline", slug="our-timeline", slug_en="our-timeline", include_stories=True
    )
    event = TimelineEvent(headline_en="Sistering begins", text_en="Madison and Arcatao.")
    event.set_historical_date(HistoricalDate.parse("1986"))
    timeline.events.add(event)
    home.add_child(instance=timeline)
    timeline.themes.set([water])
    timeline.save_revision().publish()
    return [f"event-{timeline.events.get().pk}", f"story-{story.pk}"]


def _press_play(page, player):
    """A click on the native controls' play button, at their left end (a user's gesture,
    which a browser asks of anything that plays sound)."""
    box = player.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + box["height"] / 2)


def test_the_embed_plays_from_the_part_and_keeps_the_players_keys(page, recorded_timeline):
    event, story = recorded_timeline
    page.goto("/embed/timeline/our-timeline/?lang=en")
    current = page.locator(".card.current")
    expect(current).to_have_attribute("id", event)
    page.locator(f"#{event}").focus()
    page.keyboard.press("ArrowRight")
    expect(current).to_have_attribute("id", story)

    player = page.locator(f"#{story} audio")
    expect(player).to_have_attribute("preload", "none")
    expect(player.locator("track")).to_have_count(1)
    expect(page.get_by_text("Listen to the testimony (from 0:02)")).to_be_visible()
    _press_play(page, player)
    page.wait_for_function(f"() => document.querySelector('#{story} audio').currentTime >= 2")
    # An arrow on the player is the player's (it seeks); the event stays.
    player.focus()
    page.keyboard.press("ArrowLeft")
    expect(current).to_have_attribute("id", story)
    # Leaving the event stops its recording.
    page.locator(f"#{story}").focus()
    page.keyboard.press("ArrowLeft")
    expect(current).to_have_attribute("id", event)
    page.wait_for_function(f"() => document.querySelector('#{story} audio').paused")


def test_the_offline_file_plays_its_own_copy_from_the_part(
    page, live_server, recorded_timeline, tmp_path
):
    _event, story = recorded_timeline
    answer = page.request.get(f"{live_server.url}/timelines/our-timeline/offline.html?lang=en")
    assert answer.ok
    path = tmp_path / "our-timeline.html"
    path.write_bytes(answer.body())
    page.goto(path.as_uri())
    player = page.locator(f"#{story} audio")
    assert player.get_attribute("src").startswith("data:audio/mp4;base64,")
    _press_play(page, player)
    page.wait_for_function(f"() => document.querySelector('#{story} audio').currentTime >= 2")
    expect(page.get_by_text("The river is our life.")).to_be_visible()


def test_timelinejs_makes_an_audio_player_of_the_recording(page, live_server, recorded_timeline):
    _event, story = recorded_timeline
    _open(page, live_server, "en")
    page.evaluate(f"timeline.goToId('{story}')")
    source = page.locator(".tl-slide audio.tl-media-audio source")
    expect(source).to_have_count(1)
    assert source.get_attribute("src").endswith("/web.m4a")
    assert source.get_attribute("type") == "audio/mp4"
