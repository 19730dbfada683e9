"""What the SQLite and PostgreSQL engines share: filters, facets, sorting and paging over
the `SearchDocument` table. Each engine only says how text is matched, ranked and
highlighted (`match_sql`, `snippets`).

Every search is one statement, answering one result per record. A CTE `m` holds the
records a visitor may see that match the words, one row each: the matching documents
(in either language) grouped on (facet profile, record id), which every language's
document of a record shares (search.models.FacetProfile), with the best score. Browsing
needs no grouping: `m` holds the one document per record in the language shown (the
reader's, or the record's only one). `g` counts `m` per facet profile (see
`search.models.FacetProfile`: "water" at 100k stories matches 45,707 documents sharing
5,051 profiles) and reads each profile's facet values. The count and every facet's counts
are sums over `g` (a record counts once, and under each language it is written in); the
page of records is read from `m`, and `_hits` shows each in the reader's language when
it is written in it. Facet counts for one facet ignore that facet's own filter, so a
researcher sees how many records each other choice would give.
"""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from archive.languages import CODES
from search import result_cache
from search.engines import database_rows
from search.engines.base import FacetValue, Hit, SearchEngine, SearchResults
from search.models import DocumentPlace, DocumentTheme, FacetProfile, SearchDocument
from search.vocabulary import Vocabulary

