"""Recordings on their way in: resumable uploads kept in pieces until they are whole.

A phone on a slow, dropping connection sends a recording in chunks (recordings.upload_views
speaks a small subset of the tus protocol). Each upload is a folder under
RECORDINGS_ROOT/incoming/ -- private, like every recording: no web server location and no
URL reach it -- holding `data` (the bytes received so far, in order) and `info.json` (whose
upload it is, its declared length and file name). What the server holds is the truth:
the offset is the size of `data`, so a client that lost its connection asks for it and
carries on from there, and nothing already received is sent twice.

Limits are checked as bytes arrive: the declared length against RECORDINGS_MAX_BYTES
before anything is stored, the first bytes against the shapes of media files, and the
whole file with ffprobe (recordings.limits) once complete. A refused upload is deleted at
once. An upload belongs to one account: another one's id answers as if it did not exist.
Uploads untouched for MAX_AGE (abandoned forms) are removed by the scheduled jobs.
"""

import fcntl
import json
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from recordings import limits, media

INCOMING = "incoming"
MAX_AGE = timedelta(days=2)
MAX_OPEN_PER_USER = 3  # uploads started and not yet attached, per account
BLOCK = 64 * 1024
HEAD_SIZE = 16  # enough bytes to recognise every accepted container
_ID = re.compile(r"^[0-9a-f]{32}$")

TOO_MANY = _(
    "You have several recordings waiting to be sent. Send or remove one of them before "
    "adding another."
)


class OffsetMismatch(Exception):
    """The client sent bytes for another place than where the upload stands."""


@dataclass(frozen=True)
class Upload:
    id: str
    folder: Path
    user_id: int
    length: int
    name: str

    @property
    def data(self):
        return self.folder / "data"

    @property
    def offset(self):
        try:
            return self.data.stat().st_size
        except FileNotFoundError:
            return 0

    @property
    def complete(self):
        return self.offset == self.length and (self.folder / "verified").exists()

    def as_file(self):
        """The whole recording as a file Django's storage moves into place (not copies)."""
        return ReceivedFile(self)


class ReceivedFile(File):
    """A completed upload, given to a FileField. `temporary_file_path` makes
    FileSystemStorage move it into the recordings folder instead of copying 200 MB."""

    def __init__(self, upload):
        super().__init__(None, name=upload.name)
        self.upload = upload
        self.size = upload.length

    def temporary_file_path(self):
        return str(self.upload.data)

    def open(self, mode="rb"):
        self.file = self.upload.data.open(mode)
        return self

    @property
    def file(self):
        if self._file is None:
            self._file = self.upload.data.open("rb")
        return self._file

    @file.setter
    def file(self, value):
        self._file = value


def root():
    return Path(settings.RECORDINGS_ROOT) / INCOMING


def _safe_name(name):
    """The member's file name, kept only to show back to them and as the stored name."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")[:100]
    return base or "recording"


def create(user, length, name):
    """A new, empty upload of `length` bytes for `user`, or ValidationError."""
    limits.check_size(length)
    if length <= 0:
        raise limits.refusal("not_media")
    if len(list(uploads_of(user))) >= MAX_OPEN_PER_USER:
        raise ValidationError(TOO_MANY, code="too_many")
    upload_id = uuid.uuid4().hex
    folder = root() / upload_id
    folder.mkdir(parents=True, mode=0o700)
    info = {"user": user.pk, "length": int(length), "name": _safe_name(name)}
    (folder / "info.json").write_text(json.dumps(info))
    (folder / "data").touch()
    return _load(upload_id)


def _load(upload_id):
    if not _ID.match(str(upload_id or "")):
        return None
    folder = root() / upload_id
    try:
        info = json.loads((folder / "info.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    return Upload(upload_id, folder, info["user"], info["length"], info["name"])


def find(upload_id, user):
    """The upload with this id if it belongs to `user`; None otherwise, the same answer
    for another account's upload and for one that never existed."""
    upload = _load(upload_id)
    if upload is None or not user.is_authenticated or upload.user_id != user.pk:
        return None
    return upload


