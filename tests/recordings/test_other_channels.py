"""A recorded testimony everywhere else (issue 18): API v2, OAI-PMH (oai_dc), the story
page's JSON-LD and the BagIt package describe it, with its web copy's address only where
the narrators agreed to publishing their voice, never the original, and nothing at all for
a story not everyone may read."""

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone, translation

from archive import site_url
from archive.models import ConsentScope
from archive.roles import MEMBERS
from interop.bag import export_bag, validate_bag
from recordings.models import Segment
from stories.consent import record_consent
from tests.factories import make_narrator, make_story, make_theme
from tests.interop.test_oai_schema import valid
from tests.recordings.media_files import (
    ENGLISH_SRT,
    SPANISH_VTT,
    attach_ready_recording,
    make_recording,
    phone_video,
)

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def recording(story):
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT, transcript_en=ENGLISH_SRT)
    segment = Segment.objects.create(
        recording=recording,
        start=0,
        title_en="Arriving in Arcatao",
        title_es="La llegada a Arcatao",
        synopsis_es="Cómo llegaron.",
        keywords_en="arrival; river",
    )
    segment.themes.set([make_theme("water")])
    segment.save()  # a ParentalManyToManyField is kept with its segment
    return recording


def _words_only(narrator):
    """The narrator's consent narrowed to "words yes, voice no"; the story stays public."""
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    record_consent(
        narrator, officer, scope=ConsentScope.PUBLIC, date=timezone.localdate(), voice=False
    )


def _file_urls(recording):
    """Any address of the recording's files: the web copy, its picture, its tracks."""
    return f"/recordings/{recording.pk}/"


# --- API v2 --------------------------------------------------------------------------------


def _api(client, story):
    answer = client.get(f"/api/v2/pages/{story.pk}/")
    assert answer.status_code == 200
    return answer.json(), answer.content.decode()


def test_the_api_gives_the_web_copy_its_length_tracks_and_index(client, story, recording):
    data, text = _api(client, story)
    [given] = data["recordings"]
    assert given["media_kind"] == "audio"
    assert given["url"] == site_url.absolute(f"/recordings/{recording.pk}/web")
    assert client.get(given["url"].removeprefix(site_url.base())).status_code == 200
    assert given["format"] == "audio/mp4"
    assert given["duration"] == 1.0 and given["duration_iso8601"] == "PT1S"
    # Spanish is the language spoken; English a translation.
    assert given["tracks"] == [
        {
            "language": "en",
            "kind": "subtitles",
            "url": site_url.absolute(f"/recordings/{recording.pk}/en.vtt"),
        },
        {
            "language": "es",
            "kind": "captions",
            "url": site_url.absolute(f"/recordings/{recording.pk}/es.vtt"),
        },
    ]
    [segment] = given["segments"]
    assert segment["start"] == 0 and segment["end"] == 1.0
    assert segment["title"] == {"en": "Arriving in Arcatao", "es": "La llegada a Arcatao"}
    assert segment["keywords"] == {"en": ["arrival", "river"]}
    assert segment["themes"] == ["water"]
    # The transcripts as players get them: no editor's NOTE, and never the original file.
    spanish = next(item for item in given["transcripts"] if item["language"] == "es")
    assert "El río es nuestra vida." in spanish["webvtt"]
    assert "Secreta Realname" not in text
    assert recording.original.name not in text and "originals/" not in text


def test_a_language_a_segment_is_not_written_in_is_left_out(client, story, recording):
    # Blanks typed in the English synopsis are no English synopsis, as on the timelines.
    Segment.objects.filter(recording=recording).update(synopsis_en="   ")
    data, _text = _api(client, story)
    [segment] = data["recordings"][0]["segments"]
    assert segment["synopsis"] == {"es": "Cómo llegaron."}


def test_the_api_lists_recordings_when_asked_for_them(client, story, recording):
    listed = client.get("/api/v2/pages/?type=stories.StoryPage&fields=recordings").json()
    [item] = [item for item in listed["items"] if item["id"] == story.pk]
    assert item["recordings"][0]["url"].endswith(f"/recordings/{recording.pk}/web")
    # A field to read, not to filter by (a word there was a server error).
    assert client.get("/api/v2/pages/?type=stories.StoryPage&recordings=x").status_code == 400


def test_words_only_the_api_gives_the_transcript_and_no_file(client, story, narrator, recording):
    _words_only(narrator)
    data, text = _api(client, story)
    [given] = data["recordings"]
    assert given["url"] is None and given["tracks"] == [] and given["duration"] is None
    assert _file_urls(recording) not in text
    assert "Llegamos a Arcatao." in text and "La llegada a Arcatao" in text


# --- OAI-PMH -------------------------------------------------------------------------------


def _dublin_core(client, story):
    identifier = f"oai:{site_url.oai_namespace()}:story:{story.pk}"
    answer = client.get(
        "/oai/", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier}
    )
    tree = valid(answer)  # both schemas: OAI-PMH and oai_dc
    values = {}
    for element in tree.iter():
        if element.tag.startswith(DC):
            values.setdefault(element.tag.removeprefix(DC), []).append(element.text)
    return values, answer.content.decode()


def test_oai_says_sound_its_format_and_length(client, story, recording):
    values, _text = _dublin_core(client, story)
    assert {"Text", "Sound"} <= set(values["type"])
    assert "MovingImage" not in values["type"]
    assert values["format"] == ["audio/mp4", "PT1S"]


