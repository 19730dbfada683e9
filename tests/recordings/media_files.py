"""Recordings made by the tests themselves: a phone-like tone with location and device tags,
synthesised speech (espeak-ng), a small video with the same tags, and a file that is not
media at all. Made once per test session."""

import functools
import json
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

TAGS = [
    "-metadata", "location=+13.6-088.9/",
    "-metadata", "location-eng=+13.6-088.9/",
    "-metadata", "make=CanaryPhone",
    "-metadata", "model=Canary X1",
    "-metadata", "creation_time=2019-03-04T05:06:07Z",
    "-metadata", "comment=recorded at the canary house",
]  # fmt: skip
# What none of the files made for listeners may say.
CANARIES = ["13.6", "088.9", "CanaryPhone", "Canary X1", "2019-03-04", "canary house"]


@functools.cache
def _folder():
    return Path(tempfile.mkdtemp(prefix="memoria-test-recordings-src-"))


def _ffmpeg(*arguments):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments], check=True)


@functools.cache
def phone_tone():
    """Three seconds of a tone as a phone writes it: AAC in .m4a with GPS and device tags."""
    path = _folder() / "phone.m4a"
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=3", *TAGS, "-c:a", "aac", str(path))
    return path


@functools.cache
def spanish_speech():
    path = _folder() / "speech.wav"
    words = "Llegamos a Arcatao en mil novecientos ochenta y nueve. El río es nuestra vida."
    subprocess.run(["espeak-ng", "-v", "es", "-w", str(path), words], check=True)
    return path


@functools.cache
def phone_video():
    """Two seconds of test pattern with a tone, in a .mov with GPS and device tags."""
    path = _folder() / "phone.mov"
    _ffmpeg(
        *("-f", "lavfi", "-i", "testsrc=size=320x240:rate=15:duration=2"),
        *("-f", "lavfi", "-i", "sine=frequency=300:duration=2"),
        *("-shortest", *TAGS, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"),
        str(path),
    )
    return path


def not_media():
    return b"This is a letter, not a recording.\n" * 20


def tags_of(path):
    """Every container and stream tag ffprobe finds in a file, as one text."""
    found = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
        + [str(path)],
        capture_output=True,
        check=True,
    )
    data = json.loads(found.stdout)
    tags = [data["format"].get("tags", {})] + [s.get("tags", {}) for s in data["streams"]]
    return json.dumps(tags)


SPANISH_VTT = """WEBVTT

NOTE editor: the narrator's real name is Secreta Realname

1
00:00:00.000 --> 00:00:01.500
Llegamos a Arcatao.

2
00:00:01.500 --> 00:00:03.000
<v Narradora>El río es nuestra vida.</v>
"""

ENGLISH_SRT = """1
00:00:00,000 --> 00:00:01,500
We arrived in Arcatao.

2
00:00:01,500 --> 00:00:03,000
The river is our life.
"""


def make_recording(story, path=None, django_capture_on_commit_callbacks=None, **fields):
    """A recording of `story` from a media file, processed (the task runs at commit)."""
    from recordings.models import Recording

    path = Path(path or phone_tone())
    content = ContentFile(path.read_bytes(), name=path.name)
    with django_capture_on_commit_callbacks(execute=True):
        recording = Recording.objects.create(story=story, original=content, **fields)
    recording.refresh_from_db()
    return recording


@functools.cache
def _ready_files():
    """A processed web copy and waveform, made once, for tests that only need them stored."""
    folder = _folder()
    web, image = folder / "ready.m4a", folder / "ready.png"
    _ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-map_metadata", "-1", str(web))
    _ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=32x8", "-frames:v", "1", str(image))
    return web.read_bytes(), image.read_bytes()


def attach_ready_recording(story, **transcripts):
    """A recording already processed (no ffmpeg run): stored web copy and picture, READY."""
    from recordings.models import Kind, Recording, Status

    web, image = _ready_files()
    recording = Recording(story=story, **transcripts)
    recording.original.save("original.m4a", ContentFile(web), save=False)
    recording.web_file.save("web.m4a", ContentFile(web), save=False)
    recording.image.save("image.png", ContentFile(image), save=False)
    recording.status, recording.kind, recording.duration = Status.READY, Kind.AUDIO, 1.0
    recording.processed_at = timezone.now()
    recording._stored_original = recording.original.name  # no processing task
    recording.save()
    return recording
