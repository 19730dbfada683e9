"""What the campaign uploads: a phone's photo full of metadata, a processed recording."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from recordings.models import Recording, Segment, Status

GPS_IFD = 0x8825
ARTIST, MAKE = 0x013B, 0x010F


def phone_jpeg(word, secret):
    """A phone's JPEG: its EXIF names the photographer and camera with `secret` and carries
    GPS coordinates. None of it may reach storage (so `secret` is always hidden)."""
    exif = Image.Exif()
    exif[ARTIST] = f"Owner {secret}"
    exif[MAKE] = f"Camera {secret}"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (14.0, 4.0, 30.0)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "JPEG", exif=exif)
    return ContentFile(buffer.getvalue(), name=f"{word}.jpg")


def recording(story, word):
    """A recorded testimony of the story, as if processed (no ffmpeg here), whose caption
    tracks and segment index speak the story's canary word in both languages."""
    recording = Recording(
        story=story,
        status=Status.READY,
        transcript_en=f"WEBVTT\n\n00:00.000 --> 00:01.000\nSpoken {word}\n",
        transcript_es=f"WEBVTT\n\n00:00.000 --> 00:01.000\nDicho {word}\n",
    )
    recording.web_file.save(f"{word}.m4a", ContentFile(b"not really audio"), save=False)
    recording.save()
    Segment.objects.create(
        recording=recording,
        start=0,
        title_en=f"Part {word}",
        title_es=f"Parte {word}",
        synopsis_en=f"Synopsis {word}",
        synopsis_es=f"Sinopsis {word}",
        keywords_en=f"keyword {word}",
        keywords_es=f"palabra {word}",
    )
