"""Transcripts: WebVTT checked with a message naming the line, SRT turned into WebVTT,
both languages parsed into cues."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from recordings import transcripts
from tests.recordings.media_files import ENGLISH_SRT, SPANISH_VTT, attach_ready_recording


def test_srt_becomes_webvtt():
    text = transcripts.normalise(ENGLISH_SRT)
    assert text.startswith("WEBVTT\n")
    assert "00:00:01.500 --> 00:00:03.000" in text
    cues = transcripts.parse_webvtt(text)
    assert [(cue.start, cue.end, cue.text) for cue in cues] == [
        (0.0, 1.5, "We arrived in Arcatao."),
        (1.5, 3.0, "The river is our life."),
    ]


def test_webvtt_notes_and_voice_tags_are_not_words():
    cues = transcripts.parse_webvtt(SPANISH_VTT)
    assert [cue.text for cue in cues] == ["Llegamos a Arcatao.", "El río es nuestra vida."]
    served = transcripts.to_webvtt(cues)
    assert "NOTE" not in served and "Secreta" not in served


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Line 3 of the transcript: a line must end after it starts"),
        ("es", "Línea 3 de la transcripción: una línea debe terminar después de empezar"),
    ],
)
def test_a_wrong_transcript_is_refused_naming_its_line(language, expected):
    wrong = "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n"
    with translation.override(language), pytest.raises(ValidationError) as refused:
        transcripts.read_upload(SimpleUploadedFile("wrong.vtt", wrong.encode()))
    assert refused.value.messages == [expected]


def test_a_file_that_is_not_a_transcript_is_refused():
    with pytest.raises(ValidationError):
        transcripts.normalise("Just some words\nwithout times\n")
    with pytest.raises(ValidationError):
        transcripts.read_upload(SimpleUploadedFile("x.vtt", b"\xff\xfe\x00binary"))


@pytest.mark.django_db
def test_both_languages_are_kept_as_cues(site_structure):
    from tests.factories import make_story

    story = make_story(site_structure[1])
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT, transcript_en=ENGLISH_SRT)
    assert [cue.text for cue in recording.cues_in("es")][0] == "Llegamos a Arcatao."
    assert [cue.clock for cue in recording.cues_in("en")] == ["0:00", "0:01"]
    assert recording.transcript_en.startswith("WEBVTT")
    recording.transcript_en = ""
    recording.save()
    assert recording.cues_in("en") == [] and len(recording.cues_in("es")) == 2
