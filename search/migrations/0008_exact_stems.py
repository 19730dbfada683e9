"""Words match by their whole stem, not by a stem's prefix or a stem Snowball gets wrong.

SQLite: FTS5's tokenizer does not stem, so the SQLite engine looks up which indexed words
share the searched word's stem in `research_fts_vocab`, FTS5's own list of the words in
`research_fts` (a view of its index: nothing to keep in step).

PostgreSQL: Snowball cuts "primer" and "tercer" to the stems of "primo" (cousin) and
"terco" (stubborn). `research_spanish_words` writes them in full ("primero", "tercero")
before the Spanish configuration stems them, as search.stemming.FULL_FORMS does for the
other engines; the generated `search_vector` is made again with it, and research_match
(0006) takes the new Spanish vectors.
"""

import importlib

from django.db import migrations

on = importlib.import_module("search.migrations.0004_facet_profiles").on

SQLITE_FORWARD = ["CREATE VIRTUAL TABLE research_fts_vocab USING fts5vocab(research_fts, 'row')"]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS research_fts_vocab"]

# search.stemming.FULL_FORMS["es"] as of this migration (a later change needs its own).
FULL_FORMS = {"primer": "primero", "tercer": "tercero"}


def _full_forms_function():
    text = "$1"
    for short, full in FULL_FORMS.items():
        text = f"regexp_replace({text}, '\\m{short}\\M', '{full}', 'gi')"
    return f"""CREATE FUNCTION research_spanish_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {text} $$"""


def _vector(config, words=""):
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, {words}(coalesce({column}, ''))), "
        f"'{weight}')"
        for column, weight in (("title", "A"), ("vocabulary", "B"), ("narrator", "B"), ("text", "C"))
    )


def _search_vector(spanish_words):
    return [
        "ALTER TABLE research_searchdocument DROP COLUMN search_vector",
        f"""ALTER TABLE research_searchdocument ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (CASE WHEN language = 'es'
                THEN {_vector("research_spanish", spanish_words)}
                ELSE {_vector("research_english")} END) STORED""",
        # Rewriting the table fires no row trigger: copy the Spanish vectors over.
        """UPDATE research_match m SET search_vector = d.search_vector
            FROM research_searchdocument d
            WHERE m.language = 'es' AND d.language = 'es' AND d.id = m.id""",
    ]


POSTGRES_FORWARD = [_full_forms_function(), *_search_vector("research_spanish_words")]
POSTGRES_BACKWARD = [*_search_vector(""), "DROP FUNCTION IF EXISTS research_spanish_words(text)"]


class Migration(migrations.Migration):
    dependencies = [("research", "0007_expiry")]

    operations = [
        migrations.RunPython(on("sqlite", SQLITE_FORWARD), on("sqlite", SQLITE_BACKWARD)),
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
    ]
