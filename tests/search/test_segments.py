"""Recording segments are search records of their own (issue 18, "search to the moment"):
found by the words of their index and of the transcript lines spoken inside them, in
either language and across languages by the shared vocabulary, exactly as visible as their
story, linked to the story at the segment's start, counted under their own kind and
exported with their time. Run against the engine of the database under test."""

import csv
import io
import json

import pytest
import rispy
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation

from recordings.models import Segment
from search import engines, indexing
from tests.factories import make_narrator, make_story
from tests.recordings.media_files import attach_ready_recording
from tests.recordings.test_segments import _edit
from tests.search.conftest import find, keys
from tests.search.test_citations import rendered
from tests.search.test_elasticsearch_wire import INDEX, MAPPED_FIELDS, StubElasticsearch, served

pytestmark = pytest.mark.django_db

ENGLISH = """WEBVTT

00:00.000 --> 00:05.000
We arrived in the hills.

11:50.000 --> 11:58.000
We planted beans beside the river.
"""
# "maicillo" (sorghum) is said only in Spanish, inside the second segment.
SPANISH = """WEBVTT

00:00.000 --> 00:05.000
Llegamos a los cerros.

11:50.000 --> 11:58.000
Sembramos maicillo junto al río.
"""


def segment_key(segment, language):
    return f"segment:{segment.pk}:{language}"


def recorded_story(index, voice=True, **fields):
    narrator = make_narrator(pseudonym="Doña Sembradora", real_name="Hidden Realname")
    narrator.voice_consent = voice
    narrator.save()
    story = make_story(
        index, narrators=[narrator], title_en="The cornfield", title_es="La milpa", **fields
    )
    recording = attach_ready_recording(story, transcript_en=ENGLISH, transcript_es=SPANISH)
    recording.duration = 1500
    recording.save()
    Segment.objects.create(recording=recording, start=0, title_en="Arrival", title_es="Llegada")
    planting = Segment.objects.create(
        recording=recording, start=700, title_en="Planting", title_es="La siembra"
    )
    return story, recording, planting


@pytest.fixture
def recorded(archive):
    story, recording, planting = recorded_story(archive["index"])
    return {"story": story, "recording": recording, "planting": planting, **archive}


def test_a_word_said_only_in_spanish_is_found_from_either_language(recorded, client):
    story, recording, planting = recorded["story"], recorded["recording"], recorded["planting"]
    assert segment_key(planting, "es") in keys(find("q=maicillo&lang=es"))
    # From the English search: one result, the English version, its snippet in Spanish.
    results = find("q=maicillo")
    assert [hit.record for hit in results.hits] == [f"segment:{planting.pk}"]
    moment = f"?t=700#recording-{recording.pk}"
    assert results.hits[0].url == story.url + moment
    page = client.get("/search/?q=maicillo").text
    assert f'href="{story.url}{moment}"' in page
    assert "Planting — The cornfield" in page and "at 11:40" in page
    spanish = client.get("/es/buscar/?q=maicillo").text
    with translation.override("es"):
        assert f'href="{story.get_url()}{moment}"' in spanish
    assert "La siembra — La milpa" in spanish and "<mark>maicillo</mark>" in spanish


def test_only_the_words_inside_the_segment_belong_to_it(recorded):
    planting = recorded["planting"]
    found = keys(find("q=cerros&kind=segment&lang=es"))
    assert found and segment_key(planting, "es") not in found  # said in the first part


def test_the_shared_vocabulary_reaches_a_segment_across_languages(recorded):
    planting = recorded["planting"]
    planting.themes.set([recorded["themes"]["mining"]])
    planting.save()
    # Tagged Mining: found by the Spanish name though no transcript line says it.
    assert f"segment:{planting.pk}" in {h.record for h in find("q=minería&kind=segment").hits}


def test_a_segment_is_as_visible_as_its_story(recorded, client):
    story, planting = recorded["story"], recorded["planting"]
    story.unpublish()
    assert find("q=maicillo").count == 0
    assert "maicillo" not in client.get("/search/export.csv?q=maicillo").content.decode()
    story.get_latest_revision().publish()
    assert segment_key(planting, "en") in keys(find("q=maicillo"))
    story.delete()
    assert find("q=maicillo").count == 0 and find("q=beans").count == 0


def test_words_yes_voice_no_the_words_are_still_found(archive):
    story, recording, planting = recorded_story(archive["index"], voice=False)
    hits = find("q=maicillo").hits
    assert [hit.url for hit in hits] == [f"{story.url}?t=700#recording-{recording.pk}"]
    assert "Hidden Realname" not in hits[0].narrator and hits[0].narrator == "Doña Sembradora"


