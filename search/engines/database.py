"""What the SQLite and PostgreSQL engines share: filters, facets, sorting and paging over
the `SearchDocument` table. Each engine only says how text is matched, ranked and
highlighted (`match_sql`, `snippets`).

Every search is one statement. A CTE `m` holds the documents a visitor may see that match
the words (browsing: all of them), with a score; `g` counts them per facet profile (see
`search.models.FacetProfile`: "water" at 100k stories matches 45,707 documents sharing 5,051
profiles) and reads each profile's facet values. The count and every facet's counts are
sums over `g`; the page of hits is read from `m`. Facet counts for one facet ignore that
facet's own filter, so a researcher sees how many records each other choice would give.
"""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from search import result_cache
from search.engines.base import FacetValue, Hit, SearchEngine, SearchResults
from search.models import DocumentPlace, DocumentTheme, SearchDocument
from search.vocabulary import Vocabulary

DOCS = "research_searchdocument"
PROFILES = "research_facetprofile"
# What the CTE `m` carries of each match.
COLUMNS = "d.id, d.profile_id, d.year_from, d.year_to, d.sort_key"
SNIPPET_CHARS = 220
# A search reads the hits of ten pages at once, so paging on through a broad search is
# answered from the result cache instead of ranking every match again.
HITS_READ_AHEAD = 200


def hits_window(query):
    """(offset, limit) of the hits the statement reads: the block of HITS_READ_AHEAD
    that holds the page, or just the page when pages are that large (exports)."""
    start = query.offset - query.offset % HITS_READ_AHEAD
    if query.offset + query.per_page <= start + HITS_READ_AHEAD:
        return start, HITS_READ_AHEAD
    return query.offset, query.per_page


def visibility_sql(query, alias="d"):
    """Who may see a document and when: its audience, the day its embargoes end and the
    moment it expires (archive.visibility.Window, written by search.indexing)."""
    levels = ["public", "members"] if query.include_members else ["public"]
    marks = ", ".join(["%s"] * len(levels))
    return (
        f"{alias}.visibility IN ({marks}) AND "
        f"({alias}.not_before IS NULL OR {alias}.not_before <= %s) AND "
        f"({alias}.not_after IS NULL OR {alias}.not_after > %s)",
        [*levels, query.today, query.now],
    )


