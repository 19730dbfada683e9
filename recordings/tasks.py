"""Processing a recording in the background (django-tasks: the database queue and
`manage.py db_worker` in production, inside the request in development and tests).

From the private original: probe it, refuse what is not media or is over the limits, make
the web copy and its picture without metadata, check that none is left, and only then
keep them. Editors see the status and, on failure, the reason in the admin.
"""

import logging
import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django_tasks import task

from recordings import limits, media
from recordings.models import Failure, Kind, Recording, Status

logger = logging.getLogger(__name__)


class Refused(Exception):
    def __init__(self, failure, detail=""):
        super().__init__(failure)
        self.failure, self.detail = failure, detail


@task()
def process_recording(recording_id):
    recording = Recording.objects.filter(pk=recording_id).first()
    if recording is None or not recording.original:
        return
    Recording.objects.filter(pk=recording_id).update(status=Status.PROCESSING)
    with tempfile.TemporaryDirectory(prefix="memoria-recording-") as folder:
        try:
            found, web, image = _make_copies(recording, Path(folder))
        except Refused as refused:
            _fail(recording, refused.failure, refused.detail)
            return
        delete_copies(recording)
        with web.open("rb") as web_bytes, image.open("rb") as image_bytes:
            recording.web_file.save(f"{recording.pk}{web.suffix}", File(web_bytes), save=False)
            recording.image.save(f"{recording.pk}{image.suffix}", File(image_bytes), save=False)
    Recording.objects.filter(pk=recording.pk).update(
        kind=found.kind,
        duration=found.duration,
        web_file=recording.web_file.name,
        image=recording.image.name,
        status=Status.READY,
        failure="",
        failure_detail="",
        processed_at=timezone.now(),
    )


def _make_copies(recording, folder):
    """(probe, web copy path, picture path), or Refused."""
    source = folder / "original"
    try:
        with recording.original.open("rb") as stored, source.open("wb") as copy:
            shutil.copyfileobj(stored, copy)
    except FileNotFoundError:
        raise Refused(Failure.MISSING) from None
    Recording.objects.filter(pk=recording.pk).update(original_size=source.stat().st_size)
    try:
        limits.check_size(source.stat().st_size)
        found = limits.check_probe(media.probe(source))
    except ValidationError as error:
        raise Refused(error.code) from None
    video = found.kind == Kind.VIDEO
    web = folder / ("web.mp4" if video else "web.m4a")
    image = folder / ("poster.jpg" if video else "waveform.png")
    try:
        if video:
            media.make_web_video(source, web)
            media.make_poster(source, image, found.duration)
        else:
            media.make_web_audio(source, web)
            media.make_waveform(source, image)
    except media.MediaError as error:
        raise Refused(Failure.FFMPEG, error.detail) from None
    leftover = media.leftover_tags(web)
    if leftover:
        raise Refused(Failure.METADATA, ", ".join(sorted(leftover)))
    return found, web, image


def _fail(recording, failure, detail):
    logger.warning("Recording %s not processed: %s %s", recording.pk, failure, detail)
    delete_copies(recording)
    Recording.objects.filter(pk=recording.pk).update(
        status=Status.FAILED,
        failure=failure,
        failure_detail=detail,
        web_file="",
        image="",
        processed_at=timezone.now(),
    )


def delete_copies(recording):
    """Remove the web copy and picture from disk (the original stays, privately)."""
    for field in (recording.web_file, recording.image):
        if field.name:
            field.storage.delete(field.name)
