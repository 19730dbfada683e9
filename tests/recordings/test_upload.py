"""Recordings sent in resumable chunks (recordings/upload_views.py, upload_store.py): a
dropped connection loses nothing, an upload answers only its owner, and what is not media
or is over the limits is refused early, in the member's language."""

import io
import os
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from recordings import upload_store
from tests.recordings.media_files import not_media, phone_tone
from tests.recordings.uploading import (
    CHUNK,
    member,
    offset_of,
    send,
    send_from,
    sha256,
    start,
    uploads_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def beto(site_structure):
    other = Client()
    other.force_login(member("beto"))
    return other


def data_of(location):
    upload_id = location.rsplit("/", 1)[-1]
    return (upload_store.root() / upload_id / "data").read_bytes()


def test_a_resumed_upload_after_a_dropped_connection_is_the_same_file(ana):
    recording = phone_tone().read_bytes()
    assert len(recording) > 3 * CHUNK // 2
    created = start(ana, len(recording))
    assert created.status_code == 201 and created["Tus-Resumable"] == "1.0.0"
    location = created["Location"]
    assert offset_of(ana, location) == 0

    # Some chunks arrive, then the connection drops; the phone does not know how far it got.
    first = send(ana, location, 0, recording[:CHUNK])
    assert first.status_code == 204 and first["Upload-Offset"] == str(CHUNK)
    # A chunk sent again from an old offset is refused with where the server stands.
    again = send(ana, location, 0, recording[:CHUNK])
    assert again.status_code == 409 and again["Upload-Offset"] == str(CHUNK)

    resumed_at = offset_of(ana, location)
    assert resumed_at == CHUNK
    send_from(ana, location, recording, resumed_at)

    state = ana.get(location).json()
    assert state == {
        "offset": len(recording),
        "length": len(recording),
        "complete": True,
        "name": "phone.m4a",
    }
    assert sha256(data_of(location)) == sha256(recording)


def test_bytes_of_a_chunk_cut_mid_way_are_kept(ana):
    """A connection that drops inside a chunk: what arrived stays, the offset says so."""
    recording = phone_tone().read_bytes()
    location = start(ana, len(recording))["Location"]
    upload = upload_store._load(location.rsplit("/", 1)[-1])

    class Dropping(io.BytesIO):
        def read(self, size=-1):
            if self.tell() >= 5000:
                raise OSError("connection reset by peer")
            return super().read(min(size, 1000))

    assert upload_store.append(upload, 0, Dropping(recording[:CHUNK])) == 5000
    assert offset_of(ana, location) == 5000
    send_from(ana, location, recording, 5000)
    assert sha256(data_of(location)) == sha256(recording)


def test_another_member_can_neither_see_resume_nor_remove_an_upload(ana, beto):
    recording = phone_tone().read_bytes()
    location = start(ana, len(recording))["Location"]
    send(ana, location, 0, recording[:CHUNK])

    assert beto.head(location).status_code == 404
    assert beto.get(location).status_code == 404
    appended = send(beto, location, CHUNK, recording[CHUNK:])
    assert appended.status_code == 404
    assert beto.delete(location).status_code == 404
    # The same answer as for an upload that never existed.
    never = location.rsplit("/", 1)[0] + "/" + "0" * 32
    assert beto.get(never).json() == beto.get(location).json()
    assert offset_of(ana, location) == CHUNK
    assert data_of(location) == recording[:CHUNK]


def test_only_members_may_upload(site_structure, client):
    logged_out = start(client, 1000, language="es")
    assert logged_out.status_code == 403
    assert "vuelva a iniciar sesión" in logged_out.json()["error"]
    client.force_login(User.objects.create_user("nadie", "n@example.org", "x"))
    refused = start(client, 1000, language="es")
    assert refused.status_code == 403
    assert "Solo los miembros" in refused.json()["error"]


def test_the_upload_needs_the_csrf_token(site_structure):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member("ana"))
    assert start(client, 1000).status_code == 403
    client.get("/submit/")
    token = client.cookies["csrftoken"].value
    assert start(client, 1000, HTTP_X_CSRFTOKEN=token).status_code == 201


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is not a recording the archive can read."),
        ("es", "Este archivo no es una grabación que el archivo pueda leer."),
    ],
)
def test_a_file_that_is_not_media_is_refused_at_its_first_bytes(ana, language, expected):
    letter = not_media() * 100
    location = start(ana, len(letter), "entrevista.m4a", language)["Location"]
    assert location.startswith("/es/") == (language == "es")
    refused = send(ana, location, 0, letter[:CHUNK])
    assert refused.status_code == 415
    assert expected in refused.json()["error"]
    assert ana.head(location).status_code == 404  # deleted at once