def test_the_index_follows_edits_to_the_transcript_and_the_segments(recorded):
    recording, planting = recorded["recording"], recorded["planting"]
    recording.transcript_es = SPANISH.replace("maicillo", "frijol")
    recording.save()
    assert find("q=maicillo").count == 0
    assert segment_key(planting, "es") in keys(find("q=frijol&lang=es"))
    # Moving the segment after the line: the line now belongs to the part before it.
    planting.start = 720
    planting.save()
    assert segment_key(planting, "es") not in keys(find("q=frijol&lang=es"))
    planting.delete()
    assert not [hit for hit in find("q=siembra").hits if hit.kind == "segment"]


def test_the_kind_facet_counts_segments_under_their_own_label(recorded, client):
    kinds = {value.value: value.count for value in find("q=maicillo").facets["kind"]}
    assert kinds == {"segment": 1}
    page = client.get("/search/?q=river").text
    assert "Recording segment" in page
    assert "Segmento de grabación" in client.get("/es/buscar/?q=rio").text
    assert find("q=river&kind=segment").count == 1  # "beside the river", in the second part


def test_exports_and_citations_name_the_moment(recorded, client):
    csv_text = client.get("/search/export.csv?q=maicillo").content.decode().lstrip("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(csv_text)))
    assert row["kind"] == "segment" and row["time"] == "11:40"
    assert row["url"].endswith(f"?t=700#recording-{recorded['recording'].pk}")
    [entry] = rispy.loads(client.get("/search/export.ris?q=maicillo").content.decode())
    assert entry["type_of_reference"] == "SOUND" and entry["type_of_work"] == "Interview"
    assert entry["title"] == "Planting — The cornfield (at 11:40)"
    assert "Time in the recording: 11:40" in entry["notes"]
    [item] = json.loads(client.get("/search/export.csl.json?q=maicillo").content)
    assert item["type"] == "interview" and item["note"] == "at 11:40"
    assert "(at 11:40)" in rendered([item])[item["id"]]
    assert item["author"] == [{"literal": "Doña Sembradora"}]
    spanish = json.loads(client.get("/es/buscar/exportar.csl.json?q=maicillo").content)
    assert spanish[0]["note"] == "en 11:40"


def test_rebuild_and_check_cover_segments(recorded):
    planting = recorded["planting"]
    indexing.write_documents("segment", [planting.pk], [])
    problems = list(indexing.stale_and_missing())
    assert ("missing", segment_key(planting, "en")) in problems
    call_command("rebuild_research_index", verbosity=0)
    assert list(indexing.stale_and_missing()) == []
    assert segment_key(planting, "en") in keys(find("q=maicillo"))


def test_elasticsearch_holds_the_segments_in_step(site_structure, settings):
    """Against the wire-format stub: segment documents are written, mapped and removed
    with their story, and the check finds the cluster in step."""
    with served(StubElasticsearch()) as cluster:
        settings.ELASTICSEARCH_URL = cluster.url
        settings.ELASTICSEARCH_INDEX = INDEX
        engines.fallback_state.update(since=None, error="")
        story, recording, planting = recorded_story(site_structure[1])
        held = cluster.documents[segment_key(planting, "es")]
        assert set(held) <= MAPPED_FIELDS and held["kind"] == "segment"
        assert held["url"].endswith(f"?t=700#recording-{recording.pk}")
        assert "maicillo" in held["text"] and "Hidden Realname" not in json.dumps(held)
        out = io.StringIO()
        call_command("check_research_index", stdout=out)
        assert "in step" in out.getvalue()
        story.unpublish()
        assert segment_key(planting, "es") not in cluster.documents
    engines.fallback_state.update(since=None, error="")


def test_segments_written_in_the_admin_are_found_with_their_themes(recorded, client):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    recording, mining = recorded["recording"], recorded["themes"]["mining"]
    recording.segments.all().delete()  # written anew below
    segments = [
        {"start": "0:00", "title_en": "Arrival", "title_es": "Llegada"},
        {"start": "11:40", "title_en": "Planting", "title_es": "La siembra"},
    ]
    answer = _edit(client, recording, segments, **{"segments-1-themes": [mining.pk]})
    assert answer.status_code == 302
    planting = recording.segments.get(start=700)
    # The theme saved with the form reaches the index: found by its Spanish name.
    found = {hit.record for hit in find("q=minería&kind=segment").hits}
    assert found == {f"segment:{planting.pk}"}
