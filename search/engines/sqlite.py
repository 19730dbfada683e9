"""SQLite's FTS5 engine (the embedded default).

FTS5's tokenizer removes diacritics and case but does not stem, so each word is looked up
as every indexed word with the same Snowball stem in the document's own language (a Spanish
document with Spanish stems, an English one with English stems): "migrantes" finds
"migrante", "mining" finds "mines", and "primo" finds "primos" but not "primera", whose
stem only begins like it. FTS5's word list (`research_fts_vocab`, migration research 0008)
says which words are indexed.
"""

import os

from archive.languages import CODES
from search.engines.base import MARK_END, MARK_START
from search.engines.database import COLUMNS, DOCS, DatabaseEngine, visibility_sql
from search.stemming import stem

# Indexed words are read from the longest start the word shares with its stem ("cit" for
# "city", stem "citi"); a shorter start would read too much of the word list for a word
# this short, which is searched as itself.
MIN_SHARED_START = 3
# Column weights for bm25: title, text, narrator, vocabulary (theme and place names).
WEIGHTS = "10.0, 1.0, 2.0, 4.0"


def _quoted(word):
    # Words are letters and digits only (search.query.parse_terms); quoting makes them
    # plain strings to FTS5 even when they spell an operator such as AND or NEAR.
    return f'"{word}"'


def same_stem_words(word, language):
    """The indexed words with the stem of `word` in `language`, `word` itself included."""
    from django.db import connection

    target = stem(word, language)
    start = os.path.commonprefix([word, target])
    if len(start) < MIN_SHARED_START:
        return [word]
    with connection.cursor() as cursor:
        # Every word that begins with `start` (U+10FFFF sorts after any letter).
        cursor.execute(
            "SELECT term FROM research_fts_vocab WHERE term >= %s AND term <= %s",
            [start, start + "\U0010ffff"],
        )
        found = {term for (term,) in cursor.fetchall() if stem(term, language) == target}
    return sorted(found | {word})


def fts_expression(terms, language):
    """An FTS5 MATCH expression for the terms, stemmed in `language`."""
    parts = []
    for term in terms:
        if term.is_phrase:
            parts.append(_quoted(" ".join(term.words)))
            continue
        words = same_stem_words(term.words[0], language)
        parts.append("(" + " OR ".join(_quoted(word) for word in words) + ")")
    return " AND ".join(parts)


class SqliteEngine(DatabaseEngine):
    name = "sqlite-fts5"

    def match_sql(self, query, ranked):
        visible, visible_params = visibility_sql(query)
        score = f"-bm25(research_fts, {WEIGHTS})" if ranked else "0.0"
        selects, params = [], []
        for language in CODES:
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
        for language in CODES:
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
