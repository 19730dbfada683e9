"""Recorded testimonies in timelines (issue 18): a recorded story is one event whose parts
(the segment index) link to the story at each moment; a story on other themes comes in
through a part on the timeline's theme, and its player starts there; the embed plays it
(native <audio>, loaded when pressed, with a <track> per language), TimelineJS gets the web
copy at an address it plays; the offline file carries the transcript and, when small
enough, the recording itself. "Words yes, voice no" keeps every file out; a story not
everyone may read is nowhere, not even for members."""

import base64
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pptx import Presentation

from archive.models import ConsentScope, HistoricalDate
from archive.roles import MEMBERS
from recordings.models import Recording, Segment
from stories.consent import record_consent
from stories.models import Visibility
from tests.factories import make_narrator, make_place, make_story, make_theme
from tests.recordings.media_files import (
    CANARIES,
    attach_ready_recording,
    make_recording,
    phone_tone,
    tags_of,
)
from timelines.models import TimelineEvent, TimelinePage

pytestmark = pytest.mark.django_db

EMBED, JSON = "/embed/timeline/voices/", "/timelines/voices/timelinejs.json"
OFFLINE, SLIDES = "/timelines/voices/offline.html", "/timelines/voices/slides.pptx"
ENGLISH = """WEBVTT

00:00.000 --> 00:05.000
We arrived in Arcatao in 1989.

12:30.000 --> 12:35.000
The river is our life.
"""
SPANISH = """WEBVTT

00:00.000 --> 00:05.000
Llegamos a Arcatao en 1989.

12:30.000 --> 12:35.000
El río es nuestra vida.
"""


@pytest.fixture
def water():
    return make_theme("water", "Water", "Agua")


@pytest.fixture
def timeline(site_structure, water):
    home, _index = site_structure
    page = TimelinePage(
        title="Voices", title_en="Voices", title_es="Voces", slug="voices", slug_en="voices",
        slug_es="voces", include_stories=True,
    )  # fmt: skip
    home.add_child(instance=page)
    page.themes.set([water])
    page.save_revision().publish()
    return page


def _recorded_story(index, themes, *, voice=True, part_themes=(), **fields):
    """A story of 1989 with a recording transcribed in both languages and two parts: the
    arrival (0:00) and the river (12:30, on `part_themes`)."""
    narrator = make_narrator(pseudonym="Doña Canaria", voice_consent=voice)
    story = make_story(index, narrators=[narrator], themes=themes, date_year=1989, **fields)
    recording = attach_ready_recording(story, transcript_en=ENGLISH, transcript_es=SPANISH)
    Recording.objects.filter(pk=recording.pk).update(duration=900)
    Segment.objects.create(
        recording=recording, start=0, title_en="Arrival", title_es="Llegada",
        synopsis_en="The first families return.", synopsis_es="Vuelven las primeras familias.",
    )  # fmt: skip
    river = Segment.objects.create(
        recording=recording, start=750, title_en="The river", title_es="El río",
        synopsis_en="Why the river matters.", synopsis_es="Por qué importa el río.",
    )  # fmt: skip
    river.themes.set(part_themes)
    river.save()  # a ParentalManyToManyField is written with its segment
    story.recording, story.narrator = recording, narrator
    return story


def _url(story, language, moment=""):
    with translation.override(language):
        return f"http://testserver{story.get_url()}{moment}"


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _slides_text(client, language):
    response = client.get(f"{SLIDES}?lang={language}")
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.content))
    texts, links = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        texts.append(run.text)
                        if run.hyperlink.address:
                            links.append(run.hyperlink.address)
    return "\n".join(texts), links


# --- One event per recorded story, its parts linking to each moment ---------------------------
@pytest.mark.parametrize(
    ("language", "parts", "note"),
    [
        ("en", ["Arrival", "The river", "Why the river matters."], "Parts of the testimony"),
        ("es", ["Llegada", "El río", "Por qué importa el río."], "Partes del testimonio"),
    ],
)
def test_a_recorded_story_is_one_event_listing_its_parts_as_moments(
    site_structure, client, timeline, water, language, parts, note
):
    _home, index = site_structure
    story = _recorded_story(index, [water])
    moment = _url(story, language, f"?t=750#recording-{story.recording.pk}")

    (event,) = client.get(f"{JSON}?lang={language}").json()["events"]
    assert event["unique_id"] == f"story-{story.pk}" and event["start_date"]["year"] == 1989
    assert all(part in event["text"]["text"] for part in parts) and note in event["text"]["text"]
    assert f'href="{moment}"' in event["text"]["text"]
    # TimelineJS makes its <audio> from an address ending in .m4a; that address plays.
    media = event["media"]["url"]
    assert media == f"http://testserver/recordings/{story.recording.pk}/web.m4a"
    played = client.get(media.removeprefix("http://testserver"))
    assert played.status_code == 200 and played["Content-Type"] == "audio/mp4"

    embed = _text(client, f"{EMBED}?lang={language}")
    assert embed.count('class="card"') == 1
    assert all(part in embed for part in parts) and note in embed
    assert f'href="{moment.replace("&", "&amp;")}"' in embed

    page = _text(client, _url(timeline, language).removeprefix("http://testserver"))
    assert all(part in page for part in parts[:2])
    assert f'href="{moment.removeprefix("http://testserver")}"' in page

    text, links = _slides_text(client, language)
    assert f"12:30 {parts[1]}" in text and moment in links