DOCS = SearchDocument._meta.db_table
PROFILES = FacetProfile._meta.db_table
# What the CTE `m` carries of each match.
COLUMNS = "d.id, d.profile_id, d.record_id, d.language, d.year_from, d.year_to, d.sort_key"
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

    # --- Writing and comparing (search.engines.database_rows) ---------------------------------
    def index(self, documents):
        keys = [document.key for document in documents]
        database_rows.write(documents, replacing=SearchDocument.objects.filter(key__in=keys))

    def delete(self, keys):
        SearchDocument.objects.filter(key__in=list(keys)).delete()

    def delete_records(self, kind, record_ids):
        self._of_records(kind, record_ids).delete()

    def replace_records(self, kind, record_ids, documents):
        # In one transaction: a search never sees the records half written.
        database_rows.write(documents, replacing=self._of_records(kind, record_ids))

    def held(self, kind, record_ids):
        return {
            row.key: database_rows.held_values(row) for row in self._of_records(kind, record_ids)
        }

    def as_held(self, document):
        return database_rows.row_values(document)

    def orphan_keys(self, kind, record_ids):
        orphans = SearchDocument.objects.filter(kind=kind).exclude(record_id__in=record_ids)
        return list(orphans.values_list("key", flat=True))

    @staticmethod
    def _of_records(kind, record_ids):
        return SearchDocument.objects.filter(kind=kind, record_id__in=list(record_ids))

    # --- Searching -----------------------------------------------------------------
    def base_sql(self, query, ranked=False):
        if query.terms:
            return self.match_sql(query, ranked)
        # Browsing: each record's document in the language shown, or its only one (a
        # record whose profile lacks that language is written in the other alone).
        where, params = visibility_sql(query)
        has_shown, shown_params = self.json_contains_any("f.languages", [query.shown_language])
        return (
            f"SELECT {COLUMNS}, 0.0 AS score FROM {self.match_table} d WHERE {where} AND "
            f"(d.language = %s OR d.profile_id IN "
            f"(SELECT f.id FROM {PROFILES} f WHERE NOT ({has_shown})))"
        ), [*params, query.shown_language, *shown_params]

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
            found["language"] = self.json_contains_any("f.languages", [query.language])
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
        selects.append(
            f"SELECT 'kind', g.kind, SUM(g.n) FROM g "
            f"WHERE {self._where(flags, skip='kind')} GROUP BY g.kind"
        )
        selects.append(
            f"SELECT 'decade', CAST(g.decade AS TEXT), SUM(g.n) FROM g "
            f"WHERE g.decade IS NOT NULL AND {self._where(flags, skip='decade')} "
            f"GROUP BY g.decade"
        )
        # Profiles share a few hundred combinations of themes (and of places, and three of
        # languages): sum each combination first, then spread its count over its members.
        lists = (("theme", "g.theme_ids"), ("place", "g.place_ids"), ("language", "g.languages"))
        for facet, column in lists:
            selects.append(
                f"SELECT '{facet}', CAST(item.value AS TEXT), SUM(combination.n) "
                f"FROM (SELECT {column} AS ids, SUM(g.n) AS n FROM g "
                f"WHERE {self._where(flags, skip=facet)} GROUP BY {column}) combination, "
                f"{self.json_items('combination.ids')} item GROUP BY item.value"
            )
        return selects

    def _page_sql(self, query, filters, period):
        """The records of the page's window (hits_window) as ('hit', record key, position,
        score) rows, the record key as documents share it ("story:12")."""
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
            f"SELECT 'hit', f.kind || ':' || CAST(d.record_id AS TEXT), "
            f"ROW_NUMBER() OVER (ORDER BY {order}), CAST(d.score AS REAL) FROM "
            f"(SELECT d.id, d.profile_id, d.record_id, d.score, d.sort_key FROM m d "
            f"{where}ORDER BY {order} LIMIT %s OFFSET %s) d "
            f"JOIN {PROFILES} f ON f.id = d.profile_id"
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
            f"WITH m AS {materialized} ({self._records_sql(query, matches, period_sql)}), "
            f"g AS MATERIALIZED (SELECT c.profile_id, c.in_decade, c.n, f.languages, f.kind, "
            f"f.decade, f.theme_ids, f.place_ids{flags} FROM (SELECT d.profile_id, "
            f"d.in_decade, COUNT(*) AS n FROM m d GROUP BY d.profile_id, d.in_decade) c "
            f"JOIN {PROFILES} f ON f.id = c.profile_id) " + " UNION ALL ".join([*selects, page_sql])
        )
        return sql, [*period_params, *params, *flag_params, *page_params]

    @staticmethod
    def _records_sql(query, matches, period_sql):
        """`m`: one row per record. A record's documents share its profile, year range
        and date, so words group its matching documents (one per language) on them and
        keep the best score; browsing reads one document per record already."""
        columns = "d.profile_id, d.record_id"
        if not query.terms:
            return (
                f"SELECT d.id, {columns}, d.sort_key, d.score, ({period_sql}) AS in_decade "
                f"FROM ({matches}) d"
            )
        return (
            f"SELECT MIN(d.id) AS id, {columns}, MAX(d.sort_key) AS sort_key, "
            f"MAX(d.score) AS score, ({period_sql}) AS in_decade FROM ({matches}) d "
            f"GROUP BY {columns}, d.year_from, d.year_to"
        )

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
            (record, score)
            for _, record, _, score in sorted(
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
        """Hits for the page's [(record key, score)]: each record's document in the
        language shown when it is written in it, else its other one, and a link to the
        other. One query reads every version of the page's records."""
        # Read again with the visitor's visibility (the same rule as the search): the
        # page may come from the cache or from a statement that ran just before a record
        # was hidden or removed, and a version not matched must be visible too.
        visible = SearchDocument.objects.filter(
            RawSQL(*visibility_sql(query, alias=DOCS), output_field=BooleanField())
        )
        keys = [f"{record}:{language}" for record, _ in page for language in CODES]
        versions = {}
        for document in visible.filter(key__in=keys):
            versions.setdefault(f"{document.kind}:{document.record_id}", []).append(document)
        found = []
        for record, score in page:
            if record in versions:
                shown, other = _shown_and_other(versions[record], query.shown_language)
                found.append((shown, other, score))
        shown_ids = [shown.pk for shown, _, _ in found]
        themes = _links(DocumentTheme.objects.filter(own=True), "theme_id", shown_ids)
        places = _links(DocumentPlace.objects.all(), "place_id", shown_ids)
        snippets = self._snippets(query, found)
        return [
            Hit.found(
                database_rows.stored_fields(shown),
                snippet=snippets.get(shown.pk, ("", ""))[0] or opening(shown.text),
                snippet_language=snippets.get(shown.pk, ("", ""))[1],
                theme_slugs=[vocabulary.theme_slug(pk) for pk in themes.get(shown.pk, [])],
                place_slugs=[vocabulary.place_slug(pk) for pk in places.get(shown.pk, [])],
                score=float(score or 0),
                other_language=other.language if other else "",
                other_url=other.url if other else "",
            )
            for shown, other, score in found
        ]

    def _snippets(self, query, found):
        """{shown document id: (snippet, its language when not the document's)}: the
        matched words in the version shown, else in the other (only it matched)."""
        if not query.terms:
            return {}
        shown = self.snippets(query, [doc for doc, _, _ in found])
        snippets = {pk: (text, "") for pk, text in shown.items()}
        unmarked = {other.pk: doc.pk for doc, other, _ in found if other and doc.pk not in shown}
        if unmarked:
            others = [other for _, other, _ in found if other and other.pk in unmarked]
            for pk, text in self.snippets(query, others).items():
                language = next(other.language for other in others if other.pk == pk)
                snippets[unmarked[pk]] = (text, language)
        return snippets


def _shown_and_other(documents, language):
    """(the document in `language`, or else the record's other one; the remaining one)."""
    documents = sorted(documents, key=lambda document: document.language != language)
    return documents[0], (documents[1] if len(documents) > 1 else None)


def _links(links, column, document_ids):
    """{document id: [theme or place ids]} of these documents."""
    found = {}
    for document_id, pk in links.filter(document_id__in=document_ids).values_list(
        "document_id", column
    ):
        found.setdefault(document_id, []).append(pk)
    return found


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
