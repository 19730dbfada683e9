"""A recording sent with a story at /submit/ (recordings/upload_submission.py) or added in
the admin (recordings/admin.py), either in resumable chunks or, without JavaScript, with
the form: it becomes a recording of the story, processed without its location and device
tags, and nobody outside the editors hears it before the story is published."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from archive.models import ConsentScope
from recordings import upload_store
from recordings.models import Recording, Status
from stories.models import StorySubmission
from stories.submission import services
from tests.recordings.media_files import CANARIES, not_media, phone_tone, tags_of
from tests.recordings.uploading import member, send, sha256, start, upload_whole

pytestmark = pytest.mark.django_db


def story_form(**fields):
    return {
        "client_token": str(uuid.uuid4()),
        "title": "El río Sumpul",
        "text": "Llegamos a Arcatao en 1989.",
        "language": "es",
        "narrator": "self",
        "narrator_name": "",
        "pseudonym": "",
        "date_text": "",
        "consent": ConsentScope.PUBLIC,
        "website": "",
        **fields,
    }


def submit(client, language="es", **fields):
    with translation.override(language):
        url = reverse("submit_story")
    return client.post(url, story_form(**fields))


def stored(field):
    return Path(field.storage.path(field.name))


def files_kept():
    """Every file of the recordings storage, uploads on their way in left out."""
    root = Path(settings.RECORDINGS_ROOT)
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != upload_store.INCOMING
    }


def kept_upload_id(page):
    return re.search(r'name="recording_upload" value="([0-9a-f]{32})"', page).group(1)


def test_a_recording_sent_in_chunks_comes_with_the_story_stripped_and_private(
    ana, django_capture_on_commit_callbacks
):
    recording = phone_tone().read_bytes()
    assert "13.6" in tags_of(phone_tone())  # the phone's file says where it was made
    upload_id = upload_whole(ana, recording)

    with django_capture_on_commit_callbacks(execute=True):
        answer = submit(ana, recording_upload=upload_id)
    assert answer.status_code == 302, answer.content.decode()[:2000]

    story = StorySubmission.objects.get().page.specific
    kept = Recording.objects.get(story=story)
    assert sha256(stored(kept.original).read_bytes()) == sha256(recording)
    assert kept.status == Status.READY
    web_tags = tags_of(stored(kept.web_file))
    assert not [canary for canary in CANARIES if canary in web_tags]
    assert "location" not in web_tags and "creation_time" not in web_tags
    assert not (upload_store.root() / upload_id).exists()  # moved, not left behind
    # A draft story: its recording has no listener outside the editors.
    assert Client().get(reverse("recording_web_file", args=[kept.pk])).status_code == 404
    assert ana.get(reverse("recording_web_file", args=[kept.pk])).status_code == 404


def test_a_recording_sent_with_the_form_without_javascript(ana, django_capture_on_commit_callbacks):
    recording = phone_tone().read_bytes()
    file = SimpleUploadedFile("phone.m4a", recording, content_type="audio/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        answer = submit(ana, recording=file)
    assert answer.status_code == 302
    kept = Recording.objects.get()
    assert sha256(stored(kept.original).read_bytes()) == sha256(recording)
    assert kept.status == Status.READY
    assert "13.6" in tags_of(stored(kept.original))  # kept as recorded, privately
    assert "13.6" not in tags_of(stored(kept.web_file))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is not a recording the archive can read."),
        ("es", "Este archivo no es una grabación que el archivo pueda leer."),
    ],
)
def test_without_javascript_a_file_that_is_not_media_is_refused(ana, language, expected):
    letter = SimpleUploadedFile("entrevista.mp3", not_media(), content_type="audio/mpeg")
    answer = submit(ana, language, recording=letter)
    assert answer.status_code == 400
    assert expected in answer.content.decode()
    assert not StorySubmission.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is too big: a recording may be at most 1 MB."),
        ("es", "Este archivo es demasiado grande: una grabación puede tener como máximo 1 MB."),
    ],
)
def test_without_javascript_an_oversized_file_is_refused(ana, settings, language, expected):
    settings.RECORDINGS_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("largo.wav", b"RIFF" + b"\0" * settings.RECORDINGS_MAX_BYTES)
    answer = submit(ana, language, recording=big)
    assert answer.status_code == 400
    assert expected in answer.content.decode()


def test_the_form_shows_the_limits_for_phones_without_javascript(ana, settings):
    settings.RECORDINGS_MAX_BYTES = 150 * 1024 * 1024
    with translation.override("es"):
        page = ana.get(reverse("submit_story")).content.decode()
    assert 'type="file" name="recording"' in page
    assert "de 150 MB y 180 minutos como máximo" in page


def test_a_recording_already_sent_is_kept_when_the_form_comes_back(
    ana, django_capture_on_commit_callbacks
):
    recording = phone_tone().read_bytes()
    upload_id = upload_whole(ana, recording)
    answer = submit(ana, title="", recording_upload=upload_id)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert kept_upload_id(page) == upload_id and "phone.m4a" in page
    assert (upload_store.root() / upload_id).exists()

    # Corrected and sent again, with the upload the form still names.
    with django_capture_on_commit_callbacks(execute=True):
        answer = submit(ana, recording_upload=kept_upload_id(page))
    assert answer.status_code == 302
    assert sha256(stored(Recording.objects.get().original).read_bytes()) == sha256(recording)


def test_without_javascript_a_recording_is_kept_when_the_form_comes_back(
    ana, django_capture_on_commit_callbacks
):
    recording = phone_tone().read_bytes()
    file = SimpleUploadedFile("phone.m4a", recording, content_type="audio/mp4")
    answer = submit(ana, title="", recording=file)
    assert answer.status_code == 400
    upload_id = kept_upload_id(answer.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        answer = submit(ana, recording_upload=upload_id)  # the file is not chosen again
    assert answer.status_code == 302
    assert sha256(stored(Recording.objects.get().original).read_bytes()) == sha256(recording)


def test_a_story_that_fails_to_save_leaves_no_recording_file_and_the_upload_whole(
    ana, monkeypatch, django_capture_on_commit_callbacks
):
    """An exception after the recording was attached rolls the story back: the file moved
    into the recordings folder goes back into the member's upload, and the same form sent
    again (as the member would, going back) attaches it."""
    recording = phone_tone().read_bytes()
    upload_id = upload_whole(ana, recording)
    before = files_kept()
    form = {"client_token": str(uuid.uuid4()), "recording_upload": upload_id}

    def fails(member):
        raise RuntimeError("the workflow could not start")

    monkeypatch.setattr(services, "_quiet_admin_notifications", fails)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        submit(ana, **form)
    assert not StorySubmission.objects.exists() and not Recording.objects.exists()
    assert files_kept() == before, "a file no recording names was left in the storage"
    assert sha256((upload_store.root() / upload_id / "data").read_bytes()) == sha256(recording)

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        answer = submit(ana, **form)
    assert answer.status_code == 302
    kept = Recording.objects.get()
    assert sha256(stored(kept.original).read_bytes()) == sha256(recording)
    assert files_kept() - before == {kept.original.name, kept.web_file.name, kept.image.name}
    assert not (upload_store.root() / upload_id).exists()


def test_an_unfinished_upload_is_refused_with_a_message(ana):
    recording = phone_tone().read_bytes()
    location = start(ana, len(recording))["Location"]
    send(ana, location, 0, recording[:1000])
    answer = submit(ana, recording_upload=location.rsplit("/", 1)[-1])
    assert answer.status_code == 400
    assert "no había terminado de subirse" in answer.content.decode()
    assert not StorySubmission.objects.exists()


def test_another_members_upload_cannot_be_attached(ana, site_structure):
    upload_id = upload_whole(ana, phone_tone().read_bytes())
    beto = Client()
    beto.force_login(member("beto"))
    answer = submit(beto, recording_upload=upload_id)
    assert answer.status_code == 400
    assert not Recording.objects.exists()
    assert (upload_store.root() / upload_id / "data").exists()  # still ana's, untouched


# --- The admin -------------------------------------------------------------------------------
def test_the_admin_adds_a_recording_sent_in_chunks(
    story, client, django_capture_on_commit_callbacks
):
    editor = User.objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(editor)
    recording = phone_tone().read_bytes()
    upload_id = upload_whole(client, recording)
    url = reverse("wagtailsnippets_recordings_recording:add")
    assert 'name="original_upload"' in client.get(url).content.decode()

    data = {"story": story.pk, "sort_order": 0, "transcript_en": "", "transcript_es": ""}
    # The segment index is an inline panel: its formset is posted, empty.
    data.update(nested_form_data({"segments": inline_formset([])}))
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {**data, "original_upload": upload_id})
    assert answer.status_code == 302
    kept = Recording.objects.get()
    assert sha256(stored(kept.original).read_bytes()) == sha256(recording)
    assert kept.status == Status.READY
    assert not (upload_store.root() / upload_id).exists()
