"""Other records that can be timeline events: recorded testimonies (issue 18), as anyone may
have them. timelines/building.py draws them beside stories, photos and key dates.

The recordings live in an app above timelines, which timelines may not import (README,
Layout), so the project registers a provider (memoria/timeline_recordings.py, connected in
MemoriaConfig.ready()), as it does for search (search/sources.py).

A provider is `provider(stories, theme_ids, place_ids) -> [Recorded]`, and it answers with
what the story page would show a visitor who is not logged in, whatever the caller checked:
- `stories` is a StoryPage queryset or a list of story ids; only the stories among them
  anyone may read count (archive.visibility), the others give nothing at all. The provider
  asks the rule itself, once, about the stories of the recordings it finds: a caller that
  already narrowed with the rule (timelines/building.py) best hands over the ids, so the
  rule is not compiled into the provider's question a second time;
- with `theme_ids` (or `place_ids`), only recordings that have a part (a segment of the
  index) on one of those themes (and in one of those places): how a testimony comes into
  a timeline whose theme only one of its parts speaks of;
- the words (the index, the transcript) whenever the story is public; `voice` (the web
  copy's address, its caption tracks, its bytes) only when its narrators also agreed to
  publishing their voice (archive.visibility.with_voice_consent). Never the original.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Part:
    """One entry of the recording's index (a segment): where it starts, what it is about."""

    start: int  # seconds from the start of the recording
    clock: str  # the start as the story page writes it: 12:30, 1:02:03
    end: float | None  # the next part's start, or the recording's end (None: not known)
    title: dict  # {language: text}, only the languages it has
    synopsis: dict
    themes: frozenset  # theme ids
    places: frozenset  # place ids


@dataclass(frozen=True)
class Line:
    """One timed line of the transcript."""

    start: float
    clock: str
    text: str


@dataclass(frozen=True)
class Track:
    language: str
    kind: str  # "captions" in the language spoken, "subtitles" for a translation
    label: str  # the language's own name
    url: str  # a site path
    text: Callable[[], str]  # the WebVTT as served (the offline file carries it inline)


@dataclass(frozen=True)
class Voice:
    """The recording itself, for those who may hear it: its web copy, never the original."""

    url: str  # the web copy's site path
    named_url: str  # the same file at a path ending in its extension (…/web.m4a)
    media_type: str  # audio/mp4 or video/mp4
    is_video: bool
    image_url: str  # poster or waveform, a site path ("" if none)
    tracks: tuple  # Track, one per transcribed language
    size: Callable[[], int]  # bytes of the web copy (OSError if the file is gone)
    open: Callable[[], IO[bytes]]


@dataclass(frozen=True)
class Recorded:
    id: int
    story_id: int
    parts: tuple  # Part, in order of their start
    languages: tuple  # the languages it is transcribed in
    voice: Voice | None  # None: words only, or not processed yet
    words_only: bool  # its narrators keep their voice private ("words yes, voice no")
    lines: Callable[[str], list]  # Line, the transcript in one language, read when asked


_providers: list[Callable] = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def recorded(stories, theme_ids=(), place_ids=()):
    """{story id: [Recorded]} for the recordings of `stories` anyone may have, narrowed to
    those with a part on `theme_ids` and `place_ids` when given."""
    found = {}
    for provider in _providers:
        for recording in provider(stories, frozenset(theme_ids), frozenset(place_ids)):
            found.setdefault(recording.story_id, []).append(recording)
    return found