def test_a_processed_video_is_a_moving_image_in_oai_and_json_ld(
    client, story, django_capture_on_commit_callbacks
):
    recording = make_recording(story, phone_video(), django_capture_on_commit_callbacks)
    assert recording.is_ready and recording.kind == "video"
    values, _text = _dublin_core(client, story)
    assert {"Text", "MovingImage"} <= set(values["type"]) and "Sound" not in values["type"]
    assert "video/mp4" in values["format"] and "PT2S" in values["format"]
    [media] = _json_ld(client.get(story.url).text)["associatedMedia"]
    assert media["@type"] == "VideoObject" and media["encodingFormat"] == "video/mp4"
    assert media["thumbnailUrl"] == site_url.absolute(f"/recordings/{recording.pk}/image")


def test_words_only_oai_describes_no_recording(client, story, narrator, recording):
    _words_only(narrator)
    values, text = _dublin_core(client, story)
    assert values["type"][0] == "Text" and "Sound" not in values["type"]
    assert "format" not in values
    assert _file_urls(recording) not in text


# --- JSON-LD -------------------------------------------------------------------------------


def _json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_json_ld_has_an_audio_object_with_its_transcript(client, story, recording):
    [media] = _json_ld(client.get(story.url).text)["associatedMedia"]
    assert media["@type"] == "AudioObject"
    assert media["contentUrl"] == site_url.absolute(f"/recordings/{recording.pk}/web")
    assert media["encodingFormat"] == "audio/mp4" and media["duration"] == "PT1S"
    assert media["transcript"] == "We arrived in Arcatao.\nThe river is our life."
    with translation.override("es"):
        spanish = client.get(story.get_url()).text
    [media] = _json_ld(spanish)["associatedMedia"]
    assert media["transcript"] == "Llegamos a Arcatao.\nEl río es nuestra vida."


def test_words_only_json_ld_keeps_the_transcript_and_no_file(client, story, narrator, recording):
    _words_only(narrator)
    page = client.get(story.url).text
    [media] = _json_ld(page)["associatedMedia"]
    assert media["transcript"].startswith("We arrived in Arcatao.")
    assert not {"contentUrl", "encodingFormat", "duration", "thumbnailUrl"} & set(media)
    assert _file_urls(recording) not in page


# --- The bag -------------------------------------------------------------------------------


def _manifest(bag):
    lines = (bag / "manifest-sha512.txt").read_text().splitlines()
    return {path: digest for digest, path in (line.split(maxsplit=1) for line in lines)}


def test_the_bag_holds_the_web_copy_tracks_and_index_with_checksums(story, recording, tmp_path):
    bag = export_bag(tmp_path / "bag")
    assert validate_bag(bag) == (True, [])
    folder = f"data/stories/{story.pk}/recording-{recording.pk}"
    manifest = _manifest(bag)
    with recording.web_file.open("rb") as handle:
        web = handle.read()
    assert (bag / folder / "recording.m4a").read_bytes() == web
    for name in ("recording.m4a", "es.vtt", "en.vtt", "index.json"):
        data = (bag / folder / name).read_bytes()
        assert manifest[f"{folder}/{name}"] == hashlib.sha512(data).hexdigest(), name
    spanish = (bag / folder / "es.vtt").read_text()
    assert "El río es nuestra vida." in spanish and "Secreta Realname" not in spanish
    index = json.loads((bag / folder / "index.json").read_text())
    assert index["segments"][0]["title"]["es"] == "La llegada a Arcatao"
    record = json.loads((bag / f"data/stories/{story.pk}/story.json").read_text())
    assert record["recordings"][0]["file"] == f"recording-{recording.pk}/recording.m4a"
    assert record["recordings"][0]["duration_iso8601"] == "PT1S"
    dc = ET.parse(bag / f"data/stories/{story.pk}/dc.xml").getroot()
    assert "Sound" in [element.text for element in dc.iter(f"{DC}type")]
    assert "Recording-Count: 1" in (bag / "bag-info.txt").read_text()
    # The original, kept privately, is not in the bag (its bytes differ from the web copy's
    # in a real processing; here both are the same test file, so look for its name).
    assert not [path for path in bag.rglob("*") if "original" in path.name]


def test_words_only_the_bag_holds_the_transcripts_and_no_recording(
    story, narrator, recording, tmp_path
):
    _words_only(narrator)
    bag = export_bag(tmp_path / "bag")
    folder = bag / f"data/stories/{story.pk}/recording-{recording.pk}"
    assert sorted(path.name for path in folder.iterdir()) == ["en.vtt", "es.vtt", "index.json"]
    record = json.loads((bag / f"data/stories/{story.pk}/story.json").read_text())
    assert record["recordings"][0]["file"] is None
    everything = "".join(
        path.read_bytes().decode("utf-8", "replace") for path in bag.rglob("*") if path.is_file()
    )
    assert _file_urls(recording) not in everything
    assert "Recording-Count: 0" in (bag / "bag-info.txt").read_text()


# --- A members-only story ------------------------------------------------------------------


def test_a_members_only_recording_appears_in_no_channel(client, index, tmp_path):
    narrator = make_narrator(consent=ConsentScope.MEMBERS, voice_consent=True)
    story = make_story(index, narrators=[narrator], visibility="members")
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT)
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    # Even a member, who may hear it on the page, gets no description of it for machines.
    page = client.get(story.url).text
    assert f"/recordings/{recording.pk}/web" in page  # the player
    assert "associatedMedia" not in page
    assert client.get(f"/api/v2/pages/{story.pk}/").status_code == 404
    listed = client.get("/api/v2/pages/?type=stories.StoryPage&fields=recordings").content
    oai = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc").content
    bag = export_bag(tmp_path / "bag")
    in_bag = b"".join(path.read_bytes() for path in bag.rglob("*") if path.is_file())
    for text in (listed, oai, in_bag):
        assert b"Llegamos a Arcatao" not in text and _file_urls(recording).encode() not in text
    assert not list(Path(bag).rglob(f"recording-{recording.pk}"))
