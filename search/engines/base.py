"""What every research-search engine does, and the shapes it answers with.

An engine takes a `search.query.SearchQuery` and returns `SearchResults`, is written
through (search.indexing) and compared with the archive (check_research_index). The
database engines (SQLite FTS5, PostgreSQL tsvector) keep the `SearchDocument` table; the
Elasticsearch engine keeps its own index. The same contract tests run against each.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, fields

# Highlight markers engines put around matched words. They are private-use characters no
# archive text contains, so snippets can be HTML-escaped first and marked up afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass
class Hit:
    """One record found: its document in one language (the reader's when it has one).
    Its fields named as in search.documents.STORED_FIELDS are what the engine stored."""

    key: str  # "story:12:en"
    kind: str  # story | photo | event
    record_id: int
    language: str
    title: str
    url: str
    snippet: str  # plain text with MARK_START/MARK_END around matches
    year_from: int | None = None
    year_to: int | None = None
    theme_slugs: list[str] = field(default_factory=list)
    place_slugs: list[str] = field(default_factory=list)
    narrator: str = ""
    score: float = 0.0
    date: object = None  # archive.models.dates.HistoricalDate, rendered in the reader's language
    # The record's other language version the visitor may see, when there is one.
    other_language: str = ""
    other_url: str = ""
    # The language of the snippet when it comes from the other version (the words matched
    # only there); empty when it is in `language`.
    snippet_language: str = ""

    @classmethod
    def found(cls, stored, **shown):
        """A hit from what an engine stored of a document ({stored field: value}, the
        ones a hit has taken by name) and what the search shows with it (snippet, score,
        the other version)."""
        names = {hit_field.name for hit_field in fields(cls)}
        return cls(**{name: value for name, value in stored.items() if name in names}, **shown)

    @property
    def record(self):
        return f"{self.kind}:{self.record_id}"


@dataclass
class FacetValue:
    value: str  # theme/place slug, decade ("1980"), language code, kind
    count: int


@dataclass
class SearchResults:
    count: int  # records, each counted once whatever languages it is written in
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    engine: str
    fallback: bool = False  # True when the configured engine was unreachable


class SearchEngine(ABC):
    """The interface. `name` appears in /healthz and in results. Documents are
    `search.documents.DocumentData`; records are named by kind and id."""

    name = "base"

    @abstractmethod
    def search(self, query):
        """SearchResults for a SearchQuery (facets always computed)."""

    # --- Writing (search.indexing) ----------------------------------------------------
    @abstractmethod
    def index(self, documents):
        """Add or replace these documents."""

    @abstractmethod
    def delete(self, keys):
        """Remove documents by key."""

    @abstractmethod
    def delete_records(self, kind, record_ids):
        """Remove every language's document of these records."""

    def replace_records(self, kind, record_ids, documents):
        """Every document of these records becomes `documents` (possibly none)."""
        self.delete_records(kind, record_ids)
        if documents:
            self.index(documents)

    # --- Comparing (check_research_index) ---------------------------------------------
    @abstractmethod
    def held(self, kind, record_ids):
        """{key: what this engine holds of it} for the documents of these records."""

    @abstractmethod
    def as_held(self, document):
        """What this engine holds of `document` once written, comparable with `held`."""

    @abstractmethod
    def orphan_keys(self, kind, record_ids):
        """Keys of the documents of `kind` it holds for records not among `record_ids`."""
