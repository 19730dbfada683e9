"""Speaking the resumable upload protocol (recordings/upload_views.py) from the Django test
client, as recordings/static/recordings/upload.js does from a phone."""

import base64
import hashlib

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from archive import roles

CHUNK = 16 * 1024


def member(username):
    """A member of the archive (the group that may submit stories and recordings)."""
    user = User.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=roles.MEMBERS))
    return user


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def uploads_url(language="en"):
    with translation.override(language):
        return reverse("recording_uploads")


def start(client, size, name="phone.m4a", language="en", **headers):
    """POST: a new upload of `size` bytes; the answer carries its address (Location)."""
    encoded = base64.b64encode(name.encode()).decode()
    return client.post(
        uploads_url(language),
        HTTP_UPLOAD_LENGTH=str(size),
        HTTP_UPLOAD_METADATA=f"filename {encoded}",
        HTTP_TUS_RESUMABLE="1.0.0",
        **headers,
    )


def send(client, location, offset, chunk, **headers):
    return client.generic(
        "PATCH",
        location,
        chunk,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        HTTP_TUS_RESUMABLE="1.0.0",
        **headers,
    )


def offset_of(client, location):
    answer = client.head(location)
    assert answer.status_code == 200, answer.status_code
    return int(answer["Upload-Offset"])


def send_from(client, location, data, offset):
    """Every chunk from `offset` to the end; the last answer."""
    answer = None
    while offset < len(data):
        answer = send(client, location, offset, data[offset : offset + CHUNK])
        assert answer.status_code == 204, answer.content
        offset = int(answer["Upload-Offset"])
    return answer


def upload_whole(client, data, name="phone.m4a"):
    """A finished upload's id."""
    location = start(client, len(data), name)["Location"]
    send_from(client, location, data, 0)
    return location.rsplit("/", 1)[-1]