class DatabaseEngine(SearchEngine):
    # The table a search reads matches from (alias d, with COLUMNS, visibility and
    # not_before): the documents themselves, or a narrower copy of them (PostgreSQL).
    match_table = DOCS
    # Whether browsing reads the visible documents a second time for the page, in the
    # page's order from an index, rather than keeping all of them for it (see `statement`).
    browse_in_index_order = False

    def match_sql(self, query, ranked):
        """SQL selecting COLUMNS and a score (0 unless `ranked`) of the visible documents
        matching query.terms."""
        raise NotImplementedError

    def snippets(self, query, documents):
        """{document id: snippet text with highlight marks} for a page of documents."""
        raise NotImplementedError

    def json_contains_any(self, column, ids):
        """(sql, params): whether the JSON array `column` holds any of these ids."""
        raise NotImplementedError

    def json_items(self, column):
        """A FROM-clause item yielding one row per element of a JSON array column, with
        the element in a column called `value`."""
        raise NotImplementedError

    # --- Shared ------------------------------------------------------------------
    def base_sql(self, query, ranked=False):
        if query.terms:
            return self.match_sql(query, ranked)
        where, params = visibility_sql(query)
        return f"SELECT {COLUMNS}, 0.0 AS score FROM {self.match_table} d WHERE {where}", params

    @staticmethod
    def period_filter(query):
        """(sql, params) on a match (alias d) for the year filters, or None. Periods are
        the one filter a profile cannot answer: it knows the decade, not the years."""
        years, params = [], []
        if query.year_from is not None:
            years.append("d.year_to >= %s")
            params.append(query.year_from)
        if query.year_to is not None:
            years.append("d.year_from <= %s")
            params.append(query.year_to)
        return (" AND ".join(years), params) if years else None

    def profile_filters(self, query, vocabulary):
        """{facet name: (sql, params)} for each other filter the query sets, on a
        profile (alias f)."""
        found = {}
        # theme_ids hold each record's themes and those above them, so a parent theme
        # finds what its children hold.
        if query.themes:
            found["theme"] = self._any_of("f.theme_ids", vocabulary.theme_ids(query.themes))
        if query.places:
            found["place"] = self._any_of("f.place_ids", vocabulary.place_ids(query.places))
        if query.language:
            found["language"] = ("f.language = %s", [query.language])
        if query.kind:
            found["kind"] = ("f.kind = %s", [query.kind])
        return found

    def _any_of(self, column, ids):
        if not ids:  # only unknown slugs were asked for: nothing matches
            return "1 = 0", []
        return self.json_contains_any(column, ids)

    @staticmethod
    def _where(flags, skip=None):
        """The flags `in_<facet>` of `g` for every filter set except `skip`."""
        return " AND ".join(f"g.in_{name}" for name in flags if name != skip) or "1 = 1"

    def _facet_sql(self, flags, with_facets):
        """The count and, when asked, every facet's counts, as (facet, value, count) rows."""
        selects = [f"SELECT 'count', '', SUM(g.n) FROM g WHERE {self._where(flags)}"]
        if not with_facets:
            return selects
        for facet, column in (("language", "g.language"), ("kind", "g.kind")):
            selects.append(
                f"SELECT '{facet}', {column}, SUM(g.n) FROM g "
                f"WHERE {self._where(flags, skip=facet)} GROUP BY {column}"
            )
        selects.append(
            f"SELECT 'decade', CAST(g.decade AS TEXT), SUM(g.n) FROM g "
            f"WHERE g.decade IS NOT NULL AND {self._where(flags, skip='decade')} "
            f"GROUP BY g.decade"
        )
        # Profiles share a few hundred combinations of themes (and of places): sum each
        # combination first, then spread its count over its members.
        for facet, column in (("theme", "g.theme_ids"), ("place", "g.place_ids")):
            selects.append(
                f"SELECT '{facet}', CAST(item.value AS TEXT), SUM(combination.n) "
                f"FROM (SELECT {column} AS ids, SUM(g.n) AS n FROM g "
                f"WHERE {self._where(flags, skip=facet)} GROUP BY {column}) combination, "
                f"{self.json_items('combination.ids')} item GROUP BY item.value"
            )
        return selects

    def _page_sql(self, query, filters, period):
        """The hits of the page's window (hits_window) as ('hit', id, position, score) rows."""
        order = self._order(query)
        offset, limit = hits_window(query)
        passes, params = [], []
        if period:
            passes.append("d.in_decade")
        if filters:
            # The profiles that pass, read from their own table: the planner knows its
            # size and hashes it, where against `g` it would scan `g` for every match.
            passes.append(
                f"d.profile_id IN (SELECT f.id FROM {PROFILES} f WHERE "
                + " AND ".join(f"({sql})" for sql, _ in filters.values())
                + ")"
            )
            params += [value for _, values in filters.values() for value in values]
        where = f"WHERE {' AND '.join(passes)} " if passes else ""
        return (
            f"SELECT 'hit', CAST(d.id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}), "
            f"CAST(d.score AS REAL) FROM (SELECT d.id, d.score, d.sort_key FROM m d "
            f"{where}ORDER BY {order} LIMIT %s OFFSET %s) d"
        ), [*params, limit, offset]

    @staticmethod
    def _order(query):
        if query.sort == "newest":
            return "d.sort_key DESC, d.id"
        undated_last = "CASE WHEN d.sort_key = 0 THEN 1 ELSE 0 END"
        if query.sort == "oldest" or not query.terms:
            return f"{undated_last}, d.sort_key, d.id"
        return "d.score DESC, d.sort_key, d.id"

    def statement(self, query, vocabulary):
        """(sql, params) of the one statement a search runs: count, facet and hit rows."""
        # Scores cost a pass over every match's text vector: only relevance order needs them.
        matches, params = self.base_sql(query, ranked=query.sort == "relevance")
        # Each filter is worked out once per profile (or, for periods, once per match) as
        # a flag `in_<facet>` of `g`: the count, the page and each facet (which ignores
        # its own filter) combine the flags they need.
        period = self.period_filter(query)
        period_sql, period_params = period or ("1 = 1", [])
        filters = self.profile_filters(query, vocabulary)
        flags = "".join(f", ({sql}) AS in_{name}" for name, (sql, _) in filters.items())
        flag_params = [value for _, values in filters.values() for value in values]
        names = [*filters, *(["decade"] if period else [])]
        selects = [
            f"SELECT *, CAST(NULL AS REAL) FROM ({select}) counted"
            for select in self._facet_sql(names, query.facets)
        ]
        page_sql, page_params = self._page_sql(query, filters, period)
        # Words: find the matches once, for the counts and the page. Browsing, where an
        # index holds the page's order: read the visible documents twice, for the counts
        # and for the page, which then stops after its first rows.
        in_index_order = self.browse_in_index_order and not query.terms
        materialized = "NOT MATERIALIZED" if in_index_order else "MATERIALIZED"
        sql = (
            f"WITH m AS {materialized} (SELECT d.id, d.profile_id, d.sort_key, d.score, "
            f"({period_sql}) AS in_decade FROM ({matches}) d), "
            f"g AS MATERIALIZED (SELECT c.profile_id, c.in_decade, c.n, f.language, f.kind, "
            f"f.decade, f.theme_ids, f.place_ids{flags} FROM (SELECT d.profile_id, "
            f"d.in_decade, COUNT(*) AS n FROM m d GROUP BY d.profile_id, d.in_decade) c "
            f"JOIN {PROFILES} f ON f.id = c.profile_id) " + " UNION ALL ".join([*selects, page_sql])
        )
        return sql, [*period_params, *params, *flag_params, *page_params]

    def search(self, query, cached=True):
        """SearchResults for the query; `cached=False` always asks the database (the
        benchmark's first-ask figures)."""
        vocabulary = Vocabulary()
        sql, params = self.statement(query, vocabulary)
        fetch = self.fetch_all
        rows = result_cache.rows(sql, params, fetch) if cached else fetch(sql, params)
        # Sums of counts come back as decimals on PostgreSQL.
        counted = [
            (facet, value, int(total or 0)) for facet, value, total, _ in rows if facet != "hit"
        ]
        window = [
            (int(pk), score)
            for _, pk, _, score in sorted(
                (row for row in rows if row[0] == "hit"), key=lambda row: row[2]
            )
        ]
        skip = query.offset - hits_window(query)[0]
        page = window[skip : skip + query.per_page]
        count = next((total for facet, _, total in counted if facet == "count"), 0)
        return SearchResults(
            count=count,
            hits=self._hits(query, page, vocabulary),
            facets=self._facets(counted, vocabulary),
            engine=self.name,
        )

    def fetch_all(self, sql, params):
        """Run the one statement of a search and return its rows."""
        return _fetch_all(sql, params)

    def _facets(self, counted, vocabulary):
        facets = {name: [] for name in ("theme", "place", "decade", "language", "kind")}
        for facet, value, total in counted:
            if facet == "count" or not total:
                continue
            if facet == "theme":
                value = vocabulary.theme_slug(int(value))
            elif facet == "place":
                value = vocabulary.place_slug(int(value))
            if value is not None:
                facets[facet].append(FacetValue(value=str(value), count=total))
        for values in facets.values():
            values.sort(key=lambda item: (-item.count, item.value))
        return facets

    def _hits(self, query, page, vocabulary):
        # Read again with the visitor's visibility (the same rule as the search): the page's
        # ids may come from the cache or from a statement that ran just before a record was
        # hidden or removed.
        visible = SearchDocument.objects.filter(
            RawSQL(*visibility_sql(query, alias=DOCS), output_field=BooleanField())
        )
        documents = visible.in_bulk([pk for pk, _ in page])
        page = [(pk, score) for pk, score in page if pk in documents]
        ids = list(documents)
        themes, places = {}, {}
        own_themes = DocumentTheme.objects.filter(document_id__in=ids, own=True)
        for document_id, theme_id in own_themes.values_list("document_id", "theme_id"):
            themes.setdefault(document_id, []).append(vocabulary.theme_slug(theme_id))
        place_links = DocumentPlace.objects.filter(document_id__in=ids)
        for document_id, place_id in place_links.values_list("document_id", "place_id"):
            places.setdefault(document_id, []).append(vocabulary.place_slug(place_id))
        snippets = self.snippets(query, list(documents.values())) if query.terms else {}
        hits = []
        for pk, score in page:
            document = documents[pk]
            hits.append(
                Hit(
                    key=document.key,
                    kind=document.kind,
                    record_id=document.record_id,
                    language=document.language,
                    title=document.title,
                    url=document.url,
                    snippet=snippets.get(pk) or opening(document.text),
                    year_from=document.year_from,
                    year_to=document.year_to,
                    themes=themes.get(pk, []),
                    places=places.get(pk, []),
                    narrator=document.narrator,
                    score=float(score or 0),
                    date=document.historical_date,
                )
            )
        return hits


def _fetch_all(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def opening(text, limit=SNIPPET_CHARS):
    """The start of a text, cut at a word boundary (the snippet when nothing is matched)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
