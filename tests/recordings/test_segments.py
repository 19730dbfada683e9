"""The segment index of a recording: start times written as a clock ("12:30", "1:02:03"),
a clear error in the editor's language otherwise, edited in the admin with the recording,
and the text a later search record per segment and language will carry."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from recordings.models import Segment
from recordings.times import ClockField, parse_clock
from tests.factories import make_place, make_theme
from tests.recordings.media_files import attach_ready_recording

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00.000 --> 00:05.000
Before the river.

00:12:30.000 --> 00:12:35.000
We crossed at night.

01:02:03.000 --> 01:02:05.000
We came back.
"""


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("750", 750), ("12:30", 750), ("0:05", 5), ("1:02:03", 3723), (" 12:30 ", 750)],
)
def test_a_start_time_is_read_as_people_write_it(written, seconds):
    assert parse_clock(written) == seconds
    assert ClockField().clean(written) == seconds


WRONG = ["12:60", "1:60:00", "12.30", "twelve", "-5", "1::2", "1:2:3:4"]


@pytest.mark.parametrize("written", WRONG)
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Write the time as minutes and seconds (12:30)"),
        ("es", "Escriba la hora como minutos y segundos (12:30)"),
    ],
)
def test_a_wrong_start_time_is_refused_saying_how_to_write_it(written, language, expected):
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            ClockField().clean(written)
        assert expected in " ".join(refused.value.messages)


def test_a_start_time_is_shown_as_a_clock():
    assert ClockField().prepare_value(3723) == "1:02:03"
    assert ClockField().prepare_value(750) == "12:30"


# --- The admin -------------------------------------------------------------------------------
@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    return client


def _edit(client, recording, segments, language="en", **more):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(User.objects.get(username="editor"))
    profile.preferred_language = language
    profile.save()
    url = reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk])
    data = nested_form_data(
        {
            "story": recording.story_id,
            "sort_order": 0,
            "transcript_en": recording.transcript_en,
            "transcript_es": recording.transcript_es,
            "ohms_language": "en",
            "segments": inline_formset(segments),
        }
    )
    # Choices of a multiple field are a list (nested_form_data would number them).
    return client.post(url, {**data, **more})


def test_editors_write_segments_with_the_recording(story, editor):
    recording = attach_ready_recording(story, transcript_en=VTT)
    recording.duration = 4000
    recording.save()
    theme, place = make_theme(), make_place()
    response = _edit(
        editor,
        recording,
        [
            {
                "start": "12:30",
                "title_en": "Crossing the river",
                "title_es": "Cruzar el río",
                "synopsis_en": "The family leaves at night.",
                "synopsis_es": "La familia sale de noche.",
                "keywords_en": "river; night",
                "keywords_es": "río; noche",
            },
            {"start": "0:00", "title_en": "Childhood", "title_es": "Infancia"},
        ],
        **{"segments-0-themes": [theme.pk], "segments-0-places": [place.pk]},
    )
    assert response.status_code == 302
    first, crossing = recording.segments.all()
    assert (first.start, crossing.start) == (0, 750)
    assert crossing.title_es == "Cruzar el río" and crossing.keyword_list("es") == ["río", "noche"]
    assert list(crossing.themes.all()) == [theme] and list(crossing.places.all()) == [place]
    # The edit form shows the time again as it was written.
    edit = editor.get(reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk]))
    assert 'value="12:30"' in edit.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Write the time as minutes and seconds (12:30)"),
        ("es", "Escriba la hora como minutos y segundos (12:30)"),
    ],
)
def test_a_wrong_time_in_the_admin_is_refused_in_the_editors_language(
    story, editor, language, expected
):
    recording = attach_ready_recording(story)
    response = _edit(editor, recording, [{"start": "12h30", "title_en": "X"}], language)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Segment.objects.exists()


def test_a_segment_needs_a_title_and_a_start_inside_the_recording(story, editor):
    recording = attach_ready_recording(story)  # one second long
    response = _edit(editor, recording, [{"start": "0:00", "synopsis_en": "No title"}])
    assert "Give the segment a title in at least one language." in response.content.decode()
    response = _edit(editor, recording, [{"start": "12:30", "title_en": "Too late"}])
    assert "The recording is only 0:01 long." in response.content.decode()
    assert not Segment.objects.exists()


# --- What a search record per segment will carry ----------------------------------------------
def test_a_segment_has_a_stable_key_and_its_text_with_the_lines_spoken_in_it(story):
    recording = attach_ready_recording(story, transcript_en=VTT)
    recording.duration = 4000
    recording.save()
    Segment.objects.create(recording=recording, start=0, title_en="Childhood")
    crossing = Segment.objects.create(
        recording=recording,
        start=750,
        title_en="Crossing",
        synopsis_en="At night.",
        keywords_en="river;night",
    )
    Segment.objects.create(recording=recording, start=3723, title_en="Return")
    assert crossing.search_key == f"segment:{crossing.pk}"
    assert crossing.end() == 3723
    text = crossing.search_text("en")
    assert text == "Crossing\nAt night.\nriver; night\nWe crossed at night."
    assert "Before the river." not in text and "We came back." not in text