def test_a_file_that_only_starts_like_media_is_refused_once_complete(ana):
    fake = b"ID3" + not_media()
    location = start(ana, len(fake), language="es")["Location"]
    refused = send(ana, location, 0, fake)
    assert refused.status_code == 415
    assert "no es una grabación" in refused.json()["error"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This file is too big: a recording may be at most 1 MB."),
        ("es", "Este archivo es demasiado grande: una grabación puede tener como máximo 1 MB."),
    ],
)
def test_an_oversized_file_is_refused_before_anything_is_stored(ana, settings, language, expected):
    settings.RECORDINGS_MAX_BYTES = 1024 * 1024
    refused = start(ana, settings.RECORDINGS_MAX_BYTES + 1, language=language)
    assert refused.status_code == 413
    assert expected in refused.json()["error"]
    assert not upload_store.root().exists() or not list(upload_store.root().iterdir())


def test_more_bytes_than_declared_are_refused(ana, settings):
    recording = phone_tone().read_bytes()
    location = start(ana, CHUNK, language="es")["Location"]
    refused = send(ana, location, 0, recording[: CHUNK + 10])
    assert refused.status_code == 413
    assert "demasiado grande" in refused.json()["error"]
    assert ana.head(location).status_code == 404


def test_a_recording_too_long_is_refused_in_spanish(ana, settings):
    settings.RECORDINGS_MAX_SECONDS = 1  # the tone lasts three seconds
    recording = phone_tone().read_bytes()
    location = start(ana, len(recording), language="es")["Location"]
    send(ana, location, 0, recording[:CHUNK])
    refused = send(ana, location, CHUNK, recording[CHUNK:])
    assert refused.status_code == 422
    assert "demasiado larga" in refused.json()["error"]


def test_a_member_has_at_most_a_few_uploads_waiting(ana):
    for _number in range(upload_store.MAX_OPEN_PER_USER):
        assert start(ana, 1000).status_code == 201
    refused = start(ana, 1000, language="es")
    assert refused.status_code == 429
    assert "Envíe o quite" in refused.json()["error"]


def test_starting_uploads_is_rate_limited(ana, settings):
    settings.RECORDING_UPLOAD_RATE_LIMIT = (2, 3600)
    for _number in range(2):
        location = start(ana, 1000)["Location"]
        ana.delete(location)
    refused = start(ana, 1000, language="es")
    assert refused.status_code == 429
    assert "Espere una hora" in refused.json()["error"]


def test_the_upload_folder_is_private(ana, settings):
    location = start(ana, 1000)["Location"]
    folder = upload_store.root() / location.rsplit("/", 1)[-1]
    assert folder.is_dir()
    assert not str(folder.resolve()).startswith(str(os.path.realpath(settings.MEDIA_ROOT)))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_abandoned_parts_are_removed_by_the_scheduled_jobs(ana):
    recording = phone_tone().read_bytes()
    old = start(ana, len(recording))["Location"]
    send(ana, old, 0, recording[:CHUNK])
    fresh = start(ana, len(recording))["Location"]
    send(ana, fresh, 0, recording[:CHUNK])
    three_days_ago = time.time() - 3 * 24 * 3600
    old_folder = upload_store.root() / old.rsplit("/", 1)[-1]
    for path in [old_folder, *old_folder.iterdir()]:
        os.utime(path, (three_days_ago, three_days_ago))

    out = io.StringIO()
    call_command("scheduled_jobs", stdout=out)
    assert "Removed 1 abandoned recording upload(s)." in out.getvalue()
    assert not old_folder.exists()
    assert ana.head(old).status_code == 404
    assert offset_of(ana, fresh) == CHUNK


def test_the_endpoint_says_what_it_speaks(ana, settings):
    answer = ana.options(uploads_url())
    assert answer["Tus-Version"] == "1.0.0"
    assert answer["Tus-Max-Size"] == str(settings.RECORDINGS_MAX_BYTES)
