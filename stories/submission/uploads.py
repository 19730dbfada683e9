"""Photos a member attached to a form that was not accepted yet.

A photo that passed the checks is kept, already without its metadata, in the default
storage under PENDING_DIR -- never as an ArchiveImage, because a photo used by no story is
an archive photo anyone may see (archive.visibility.public_images). Nothing under
PENDING_DIR is served: the media view only serves files the database knows as photos.

The form carries a signed token naming the file and the member; a token from another
member, a forged one or an old one is ignored. The file is removed once the story is
created; `remove_stale` deletes what abandoned forms left behind.
"""

import os
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from archive.uploads import picture_without_metadata

PENDING_DIR = "submission-pending"
SALT = "stories.submission.pending-photo"
MAX_AGE = timedelta(days=2)


@dataclass(frozen=True)
class PendingPhoto:
    path: str
    name: str  # the name the member's file had, shown back to them only
    token: str

    def open(self):
        return File(default_storage.open(self.path, "rb"), name=os.path.basename(self.path))


def store(uploaded, user):
    """Keep a checked photo (call archive.uploads.validate_image_file first)."""
    cleaned = picture_without_metadata(uploaded, "photo")
    extension = os.path.splitext(cleaned.name)[1]
    path = default_storage.save(f"{PENDING_DIR}/{user.pk}/{uuid.uuid4().hex}{extension}", cleaned)
    name = os.path.basename(getattr(uploaded, "name", "") or "photo")[:100]
    token = signing.dumps({"path": path, "name": name, "user": user.pk}, salt=SALT)
    return PendingPhoto(path=path, name=name, token=token)


def load(token, user):
    """The PendingPhoto a token names, or None when it is not this member's or is gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    path = data.get("path", "")
    if data.get("user") != user.pk or not path.startswith(f"{PENDING_DIR}/{user.pk}/"):
        return None
    if not default_storage.exists(path):
        return None
    return PendingPhoto(path=path, name=data.get("name", ""), token=token)


def discard(pending):
    default_storage.delete(pending.path)


def remove_stale(user=None, now=None):
    """Delete pending photos older than MAX_AGE (their tokens no longer work anyway): the
    member's, or everyone's."""
    now = now or timezone.now()
    if user is not None:
        folders = [str(user.pk)]
    elif default_storage.exists(PENDING_DIR):
        folders = default_storage.listdir(PENDING_DIR)[0]
    else:
        return 0
    removed = 0
    for folder in folders:
        path = f"{PENDING_DIR}/{folder}"
        if not default_storage.exists(path):
            continue
        for name in default_storage.listdir(path)[1]:
            if now - default_storage.get_modified_time(f"{path}/{name}") > MAX_AGE:
                default_storage.delete(f"{path}/{name}")
                removed += 1
    return removed
