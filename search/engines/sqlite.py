"""SQLite's FTS5 engine (the embedded default).

FTS5's tokenizer removes diacritics and case; it has no Spanish stemmer, so each word is
looked up as itself or by its stem as a prefix, stemmed by Snowball in the document's own
language: a Spanish document is matched with Spanish stems, an English one with English
stems ("migrantes" finds "migrante", "mining" finds "mines").
"""

import snowballstemmer

from search.engines.base import MARK_END, MARK_START
from search.engines.database import COLUMNS, DOCS, DatabaseEngine, visibility_sql

STEMMERS = {"en": snowballstemmer.stemmer("english"), "es": snowballstemmer.stemmer("spanish")}
# Shorter stems as prefixes would match too much ("agu*" for "agua").
MIN_PREFIX = 4
# Column weights for bm25: title, text, narrator, vocabulary (theme and place names).
WEIGHTS = "10.0, 1.0, 2.0, 4.0"


def _quoted(word):
    # Words are letters and digits only (search.query.parse_terms); quoting makes them
    # plain strings to FTS5 even when they spell an operator such as AND or NEAR.
    return f'"{word}"'


def fts_expression(terms, language):
    """An FTS5 MATCH expression for the terms, stemmed in `language`."""
    parts = []
    for term in terms:
        if term.is_phrase:
            parts.append(_quoted(" ".join(term.words)))
            continue
        word = term.words[0]
        stem = STEMMERS[language].stemWord(word)
        prefix = stem if len(stem) >= MIN_PREFIX else word
        if prefix == word:
            parts.append(f"{_quoted(word)}*")
        else:
            parts.append(f"({_quoted(word)} OR {_quoted(prefix)}*)")
    return " AND ".join(parts)


class SqliteEngine(DatabaseEngine):
    name = "sqlite-fts5"

    def match_sql(self, query, ranked):
        visible, visible_params = visibility_sql(query)
        score = f"-bm25(research_fts, {WEIGHTS})" if ranked else "0.0"
        selects, params = [], []
        for language in ("en", "es"):
            selects.append(
                f"SELECT {COLUMNS}, {score} AS score FROM research_fts "
                f"JOIN {DOCS} d ON d.id = research_fts.rowid "
                f"WHERE research_fts MATCH %s AND d.language = %s AND {visible}"
            )
            params += [fts_expression(query.terms, language), language, *visible_params]
        return " UNION ALL ".join(selects), params

    def json_contains_any(self, column, ids):
        marks = ", ".join(["%s"] * len(ids))
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({marks}))", list(ids)

    def json_items(self, column):
        return f"json_each({column})"

    def snippets(self, query, documents):
        from django.db import connection

        found = {}
        for language in ("en", "es"):
            ids = [document.pk for document in documents if document.language == language]
            if not ids:
                continue
            marks = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT rowid, snippet(research_fts, 1, %s, %s, ' … ', 30) FROM research_fts "
                    f"WHERE research_fts MATCH %s AND rowid IN ({marks})",
                    [MARK_START, MARK_END, fts_expression(query.terms, language), *ids],
                )
                found.update(
                    (pk, text) for pk, text in cursor.fetchall() if MARK_START in (text or "")
                )
        return found
