"""The full-text structures each database engine searches, beside SearchDocument.

SQLite: an FTS5 table over the document table (external content), kept in step by
triggers; diacritics removed by the tokenizer. PostgreSQL: unaccent, one text-search
configuration per language with unaccent before the stemmer, a generated tsvector column
that uses the document's own language, and a GIN index on it.
"""

from django.db import migrations

FTS_COLUMNS = "title, text, narrator, vocabulary"
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE research_fts USING fts5({FTS_COLUMNS},
        content='research_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='3 4 5')""",
    f"""CREATE TRIGGER research_fts_insert AFTER INSERT ON research_searchdocument BEGIN
        INSERT INTO research_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.text, new.narrator, new.vocabulary); END""",
    f"""CREATE TRIGGER research_fts_delete AFTER DELETE ON research_searchdocument BEGIN
        INSERT INTO research_fts(research_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.text, old.narrator, old.vocabulary); END""",
    f"""CREATE TRIGGER research_fts_update AFTER UPDATE ON research_searchdocument BEGIN
        INSERT INTO research_fts(research_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.text, old.narrator, old.vocabulary);
        INSERT INTO research_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.text, new.narrator, new.vocabulary); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS research_fts_insert",
    "DROP TRIGGER IF EXISTS research_fts_delete",
    "DROP TRIGGER IF EXISTS research_fts_update",
    "DROP TABLE IF EXISTS research_fts",
]


def _vector(config):
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(vocabulary, '')), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(narrator, '')), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(text, '')), 'C')"
    )


POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *[
        statement
        for config, base in (("research_english", "english"), ("research_spanish", "spanish"))
        for statement in (
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}",
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {base})",
            f"""ALTER TEXT SEARCH CONFIGURATION {config}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem""",
        )
    ],
    f"""ALTER TABLE research_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (CASE WHEN language = 'es' THEN {_vector("research_spanish")}
                             ELSE {_vector("research_english")} END) STORED""",
    """CREATE INDEX research_searchdocument_vector ON research_searchdocument
        USING GIN (search_vector)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS research_searchdocument_vector",
    "ALTER TABLE research_searchdocument DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS research_english",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS research_spanish",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
