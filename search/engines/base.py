"""What every research-search engine does, and the shapes it answers with.

An engine takes a `search.query.SearchQuery` and returns `SearchResults`. The database
engines (SQLite FTS5, PostgreSQL tsvector) read the `SearchDocument` table; the
Elasticsearch engine reads its own index. The same contract tests run against each.
"""

from dataclasses import dataclass, field

# Highlight markers engines put around matched words. They are private-use characters no
# archive text contains, so snippets can be HTML-escaped first and marked up afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass
class Hit:
    """One record found: its document in one language (the reader's when it has one)."""

    key: str  # "story:12:en"
    kind: str  # story | photo | event
    record_id: int
    language: str
    title: str
    url: str
    snippet: str  # plain text with MARK_START/MARK_END around matches
    year_from: int | None = None
    year_to: int | None = None
    themes: list[str] = field(default_factory=list)  # slugs
    places: list[str] = field(default_factory=list)  # slugs
    narrator: str = ""
    score: float = 0.0
    date: object = None  # archive.models.dates.HistoricalDate, rendered in the reader's language
    # The record's other language version the visitor may see, when there is one.
    other_language: str = ""
    other_url: str = ""
    # The language of the snippet when it comes from the other version (the words matched
    # only there); empty when it is in `language`.
    snippet_language: str = ""

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


class SearchEngine:
    """The interface. `name` appears in /healthz and in results."""

    name = "base"

    def search(self, query):
        """SearchResults for a SearchQuery (facets always computed)."""
        raise NotImplementedError

    def index(self, documents):
        """Add or replace these `search.documents.DocumentData`."""
        raise NotImplementedError

    def delete(self, keys):
        """Remove documents by key."""
        raise NotImplementedError

    def delete_records(self, kind, record_ids):
        """Remove every language's document of these records."""
        raise NotImplementedError
