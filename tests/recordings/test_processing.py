"""Processing recordings: web copies without any location or device metadata, kept
privately, and files that are not recordings or are too big refused in both languages."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from recordings.models import Failure, Recording, Status
from tests.recordings.media_files import (
    CANARIES,
    make_recording,
    not_media,
    phone_tone,
    phone_video,
    spanish_speech,
    tags_of,
)

pytestmark = pytest.mark.django_db


def _path(field):
    return Path(field.storage.path(field.name))


def test_the_phone_recording_itself_carries_location_and_device(story):
    """The control: the test's own phone file does hold what must be removed."""
    assert "13.6" in tags_of(phone_tone()) and "CanaryPhone" in tags_of(phone_video())


@pytest.mark.parametrize(
    ("source", "kind", "web_suffix", "image_suffix"),
    [
        (phone_tone, "audio", ".m4a", ".png"),
        (spanish_speech, "audio", ".m4a", ".png"),
        (phone_video, "video", ".mp4", ".jpg"),
    ],
)
def test_web_copies_carry_no_location_device_or_date(
    story, django_capture_on_commit_callbacks, source, kind, web_suffix, image_suffix
):
    recording = make_recording(story, source(), django_capture_on_commit_callbacks)
    assert recording.status == Status.READY, recording.failure_detail
    assert recording.kind == kind and recording.duration > 1
    web, image = _path(recording.web_file), _path(recording.image)
    assert web.suffix == web_suffix and image.suffix == image_suffix
    for made in (web, image):
        tags = tags_of(made)
        for canary in CANARIES:
            assert canary not in tags, f"{made.name} keeps {canary!r}: {tags}"
        assert "creation_time" not in tags and "location" not in tags
        assert b"CanaryPhone" not in made.read_bytes()


def test_the_waveform_spans_the_whole_recording(story, django_capture_on_commit_callbacks):
    # Three seconds of tone, sound to the last moment: the picture beside the player is
    # drawn to its right edge (a padded last frame would squeeze it to the left).
    from PIL import Image

    recording = make_recording(story, phone_tone(), django_capture_on_commit_callbacks)
    with Image.open(_path(recording.image)) as picture:
        picture = picture.convert("RGBA")
        width, height = picture.size
        drawn = [x for x in range(width) if any(picture.getpixel((x, y))[3] for y in range(height))]
    assert width == 960 and drawn[0] < 10 and drawn[-1] > width - 10, (drawn[0], drawn[-1])


def test_originals_and_copies_live_outside_every_served_folder(
    story, django_capture_on_commit_callbacks
):
    recording = make_recording(story, phone_tone(), django_capture_on_commit_callbacks)
    root = Path(settings.RECORDINGS_ROOT).resolve()
    for field in (recording.original, recording.web_file, recording.image):
        stored = _path(field).resolve()
        assert stored.is_relative_to(root) and stored.exists()
        assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        with pytest.raises(ValueError):
            field.url  # noqa: B018 - no public address may ever be printed
    # The original is kept as recorded, for preservation.
    assert _path(recording.original).read_bytes() == phone_tone().read_bytes()


def test_a_file_that_is_not_media_fails_with_its_reason(story, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        recording = Recording.objects.create(
            story=story, original=ContentFile(not_media(), name="letter.m4a")
        )
    recording.refresh_from_db()
    assert recording.status == Status.FAILED and recording.failure == Failure.NOT_MEDIA
    assert not recording.web_file and not recording.image


def test_a_recording_longer_than_allowed_fails(story, settings, django_capture_on_commit_callbacks):
    settings.RECORDINGS_MAX_SECONDS = 2
    recording = make_recording(story, phone_tone(), django_capture_on_commit_callbacks)
    assert recording.status == Status.FAILED and recording.failure == Failure.TOO_LONG


# --- The admin -------------------------------------------------------------------------------
@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "x"))
    return client


def _add(client, story, upload, language):
    with translation.override(language):
        url = reverse("wagtailsnippets_recordings_recording:add")
    data = {"story": story.pk, "sort_order": 0, "original": upload, "transcript_en": ""}
    # The segment index is an inline panel: its formset is posted, empty.
    data.update(nested_form_data({"segments": inline_formset([])}))
    return client.post(url, {**data, "transcript_es": ""}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def admin_in(editor_client):
    """The admin in one language: Wagtail follows the editor's own preference."""
    from wagtail.users.models import UserProfile

    def switch(language):
        profile = UserProfile.get_for_user(User.objects.get(username="editor"))
        profile.preferred_language = language
        profile.save()
        return editor_client

    return switch


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is not a recording the archive can read."),
        ("es", "Este archivo no es una grabación que el archivo pueda leer."),
    ],
)
def test_the_admin_refuses_a_file_that_is_not_media(story, admin_in, language, expected):
    upload = ContentFile(not_media(), name="interview.mp3")
    response = _add(admin_in(language), story, upload, language)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Recording.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is too big: a recording may be at most 1 MB."),
        ("es", "Este archivo es demasiado grande: una grabación puede tener como máximo 1 MB."),
    ],
)
def test_the_admin_refuses_a_file_over_the_size_limit(
    story, admin_in, settings, language, expected
):
    settings.RECORDINGS_MAX_BYTES = 1024 * 1024
    upload = ContentFile(b"\0" * (settings.RECORDINGS_MAX_BYTES + 1), name="long.wav")
    response = _add(admin_in(language), story, upload, language)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Recording.objects.exists()


def test_the_admin_accepts_a_recording_and_shows_its_status(
    story, admin_in, django_capture_on_commit_callbacks
):
    client = admin_in("en")
    with django_capture_on_commit_callbacks(execute=True):
        upload = ContentFile(phone_tone().read_bytes(), name="phone.m4a")
        response = _add(client, story, upload, "en")
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.status == Status.READY
    edit = client.get(reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk]))
    assert "Ready" in edit.content.decode()


def test_editors_see_why_processing_failed(story, admin_in, settings):
    recording = Recording.objects.create(story=story, original=ContentFile(b"x", name="a.m4a"))
    Recording.objects.filter(pk=recording.pk).update(status=Status.FAILED, failure="too_long")
    url = reverse("wagtailsnippets_recordings_recording:edit", args=[recording.pk])
    assert "The recording is longer than the archive accepts." in admin_in("en").get(url).text
    assert "La grabación dura más de lo que el archivo acepta." in admin_in("es").get(url).text
