"""PostgreSQL's full-text engine: one tsvector per document in its own language
(research_english / research_spanish: unaccent, then the language's stemmer; migration
research 0002), searched in `research_match`, a narrow copy of the documents split by
language with a GIN index (0006); ts_rank for ranking and ts_headline for highlights.
A word matches its whole stem only (websearch_to_tsquery makes no prefixes), and the
Spanish words Snowball stems wrongly are written in full on both sides (search.stemming,
migration 0008)."""

import json

from django.conf import settings
from django.db import connection, transaction

from search.engines.base import MARK_END, MARK_START
from search.engines.database import COLUMNS, DOCS, DatabaseEngine, visibility_sql
from search.stemming import FULL_FORMS

CONFIGS = {"en": "research_english", "es": "research_spanish"}
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=35, MinWords=15, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def websearch_text(terms, language=None):
    """The terms as websearch_to_tsquery input: words, and phrases in double quotes. With a
    `language`, each word is written as that language's vectors read it (0008: "primer" as
    "primero"). Terms hold letters and digits only, so nothing here is an operator."""
    full = FULL_FORMS[language] if language else {}
    words = [" ".join(full.get(word, word) for word in term.words) for term in terms]
    return " ".join(
        f'"{text}"' if term.is_phrase else text for term, text in zip(terms, words, strict=True)
    )


class PostgresEngine(DatabaseEngine):
    name = "postgresql"
    # Only what a search filters, counts and sorts on, one partition per language
    # (migration research 0006).
    match_table = "research_match"
    # research_match_browse_order (migrations research 0004, 0006): 188 -> 82 ms at 100k.
    browse_in_index_order = True

    def fetch_all(self, sql, params):
        """A broad search reads tens of thousands of matches; with PostgreSQL's default
        parallel costs it reads them alone. For this statement only (SET LOCAL), lower costs
        let DB_PARALLEL_WORKERS helper processes share that read: at 100,000 stories on 2
        cores, with one helper, "water" took 51 ms instead of 74. Small searches stay serial.
        Set per statement, not per connection, so story pages and the admin keep the
        default costs (with them lowered everywhere, story pages were slower)."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL parallel_setup_cost = 100; SET LOCAL parallel_tuple_cost = 0.01; "
                f"SET LOCAL max_parallel_workers_per_gather = {int(settings.DB_PARALLEL_WORKERS)}"
            )
            cursor.execute(sql, params)
            return cursor.fetchall()

    def match_sql(self, query, ranked):
        visible, visible_params = visibility_sql(query)
        selects, params = [], []
        # One SELECT per language, each with a constant tsquery and the language written
        # out, so each reads its own language's GIN index (migration research 0004).
        for language, config in CONFIGS.items():
            text = websearch_text(query.terms, language)
            score = (
                f"ts_rank(d.search_vector, websearch_to_tsquery('{config}', %s))"
                if ranked
                else "0.0"
            )
            selects.append(
                f"SELECT {COLUMNS}, {score} AS score FROM {self.match_table} d "
                f"WHERE d.language = '{language}' AND "
                f"d.search_vector @@ websearch_to_tsquery('{config}', %s) AND {visible}"
            )
            params += [*([text] if ranked else []), text, *visible_params]
        return " UNION ALL ".join(selects), params

    def json_contains_any(self, column, ids):
        values = [json.dumps([value]) for value in ids]
        return " OR ".join([f"{column} @> CAST(%s AS jsonb)"] * len(ids)), values

    def json_items(self, column):
        return f"jsonb_array_elements_text({column})"

    def snippets(self, query, documents):
        from django.db import connection

        if not documents:
            return {}
        text = websearch_text(query.terms)
        marks = ", ".join(["%s"] * len(documents))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id, CASE WHEN d.language = 'es' THEN "
                "ts_headline('research_spanish', d.text, "
                "websearch_to_tsquery('research_spanish', %s), %s) "
                "ELSE ts_headline('research_english', d.text, "
                "websearch_to_tsquery('research_english', %s), %s) END "
                f"FROM {DOCS} d WHERE d.id IN ({marks})",
                # The words as typed: ts_headline reads the text as written, where
                # "primer" stays "primer" (only the stored vectors hold it in full).
                [text, HEADLINE_OPTIONS, text, HEADLINE_OPTIONS, *[doc.pk for doc in documents]],
            )
            return {pk: snippet for pk, snippet in cursor.fetchall() if MARK_START in snippet}
