"""What the SQLite and PostgreSQL engines share: filters, facets, sorting and paging over
the `SearchDocument` table. Each engine only says how text is matched, ranked and
highlighted (`match_sql`, `snippets`).

Every query is one CTE `m` (the documents a visitor may see that match the words, with a
score) read twice: once for the count and all facet counts in a single UNION ALL, once for
the page of hits. Facet counts for one facet ignore that facet's own filter, so a
researcher sees how many records each other choice would give.
"""

from search.engines.base import FacetValue, Hit, SearchEngine, SearchResults
from search.models import DocumentPlace, DocumentTheme, SearchDocument
from search.vocabulary import Vocabulary

DOCS = "research_searchdocument"
# What the CTE `m` carries, so filters and facets read it without joining the table again.
COLUMNS = (
    "d.id, d.language, d.kind, d.decade, d.year_from, d.year_to, d.sort_key, "
    "d.theme_ids, d.place_ids"
)
THEME_LINKS = "research_documenttheme"
PLACE_LINKS = "research_documentplace"
SNIPPET_CHARS = 220


def visibility_sql(query, alias="d"):
    levels = ["public", "members"] if query.include_members else ["public"]
    marks = ", ".join(["%s"] * len(levels))
    return (
        f"{alias}.visibility IN ({marks}) AND "
        f"({alias}.not_before IS NULL OR {alias}.not_before <= %s)",
        [*levels, query.today],
    )


def _ids_in(values):
    return ", ".join(["%s"] * len(values)), list(values)


class DatabaseEngine(SearchEngine):
    def match_sql(self, query, ranked):
        """SQL selecting COLUMNS and a score (0 unless `ranked`) of the visible documents
        matching query.terms."""
        raise NotImplementedError

    def snippets(self, query, documents):
        """{document id: snippet text with highlight marks} for a page of documents."""
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
        return f"SELECT {COLUMNS}, 0.0 AS score FROM {DOCS} d WHERE {where}", params

    def filters(self, query, vocabulary):
        """{facet name: (sql, params)} for each filter the query sets, on alias d."""
        found = {}
        if query.themes:
            marks, ids = _ids_in(vocabulary.theme_ids(query.themes))
            found["theme"] = (
                f"EXISTS (SELECT 1 FROM {THEME_LINKS} t WHERE t.document_id = d.id "
                f"AND t.theme_id IN ({marks or 'NULL'}))",
                ids,
            )
        if query.places:
            marks, ids = _ids_in(vocabulary.place_ids(query.places))
            found["place"] = (
                f"EXISTS (SELECT 1 FROM {PLACE_LINKS} p WHERE p.document_id = d.id "
                f"AND p.place_id IN ({marks or 'NULL'}))",
                ids,
            )
        years, params = [], []
        if query.year_from is not None:
            years.append("d.year_to >= %s")
            params.append(query.year_from)
        if query.year_to is not None:
            years.append("d.year_from <= %s")
            params.append(query.year_to)
        if years:
            found["decade"] = (" AND ".join(years), params)
        if query.language:
            found["language"] = ("d.language = %s", [query.language])
        if query.kind:
            found["kind"] = ("d.kind = %s", [query.kind])
        return found

    @staticmethod
    def _where(filters, skip=None):
        parts = [sql for name, (sql, _) in filters.items() if name != skip]
        params = [
            value for name, (_, values) in filters.items() if name != skip for value in values
        ]
        return (" AND ".join(parts) or "1 = 1"), params

    def _facet_sql(self, filters, with_facets):
        """The count and, when asked, every facet's counts, as (facet, value, count) rows."""
        selects, params = [], []
        where, where_params = self._where(filters)
        selects.append(f"SELECT 'count', '', COUNT(*) FROM m d WHERE {where}")
        params += where_params
        if not with_facets:
            return selects[0], params
        for facet, column in (("language", "d.language"), ("kind", "d.kind")):
            where, where_params = self._where(filters, skip=facet)
            selects.append(
                f"SELECT '{facet}', {column}, COUNT(*) FROM m d WHERE {where} GROUP BY {column}"
            )
            params += where_params
        where, where_params = self._where(filters, skip="decade")
        selects.append(
            f"SELECT 'decade', CAST(d.decade AS TEXT), COUNT(*) FROM m d "
            f"WHERE d.decade IS NOT NULL AND {where} "
            f"GROUP BY d.decade"
        )
        params += where_params
        # theme_ids hold the themes above a record's own too: a parent counts them all.
        for facet, column in (("theme", "d.theme_ids"), ("place", "d.place_ids")):
            where, where_params = self._where(filters, skip=facet)
            selects.append(
                f"SELECT '{facet}', CAST(item.value AS TEXT), COUNT(*) "
                f"FROM m d, {self.json_items(column)} item WHERE {where} GROUP BY item.value"
            )
            params += where_params
        return " UNION ALL ".join(selects), params

    @staticmethod
    def _order(query):
        if query.sort == "newest":
            return "d.sort_key DESC, d.id"
        undated_last = "CASE WHEN d.sort_key = 0 THEN 1 ELSE 0 END"
        if query.sort == "oldest" or not query.terms:
            return f"{undated_last}, d.sort_key, d.id"
        return "d.score DESC, d.sort_key, d.id"

    def search(self, query):
        from django.db import connection

        vocabulary = Vocabulary()
        base, base_params = self.base_sql(query)
        # Only the page of hits needs a relevance score; facets and counts do not.
        ranked, ranked_params = self.base_sql(query, ranked=query.sort == "relevance")
        filters = self.filters(query, vocabulary)
        facet_sql, facet_params = self._facet_sql(filters, query.facets)
        where, where_params = self._where(filters)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH m AS ({base}) {facet_sql}", [*base_params, *facet_params])
            counted = cursor.fetchall()
            cursor.execute(
                f"WITH m AS ({ranked}) SELECT d.id, d.score FROM m d "
                f"WHERE {where} ORDER BY {self._order(query)} LIMIT %s OFFSET %s",
                [*ranked_params, *where_params, query.per_page, query.offset],
            )
            page = cursor.fetchall()
        count = next((total for facet, _, total in counted if facet == "count"), 0)
        return SearchResults(
            count=count,
            hits=self._hits(query, page, vocabulary),
            facets=self._facets(counted, vocabulary),
            engine=self.name,
        )

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
        ids = [pk for pk, _ in page]
        documents = SearchDocument.objects.in_bulk(ids)
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


def opening(text, limit=SNIPPET_CHARS):
    """The start of a text, cut at a word boundary (the snippet when nothing is matched)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