def uploads_of(user):
    if not root().is_dir():
        return
    for folder in root().iterdir():
        upload = _load(folder.name)
        if upload is not None and upload.user_id == user.pk:
            yield upload


@contextmanager
def _locked(upload):
    """One writer at a time per upload (two tabs, or a retry racing the request it
    replaces): the second waits, then sees the new offset."""
    with (upload.folder / "info.json").open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def looks_like_media(head):
    """Whether the first bytes are those of an audio or video container the archive takes:
    MP4/M4A/MOV/3GP, Ogg, WAV, WebM/Matroska, FLAC, AMR or MP3/AAC. A first, cheap check:
    ffprobe reads the whole file once it is complete."""
    return (
        head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
        or head.startswith((b"OggS", b"\x1a\x45\xdf\xa3", b"fLaC", b"#!AMR", b"ID3"))
        or (head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"RF64"))
        or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # MPEG frame sync
    )


def append(upload, offset, stream):
    """Write the bytes `stream` gives at `offset`; returns the new offset. What arrived
    before a dropped connection is kept. Refuses (ValidationError, and the upload is
    deleted) what is too big, does not start like media, or is not media once complete."""
    with _locked(upload):
        if offset != upload.offset:
            raise OffsetMismatch(upload.offset)
        received = offset
        try:
            with upload.data.open("ab") as target:
                while True:
                    block = _read(stream)
                    if not block:
                        break
                    received += len(block)
                    if received > upload.length:
                        raise limits.refusal("too_big")
                    target.write(block)
                    target.flush()
            _check_head(upload, offset)
            if received == upload.length:
                _verify(upload)
        except ValidationError:
            discard(upload)
            raise
    return received


def _read(stream):
    try:
        return stream.read(BLOCK)
    except OSError:  # the connection dropped mid-chunk: keep what arrived before it
        return b""


def _check_head(upload, offset):
    """Once the first bytes are in (or the whole of a tiny file), and only then."""
    if offset < HEAD_SIZE and (upload.offset >= HEAD_SIZE or upload.offset == upload.length):
        with upload.data.open("rb") as data:
            if not looks_like_media(data.read(HEAD_SIZE)):
                raise limits.refusal("not_media")


def _verify(upload):
    limits.check_probe(media.probe(upload.data))
    (upload.folder / "verified").touch()


def keep_file(user, uploaded):
    """A whole file sent with the form (no JavaScript), already checked with
    limits.check_upload, kept as a completed upload so a form sent back with an error
    does not ask for it again."""
    upload = create(user, uploaded.size, uploaded.name)
    path = getattr(uploaded, "temporary_file_path", None)
    if path:
        shutil.move(path(), upload.data)
    else:
        uploaded.seek(0)
        with upload.data.open("wb") as target:
            shutil.copyfileobj(uploaded, target)
    (upload.folder / "verified").touch()
    return upload


def discard(upload):
    shutil.rmtree(upload.folder, ignore_errors=True)


def take_back(upload, stored):
    """Undo as_file(): move the file a FileField `stored` from this upload back into it
    (the transaction that would have named it rolled back). Nothing to do if it was never
    moved; if the upload itself is gone meanwhile, the file is deleted."""
    if upload.data.exists() or not stored.name:
        return
    path = Path(stored.storage.path(stored.name))
    if not path.is_file():
        return
    if upload.folder.is_dir():
        os.replace(path, upload.data)
    else:
        path.unlink(missing_ok=True)


def _last_touched(folder):
    return max(
        (entry.stat().st_mtime for entry in folder.iterdir()), default=folder.stat().st_mtime
    )


def remove_stale(now=None):
    """Delete uploads nobody has touched for MAX_AGE (a form abandoned half-way); returns
    how many. An upload still receiving chunks is never stale: each one touches it."""
    if not root().is_dir():
        return 0
    oldest = (now or time.time()) - MAX_AGE.total_seconds()
    removed = 0
    for folder in root().iterdir():
        if folder.is_dir() and _last_touched(folder) < oldest:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
