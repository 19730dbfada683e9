"""Importing an OHMS XML file (a sample written for these tests: fixtures/ohms_sample.xml)
into a recording's segments and transcripts, from the command line and the admin; a bad file
is refused with what is wrong, and nothing already saved is lost."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from recordings import ohms
from recordings.models import Segment
from tests.factories import make_place, make_theme
from tests.recordings.media_files import attach_ready_recording

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "fixtures" / "ohms_sample.xml"


@pytest.fixture
def recording(story):
    return attach_ready_recording(story)


def test_the_sample_index_and_transcripts_are_read():
    found = ohms.read(SAMPLE.read_bytes())
    assert [point.start for point in found.points] == [0, 60, 120]
    assert found.points[0].text == {
        "title": "Infancia en Arcatao",
        "synopsis": "La narradora recuerda el pueblo y el río.",
        "keywords": "infancia; río",
    }
    assert found.points[1].alt["title"] == "Fleeing"
    assert found.points[2].text["title"] == "El regreso"  # tags in a title are dropped
    # Lines 1-3 until 1:00, lines 4-6 until 2:00, line 7 after: one cue each, no footnotes.
    assert found.transcript == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:01:00.000\n"
        "ENTREVISTADORA: ¿Dónde nació usted?\nNARRADORA: Nací en Arcatao, en Chalatenango.\n\n"
        "00:01:00.000 --> 00:02:00.000\n"
        "NARRADORA: En 1980 tuvimos que salir.\nCruzamos el río Sumpul de noche.\n\n"
        "00:02:00.000 --> 00:03:00.000\n"
        "NARRADORA: Volvimos en 1989 con la repoblación.\n"
    )
    assert "00:01:00.000 --> 00:02:00.000\nNARRATOR: In 1980 we had to leave." in (
        found.alt_transcript
    )


def test_the_command_imports_segments_and_transcripts_in_both_languages(recording):
    theme = make_theme(slug="memory", name_en="Sample Memory", name_es="Memoria de muestra")
    place = make_place()
    call_command("import_ohms", recording.pk, str(SAMPLE), language="es", alt_language="en")
    childhood, fleeing, back = Segment.objects.filter(recording=recording)
    assert (childhood.start, fleeing.start, back.start) == (0, 60, 120)
    assert childhood.title_es == "Infancia en Arcatao"
    assert childhood.title_en == "Childhood in Arcatao"
    assert fleeing.synopsis_en == "In 1980 the family crosses the Sumpul at night."
    assert fleeing.keyword_list("es") == ["Sumpul", "desplazamiento"]
    assert list(childhood.themes.all()) == [theme] and list(childhood.places.all()) == [place]
    recording.refresh_from_db()
    spanish = [cue.text for cue in recording.cues_in("es")]
    assert spanish[2] == "NARRADORA: Volvimos en 1989 con la repoblación."
    assert recording.cues_in("en")[1].start == 60
    # What a search record of the segment will say, in each language.
    assert "Cruzamos el río Sumpul de noche." in fleeing.search_text("es")
    assert "We crossed the Sumpul river at night." in fleeing.search_text("en")


def test_importing_again_fills_the_same_segments(recording):
    Segment.objects.create(recording=recording, start=60, title_en="Kept title", synopsis_en="Mine")
    Segment.objects.create(recording=recording, start=300, title_en="Written by hand")
    call_command("import_ohms", recording.pk, str(SAMPLE), language="es")
    starts = list(Segment.objects.filter(recording=recording).values_list("start", flat=True))
    assert starts == [0, 60, 120, 300]
    fleeing = Segment.objects.get(recording=recording, start=60)
    assert (fleeing.title_en, fleeing.synopsis_en, fleeing.title_es) == (
        "Kept title",
        "Mine",
        "La huida",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<ROOT><record><index><point>", "not well-formed XML (line 1)"),
        (b"<html><body>Hello</body></html>", "not an OHMS file"),
        (
            b'<!DOCTYPE r [<!ENTITY a "aaaa">]><ROOT><record/></ROOT>',
            "declares a DTD or entities",
        ),
        (
            b"<ROOT><record><index><point><time>soon</time><title>A</title></point>"
            b"</index></record></ROOT>",
            "Index point 1 has no time in seconds",
        ),
        (
            b"<ROOT><record><index><point><time>5</time><title>A</title></point>"
            b"<point><time>5</time><title>B</title></point></index></record></ROOT>",
            "Two index points start at 0:05.",
        ),
        (
            b"<ROOT><record><transcript>Words without time</transcript></record></ROOT>",
            "The transcript has no sync points",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_lost(recording, tmp_path, content, expected):
    recording.transcript_es = "WEBVTT\n\n00:00.000 --> 00:00.900\nPalabras guardadas\n"
    recording.save()
    Segment.objects.create(recording=recording, start=0, title_es="Guardado")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was changed") as refused:
        call_command("import_ohms", recording.pk, str(bad), language="es")
    assert expected in str(refused.value)
    recording.refresh_from_db()
    assert "Palabras guardadas" in recording.transcript_es
    assert list(Segment.objects.values_list("title_es", flat=True)) == ["Guardado"]


# --- The admin -------------------------------------------------------------------------------
def _upload(client, recording, content, language="es", alt_language="en", editor_language="en"):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(User.objects.get(username="editor"))
    profile.preferred_language = editor_language
    profile.save()
    data = nested_form_data(
        {
            "story": recording.story_id,
            "sort_order": 0,
            "transcript_en": "",
            "transcript_es": recording.transcript_es,
            "ohms_language": language,
            "ohms_alt_language": alt_language,
            "segments": inline_formset([]),
        }
    )
    data["ohms_file"] = ContentFile(content, name="interview.xml")
    url = reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk])
    return client.post(url, data)


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    return client


def test_editors_import_an_ohms_file_with_the_recording(recording, editor):
    response = _upload(editor, recording, SAMPLE.read_bytes())
    assert response.status_code == 302
    titles = Segment.objects.filter(recording=recording).values_list("title_en", flat=True)
    assert list(titles) == ["Childhood in Arcatao", "Fleeing", "The return"]
    recording.refresh_from_db()
    assert [cue.start for cue in recording.cues_in("es")] == [0, 60, 120]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file is not well-formed XML (line 1): fix it and upload it again."),
        ("es", "El archivo no es XML bien formado (línea 1): corríjalo y vuelva a subirlo."),
    ],
)
def test_the_admin_refuses_a_bad_ohms_file_in_the_editors_language(
    recording, editor, language, expected
):
    Segment.objects.create(recording=recording, start=0, title_es="Guardado")
    response = _upload(editor, recording, b"<ROOT><record>", editor_language=language)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert list(Segment.objects.values_list("title_es", flat=True)) == ["Guardado"]