def test_the_embed_plays_it_with_tracks_from_the_part_that_brought_it_in(
    site_structure, client, timeline, water
):
    """A story on migration joins the water timeline through its part about the river."""
    _home, index = site_structure
    migration = make_theme("migration", "Migration", "Migración")
    story = _recorded_story(index, [migration], part_themes=[water])
    elsewhere = _recorded_story(index, [migration])  # no part on water: not drawn
    base = f"/recordings/{story.recording.pk}"

    english = _text(client, f"{EMBED}?lang=en")
    assert story.title_en in english and elsewhere.title_en not in english
    player = re.search(r"<audio [^>]*>", english).group(0)
    assert 'controls preload="none"' in player and f'src="{base}/web#t=750"' in player
    assert f'aria-labelledby="story-{story.pk}-rec-{story.recording.pk} h-story-{story.pk}"' in (
        player
    )
    assert "Listen to the testimony <span" in english and "(from 12:30)" in english
    assert f'srclang="en" label="English" src="{base}/en.vtt" default>' in english
    assert f'srclang="es" label="español" src="{base}/es.vtt">' in english
    assert client.get(f"{base}/en.vtt").status_code == 200

    spanish = _text(client, f"{EMBED}?lang=es")
    assert "Escuchar el testimonio" in spanish and "(desde 12:30)" in spanish
    assert f'srclang="es" label="español" src="{base}/es.vtt" default>' in spanish
    # The theme filter keeps it by its part's theme too.
    make_theme("mining", "Mining", "Minería")
    assert story.title_en in _text(client, f"{EMBED}?lang=en&theme=water")
    assert story.title_en not in _text(client, f"{EMBED}?lang=en&theme=mining")


# --- Words yes, voice no ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "words", "note"),
    [
        ("en", ["The river", "The river is our life."], "not the recording itself"),
        ("es", ["El río", "El río es nuestra vida."], "no la grabación misma"),
    ],
)
def test_without_voice_consent_only_the_words_appear(
    site_structure, client, timeline, water, language, words, note
):
    _home, index = site_structure
    story = _recorded_story(index, [water])
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    today = timezone.localdate()
    record_consent(story.narrator, officer, scope=ConsentScope.PUBLIC, date=today, voice=False)

    answers = {
        "embed": _text(client, f"{EMBED}?lang={language}"),
        "json": _text(client, f"{JSON}?lang={language}"),
        "offline": _text(client, f"{OFFLINE}?lang={language}"),
        "page": _text(client, _url(timeline, language).removeprefix("http://testserver")),
        "slides": _slides_text(client, language)[0],
    }
    for name, text in answers.items():
        assert words[0] in text, name
        assert note in text, name
        assert "/recordings/" not in text and "<audio" not in text, name
        assert "data:audio" not in text, name
    # The offline file still holds what was said.
    assert words[1] in answers["offline"]
    assert "media" not in client.get(f"{JSON}?lang={language}").json()["events"][0]


# --- Only public stories, for members too -----------------------------------------------------
def test_a_members_only_recording_is_in_no_timeline_channel(
    site_structure, client, timeline, water
):
    _home, index = site_structure
    migration = make_theme("migration", "Migration", "Migración")
    on_theme = _recorded_story(index, [water], visibility=Visibility.MEMBERS)
    through_part = _recorded_story(
        index, [migration], part_themes=[water], visibility=Visibility.MEMBERS
    )
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    public = _recorded_story(index, [water])  # the control
    for visitor in ("anonymous", "member"):
        if visitor == "member":
            client.force_login(member)
        for language in ("en", "es"):
            for url in (EMBED, JSON, OFFLINE, f"{EMBED}?all=1"):
                text = _text(client, f"{url}{'&' if '?' in url else '?'}lang={language}")
                assert f"recording-{public.recording.pk}" in text, (visitor, url)
                for hidden in (on_theme, through_part):
                    assert f"/recordings/{hidden.recording.pk}/" not in text, (visitor, url)
                    assert f"recording-{hidden.recording.pk}" not in text, (visitor, url)
                    assert hidden.get_url() not in text, (visitor, url)


# --- The offline file -------------------------------------------------------------------------
def _inlined(html, kind):
    return [
        base64.b64decode(data) for data in re.findall(rf'src="data:{kind};base64,([^"]+)"', html)
    ]


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        ("en", ["We arrived in Arcatao in 1989.", "The river is our life."]),
        ("es", ["Llegamos a Arcatao en 1989.", "El río es nuestra vida."]),
    ],
)
def test_the_offline_file_holds_the_transcript_and_a_small_recording(
    site_structure, client, timeline, water, language, lines
):
    _home, index = site_structure
    story = _recorded_story(index, [water])
    html = _text(client, f"{OFFLINE}?lang={language}")
    assert all(line in html for line in lines)
    (audio,) = _inlined(html, "audio/mp4")
    with story.recording.web_file.open("rb") as web:
        assert audio == web.read()
    tracks = [data.decode() for data in _inlined(html, "text/vtt")]
    assert len(tracks) == 2 and any(lines[1] in track for track in tracks)
    assert 'src="/' not in html and "/recordings/" not in html  # nothing needs the server


