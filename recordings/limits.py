"""What the archive accepts as a recording: media ffprobe can read, within the configured
size (RECORDINGS_MAX_BYTES) and length (RECORDINGS_MAX_SECONDS). The admin form asks before
anything is stored; the processing task asks again for files that came in another way."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recordings import media

MESSAGES = {
    "not_media": _(
        "This file is not a recording the archive can read. Upload audio or video "
        "(m4a, mp3, Ogg/Opus, WAV, WebM, MP4 or MOV)."
    ),
    "too_big": _("This file is too big: a recording may be at most %(megabytes)s MB."),
    "too_long": _("This recording is too long: it may last at most %(minutes)s minutes."),
}


def refusal(code):
    """The ValidationError for a refused file, its message in the active language."""
    params = {
        "megabytes": settings.RECORDINGS_MAX_BYTES // (1024 * 1024),
        "minutes": settings.RECORDINGS_MAX_SECONDS // 60,
    }
    return ValidationError(MESSAGES[code], code=code, params=params)


def check_size(size):
    if size > settings.RECORDINGS_MAX_BYTES:
        raise refusal("too_big")


def check_probe(found):
    """`found`: media.probe's answer for the file."""
    if found is None:
        raise refusal("not_media")
    if found.duration > settings.RECORDINGS_MAX_SECONDS:
        raise refusal("too_long")
    return found


def check_upload(upload):
    """The Probe of an uploaded file, or ValidationError in the active language."""
    check_size(upload.size)
    path = getattr(upload, "temporary_file_path", None)
    if path:
        return check_probe(media.probe(path()))
    with tempfile.TemporaryDirectory(prefix="memoria-upload-") as folder:
        copy = Path(folder) / "upload"
        upload.seek(0)
        with copy.open("wb") as target:
            shutil.copyfileobj(upload, target)
        upload.seek(0)
        return check_probe(media.probe(copy))
