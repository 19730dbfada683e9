"""Media a story carries beyond its text and photos: its recorded testimonies (issue 18), as
anyone may have them. API v2, OAI-PMH, JSON-LD and the bag describe them from here.

The recordings live in an app beside interop, which interop may not import (README,
Layout), so the project registers a provider (memoria/recording_media.py, connected in
MemoriaConfig.ready()), as it does for search (search/sources.py).

A provider is `provider(story) -> [PublicRecording]`, and it answers with what the story
page would show a visitor who is not logged in, whatever the caller already checked:
- nothing at all unless anyone may read the story (archive.visibility);
- the words (transcripts and the segment index) when they may;
- `voice` (the web copy's address, type and length, its picture and caption tracks, the
  file itself) only when the narrators also agreed to publishing their voice
  (archive.visibility.with_voice_consent). Without it ("words yes, voice no") no address
  of a recording file is given. The original recording is never offered.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Transcript:
    language: str
    webvtt: str  # times and spoken words only, as a player gets the track
    text: str  # the spoken words, one line per cue


@dataclass(frozen=True)
class Part:
    """One entry of the recording's index (a segment): where it starts, what it is about."""

    start: int  # seconds from the start of the recording
    end: float | None  # the next part's start, or the recording's end (None: not known)
    title: dict  # {language: text}, only languages it has
    synopsis: dict
    keywords: dict  # {language: [word, ...]}
    themes: tuple  # slugs
    places: tuple  # slugs

    def as_data(self):
        """As JSON (the API and the bag's index.json write the same)."""
        return {
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "synopsis": self.synopsis,
            "keywords": self.keywords,
            "themes": list(self.themes),
            "places": list(self.places),
        }


@dataclass(frozen=True)
class Track:
    language: str
    kind: str  # "captions" in the language spoken, "subtitles" for a translation
    url: str  # a site path


@dataclass(frozen=True)
class Voice:
    """The recording itself, for those who may hear it."""

    url: str  # the web copy's site path
    media_type: str  # its MIME type, e.g. audio/mp4
    file_extension: str  # e.g. "m4a"
    duration: float | None  # seconds
    image_url: str  # poster or waveform, a site path ("" if none)
    tracks: tuple  # Track, one per transcribed language
    open: Callable[[], IO[bytes]]  # the web copy's bytes (never the original)


@dataclass(frozen=True)
class PublicRecording:
    id: int
    kind: str  # "audio", "video", or "" while it is not processed yet
    transcripts: tuple  # Transcript, one per transcribed language
    parts: tuple  # Part, in order of their start
    voice: Voice | None  # None: words only, or not processed


_providers: list[Callable] = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def public_recordings(story):
    """The story's recordings as anyone may have them ([] for a story not everyone may
    read)."""
    return [recording for provider in _providers for recording in provider(story)]


def iso_duration(seconds):
    """ISO 8601 duration, as schema.org and Dublin Core's extent write it: 750 → "PT12M30S".
    Whole seconds: an index or a catalogue needs no finer length."""
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")