def test_a_recording_too_big_for_the_offline_file_is_a_link(
    site_structure, client, timeline, water, settings
):
    _home, index = site_structure
    first, second = _recorded_story(index, [water]), _recorded_story(index, [water])
    size = first.recording.web_file.size
    # Room for one recording: the first event's is inlined, the second's is a link.
    settings.TIMELINE_OFFLINE_RECORDINGS_BYTES = size + size // 2
    html = _text(client, f"{OFFLINE}?lang=en")
    assert len(_inlined(html, "audio/mp4")) == 1
    inlined_first = html.index("data:audio/mp4") < html.index(second.title_en)
    linked = second if inlined_first else first
    assert "Listen to it in the archive (needs internet)" in html
    assert f'href="{_url(linked, "en", f"#recording-{linked.recording.pk}")}"' in html
    # Nothing inlined beyond the size one file may have.
    settings.TIMELINE_OFFLINE_RECORDING_BYTES = size - 1
    html = _text(client, f"{OFFLINE}?lang=es")
    assert not _inlined(html, "audio/mp4") and html.count("Escucharlo en el archivo") == 2


def test_the_offline_file_carries_the_web_copy_never_the_original(
    site_structure, client, timeline, water, tmp_path, django_capture_on_commit_callbacks
):
    """Processed with ffmpeg from a phone's file full of location and device tags."""
    _home, index = site_structure
    narrator = make_narrator(voice_consent=True)
    story = make_story(index, narrators=[narrator], themes=[water], date_year=1989)
    recording = make_recording(
        story, phone_tone(), django_capture_on_commit_callbacks, transcript_en=ENGLISH
    )
    assert recording.is_ready
    (audio,) = _inlined(_text(client, f"{OFFLINE}?lang=en"), "audio/mp4")
    assert audio != phone_tone().read_bytes()
    (tmp_path / "offline.m4a").write_bytes(audio)
    tags = tags_of(tmp_path / "offline.m4a")
    assert not [canary for canary in CANARIES if canary in tags]


def test_a_place_timeline_draws_a_testimony_through_a_part_in_that_place(site_structure, client):
    home, index = site_structure
    arcatao = make_place("arcatao")
    timeline = TimelinePage(title="Arcatao", slug="arcatao-voices", include_stories=True)
    home.add_child(instance=timeline)
    timeline.places.set([arcatao])
    timeline.save_revision().publish()
    story = _recorded_story(index, [])
    river = Segment.objects.get(recording=story.recording, start=750)
    river.places.set([arcatao])
    river.save()
    html = _text(client, "/embed/timeline/arcatao-voices/?lang=en")
    assert story.title_en in html and f"/recordings/{story.recording.pk}/web#t=750" in html


def test_a_curated_event_linking_a_recorded_story_plays_it_from_the_start(site_structure, client):
    home, index = site_structure
    story = _recorded_story(index, [])
    timeline = TimelinePage(title="Curated", slug="curated")  # draws nothing itself
    event = TimelineEvent(headline_en="Back in Arcatao", story=story)
    event.set_historical_date(HistoricalDate.parse("1989"))
    timeline.events.add(event)
    home.add_child(instance=timeline)
    timeline.save_revision().publish()
    html = _text(client, "/embed/timeline/curated/?lang=en")
    assert f'preload="none" src="/recordings/{story.recording.pk}/web"' in html
    assert "Back in Arcatao" in html and "The river" in html


# --- What a timeline costs: the visibility rule a few times, not once inside another ---------
def _rule_copies(queries):
    """How many copies of the visibility rule these queries hold: each, nested or not, asks
    about the narrators' withdrawn consent. Every copy is built, compiled and run again."""
    return sum(query["sql"].count("withdrawn_at") for query in queries)


def _timeline_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{JSON}?lang=en").status_code == 200
    return len(captured), _rule_copies(captured.captured_queries)


def test_a_timeline_asks_the_rule_a_few_times_whatever_it_draws(
    site_structure, client, timeline, water
):
    """Every way in (a curated event, the timeline's theme, a part on it) and a photo:
    the rule is not nested into each question, and more stories add no question."""
    home, index = site_structure
    migration = make_theme("migration", "Migration", "Migración")
    timeline.include_photos = True
    event = TimelineEvent(headline_en="Back in Arcatao", story=_recorded_story(index, []))
    event.set_historical_date(HistoricalDate.parse("1989"))
    timeline.events.add(event)
    timeline.save_revision().publish()

    def draw():
        _recorded_story(index, [water])
        _recorded_story(index, [migration], part_themes=[water])

    draw()
    queries, copies = _timeline_queries(client)
    assert copies <= 8
    draw(), draw()
    assert len(client.get(f"{JSON}?lang=en").json()["events"]) == 7
    assert _timeline_queries(client) == (queries, copies)
