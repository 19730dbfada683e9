"""Kinds of search records that apps above search bring (issue 18: recording segments).

search knows stories, photos and dated events itself. Another feature in the same layer may
not be imported from here (nor import search), so the project (memoria, the top layer)
registers what such a kind needs in `MemoriaConfig.ready()`:

- `documents(ids)`: the DocumentData of the records among `ids` that may be indexed, each
  with its visibility window (search.documents), nothing for a hidden one;
- `record_ids()`: every record of the kind, ordered by id (rebuild and check);
- `following_stories(story_ids)`: ids of its records whose visibility follows these stories,
  so a story's publication, embargo or withdrawal reaches them at once;
- `label`: the kind's name for readers (a lazy translation).

Keeping them current on their own edits is the registering code's job: it calls
search.indexing.reindex(kind, ids) from its own signals.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentSource:
    kind: str
    label: object  # a lazy translation
    documents: Callable
    record_ids: Callable
    following_stories: Callable


BUILT_IN = ("story", "photo", "event")
_registered: dict[str, DocumentSource] = {}


def register(source):
    if source.kind in BUILT_IN:
        raise ValueError(f"{source.kind!r} is a kind search knows itself")
    if len(source.kind) > 8:  # SearchDocument.kind and FacetProfile.kind are 8 long
        raise ValueError(f"{source.kind!r}: a kind is at most 8 characters")
    _registered[source.kind] = source


def registered():
    return dict(_registered)


def source_of(kind):
    return _registered.get(kind)


def all_kinds():
    """Every kind a search may find: the built-in ones, then the registered ones."""
    return (*BUILT_IN, *_registered)
