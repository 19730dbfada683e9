"""The demo's sample recorded testimonies, as `load_demo` leaves them: voices synthesised
by espeak-ng sentence by sentence, processed like any upload, with a transcript in each
language timed to the voice and an index; playable on the story page where the narrator
agreed to publish their voice, transcript only where not, and found by search at the
moment a word is said. The demo is loaded once per test process (tests/conftest.py)."""

from itertools import pairwise

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from demo import sample_recordings
from recordings import media
from recordings.models import Recording, Status
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

HELEN, CHAYO, BETO = sample_recordings.SAMPLES


def _recording(sample):
    story = StoryPage.objects.get(slug_en=sample["story"]["slug"])
    return Recording.objects.get(story=story)


def _sentences(sample):
    return [sentence for part in sample["segments"] for sentence in part["sentences"]]


@pytest.mark.parametrize("sample", sample_recordings.SAMPLES, ids=lambda s: s["voice"])
def test_each_sample_story_has_its_processed_recording_timed_sentence_by_sentence(demo, sample):
    recording = _recording(sample)
    assert recording.status == Status.READY and recording.kind == "audio"
    spoken, translated = recording.story.original_language, {"en": "es", "es": "en"}
    for position, language in enumerate((spoken, translated[spoken])):
        cues = recording.cues_in(language)
        assert [cue.text for cue in cues] == [s[position] for s in _sentences(sample)]
        # One sentence after the other, from the start: the last ends where the voice does.
        assert cues[0].start == 0
        assert all(a.end == b.start and a.end > a.start for a, b in pairwise(cues))
        assert recording.duration == pytest.approx(cues[-1].end, abs=0.05)
    # Both transcripts time each sentence alike, so subtitles follow the voice.
    assert [(c.start, c.end) for c in recording.cues_in("en")] == [
        (c.start, c.end) for c in recording.cues_in("es")
    ]
    assert 20 < recording.duration < 90
    # The web copy says it all, and nothing about where or how it was made.
    web = recording.web_file.path
    assert media.probe(web).duration == pytest.approx(recording.duration, abs=0.2)
    assert media.leftover_tags(web) == {}
    assert recording.image.storage.exists(recording.image.name)
    assert sample_recordings.LABEL[spoken] == recording.cues_in(spoken)[0].text


@pytest.mark.parametrize("sample", sample_recordings.SAMPLES, ids=lambda s: s["voice"])
def test_each_sample_recording_has_an_index_in_both_languages(demo, sample):
    recording = _recording(sample)
    segments = list(recording.segments.all())
    assert len(segments) == len(sample["segments"]) == 3
    cues = recording.cues_in("en")
    first = 0
    for segment, part in zip(segments, sample["segments"], strict=True):
        assert (segment.title_en, segment.title_es) == part["title"]
        assert segment.synopsis_en and segment.synopsis_es
        assert segment.keyword_list("en") and segment.keyword_list("es")
        assert {theme.slug for theme in segment.themes.all()} == set(part["themes"])
        assert {place.slug for place in segment.places.all()} == set(part["places"])
        # A part starts at its first sentence (in whole seconds, as editors write it).
        assert segment.start <= cues[first].start < segment.start + 1
        first += len(part["sentences"])


def test_the_story_page_plays_the_recording_with_a_track_in_each_language(demo, client):
    recording = _recording(HELEN)
    page = client.get(recording.story.url).text
    source = f"/recordings/{recording.pk}/web"
    assert f'<audio controls preload="none" src="{source}"' in page
    assert f'kind="captions" srclang="en" label="English" src="{source[:-4]}/en.vtt"' in page
    assert f'kind="subtitles" srclang="es" label="español" src="{source[:-4]}/es.vtt"' in page
    assert "Sample recording — synthesised voice." in page
    assert "Through CRIPDES, a network" in page  # the index
    answer = client.get(source)
    assert answer.status_code == 200 and answer["Content-Type"] == "audio/mp4"
    track = client.get(f"{source[:-4]}/es.vtt").content.decode()
    assert "Grabación de muestra — voz sintetizada." in track
    # A Spanish testimony, read in Spanish: its captions are Spanish, the label too.
    chayo = _recording(CHAYO)
    with translation.override("es"):
        spanish = client.get(chayo.story.get_url()).text
    captions = f'kind="captions" srclang="es" label="español" src="/recordings/{chayo.pk}/es.vtt"'
    assert f"{captions} default>" in spanish
    assert "Grabación de muestra — voz sintetizada." in spanish


def test_words_yes_voice_no_shows_the_transcript_and_never_the_voice(demo, client):
    recording = _recording(BETO)
    assert recording.status == Status.READY  # processed, kept, not published
    page = client.get(recording.story.url).text
    assert "<audio" not in page and f"/recordings/{recording.pk}/" not in page
    assert "The narrator agreed to publish the words of this recording" in page
    assert "Without water there is no life" in page and "Defenders in prison" in page
    for name in ("recording_web_file", "recording_image"):
        assert client.get(reverse(name, args=[recording.pk])).status_code == 404


def _search(client, language, word):
    with translation.override(language):
        url = reverse("search_json")
    return client.get(url, {"q": word, "kind": "segment"}).json()["results"]


@pytest.mark.parametrize(
    ("language", "word", "sample", "part"),
    [
        ("en", "seventeen", HELEN, 1),  # said in English
        ("es", "diecisiete", HELEN, 1),  # its Spanish subtitles
        ("es", "nacimientos", CHAYO, 1),
        ("en", "poisoned", BETO, 0),  # words yes, voice no: the words are found
    ],
)
def test_a_word_said_in_a_sample_recording_finds_its_moment(
    demo, client, language, word, sample, part
):
    recording = _recording(sample)
    segment = list(recording.segments.all())[part]
    results = _search(client, language, word)
    assert [hit["url"].split("?")[1] for hit in results] == [
        f"t={segment.start}#recording-{recording.pk}"
    ]
    title = segment.title_en if language == "en" else segment.title_es
    assert results[0]["title"].startswith(f"{title} — ")


def test_with_a_task_queue_load_demo_leaves_the_processing_to_the_worker(demo, settings, capsys):
    """Production queues tasks for `manage.py db_worker`: load_demo queues each recording in
    the transaction that adds it, instead of processing it (here, a sample story whose
    recording was moved away gets a new one)."""
    from recordings.tasks import process_recording

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    elsewhere = StoryPage.objects.get(slug_en="the-day-we-became-sister-cities")
    Recording.objects.filter(pk=_recording(HELEN).pk).update(story=elsewhere)
    call_command("load_demo")
    added = _recording(HELEN)
    assert added.status == Status.WAITING and not added.web_file and added.original
    assert "queued for the task worker (manage.py db_worker)" in capsys.readouterr().out
    queued = process_recording.get_backend().results
    assert [list(result.args) for result in queued if result.task == process_recording] == [
        [added.pk]
    ]


def test_without_espeak_ng_or_ffmpeg_the_demo_loads_and_says_what_to_install(
    db, monkeypatch, capsys
):
    monkeypatch.setenv("PATH", "/nonexistent")
    call_command("load_demo")
    out, err = capsys.readouterr()
    assert "Sample recordings skipped: espeak-ng, ffmpeg, ffprobe not found" in err
    assert "apt-get install espeak-ng ffmpeg" in err
    assert "Demo content loaded" in out
    recorded = [sample["story"]["slug"] for sample in sample_recordings.SAMPLES]
    assert StoryPage.objects.live().filter(slug_en__in=recorded).count() == 3
    assert not Recording.objects.exists()
