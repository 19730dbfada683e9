"""The story page and the recording's files: a player with caption tracks and a transcript
when the narrators agreed to publishing their voice; only the transcript for "words yes,
voice no"; nothing at all, and 404 for every file, when the story is hidden or consent is
withdrawn."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation

from archive.models import ConsentScope
from recordings.models import Status
from stories.consent import record_consent, withdraw_consent
from tests.factories import make_narrator, make_story
from tests.recordings.media_files import ENGLISH_SRT, SPANISH_VTT, attach_ready_recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording(story):
    return attach_ready_recording(story, transcript_es=SPANISH_VTT, transcript_en=ENGLISH_SRT)


def _files(recording):
    return [
        reverse("recording_web_file", args=[recording.pk]),
        reverse("recording_image", args=[recording.pk]),
        reverse("recording_track", args=[recording.pk, "es"]),
        reverse("recording_track", args=[recording.pk, "en"]),
    ]


def _officer():
    return User.objects.create_superuser("officer", "officer@example.org", "x")


def test_the_story_shows_a_player_its_tracks_and_the_transcript(client, story, recording):
    page = client.get(story.url).text
    assert f'<audio controls preload="none" src="/recordings/{recording.pk}/web"' in page
    # Spanish is the story's original language: captions; English is a translation.
    tracks = f"/recordings/{recording.pk}"
    assert f'kind="captions" srclang="es" label="español" src="{tracks}/es.vtt"' in page
    assert f'kind="subtitles" srclang="en" label="English" src="{tracks}/en.vtt"' in page
    # The transcript is in the page itself (readable without JavaScript), each line a link
    # that opens the recording at its moment.
    assert f'href="?t=1#recording-{recording.pk}" data-start="1.500"' in page
    assert "El río es nuestra vida." in page or "The river is our life." in page
    with translation.override("es"):
        spanish = client.get(story.get_url()).text
    assert '<ol class="transcript" lang="es"' in spanish and "Llegamos a Arcatao." in spanish


def test_the_files_are_served_with_ranges_for_seeking(client, recording):
    web, image, spanish, english = _files(recording)
    whole = client.get(web)
    assert whole.status_code == 200 and whole["Content-Type"] == "audio/mp4"
    assert whole["Cache-Control"] == "public, max-age=300"
    body = b"".join(whole.streaming_content)
    part = client.get(web, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 10-19/{len(body)}"
    assert b"".join(part.streaming_content) == body[10:20]
    assert client.get(image)["Content-Type"] == "image/png"


def test_tracks_are_webvtt_with_the_words_only(client, recording):
    _web, _image, spanish, english = _files(recording)
    track = client.get(spanish)
    assert track["Content-Type"] == "text/vtt; charset=utf-8"
    text = track.content.decode()
    assert text.startswith("WEBVTT")
    assert "00:00:01.500 --> 00:00:03.000\nEl río es nuestra vida." in text
    # An editor's NOTE and the voice tag never leave the admin.
    assert "Secreta Realname" not in text and "Narradora" not in text
    # The English transcript was uploaded as SubRip and is served as WebVTT.
    assert "00:00:00.000 --> 00:00:01.500\nWe arrived in Arcatao." in client.get(english).text


def test_a_link_with_a_time_opens_the_recording_at_that_moment(client, story, recording):
    page = client.get(story.url + "?t=42").text
    assert f'src="/recordings/{recording.pk}/web#t=42"' in page


def test_words_yes_voice_no_shows_the_transcript_and_no_recording(client, index, recording):
    narrator = make_narrator(pseudonym="Words only", voice_consent=False)
    story = make_story(index, narrators=[narrator])
    recording.story = story
    recording.save()
    page = client.get(story.url).text
    assert "Llegamos a Arcatao." in page or "We arrived in Arcatao." in page
    assert "<audio" not in page and "<track" not in page
    assert "/recordings/" not in page.replace("/static/recordings/", "")
    assert "not the recording itself" in page
    for url in _files(recording):
        assert client.get(url).status_code == 404, url


def test_a_recording_waiting_to_be_processed_shows_no_player(client, story, recording):
    recording.status = Status.PROCESSING
    recording.save()
    page = client.get(story.url).text
    assert "<audio" not in page
    assert "/recordings/" not in page.replace("/static/recordings/", "")
    assert all(client.get(url).status_code == 404 for url in _files(recording))


def test_an_unpublished_story_shows_nothing_of_its_recording(client, story, recording):
    url = story.url
    story.unpublish()
    assert client.get(url).status_code == 404
    for file_url in _files(recording):
        assert client.get(file_url).status_code == 404, file_url


def test_members_only_recordings_are_never_kept_in_shared_caches(client, index):
    narrator = make_narrator(consent=ConsentScope.MEMBERS, voice_consent=True)
    story = make_story(index, narrators=[narrator], visibility="members")
    recording = attach_ready_recording(story, transcript_es=SPANISH_VTT)
    web = _files(recording)[0]
    assert client.get(web).status_code == 404
    member = User.objects.create_user("member", "m@example.org", "x")
    from django.contrib.auth.models import Group

    from archive.roles import MEMBERS

    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    answer = client.get(web)
    assert answer.status_code == 200
    assert "private" in answer["Cache-Control"] and "no-store" in answer["Cache-Control"]


def test_withdrawing_consent_deletes_the_copies_and_closes_every_file(
    client, story, narrator, recording
):
    made = [Path(recording.web_file.path), Path(recording.image.path)]
    assert all(path.exists() for path in made)
    withdraw_consent(narrator, _officer(), "The narrator asked us to.")
    assert not any(path.exists() for path in made)
    recording.refresh_from_db()
    assert recording.status == Status.WITHDRAWN and not recording.web_file
    for url in _files(recording):
        assert client.get(url).status_code == 404, url
    # The original stays, privately, for preservation.
    assert Path(recording.original.path).exists()


def test_consent_narrowed_to_words_only_closes_the_files_at_once(
    client, story, narrator, recording
):
    assert client.get(_files(recording)[0]).status_code == 200
    record_consent(
        narrator, _officer(), scope=ConsentScope.PUBLIC, date=timezone.localdate(), voice=False
    )
    assert all(client.get(url).status_code == 404 for url in _files(recording))
    assert "<audio" not in client.get(story.url).text


def test_deleting_a_story_deletes_its_recording_files(story, recording):
    stored = [Path(field.path) for field in (recording.original, recording.web_file)]
    assert all(path.exists() for path in stored)
    story.delete()
    assert not any(path.exists() for path in stored)
