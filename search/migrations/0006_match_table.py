"""PostgreSQL: what a search reads of each document moves to a narrow table of its own,
`research_match`, split by language (one partition each), kept in step with
research_searchdocument by triggers, as SQLite's FTS table is (migration 0002).

Why: a broad word matches a quarter of the archive, and a search must read every match
once for its counts and facets. In the document table four documents share a page, with
their text, and English and Spanish documents alternate, so "water" at 100,000 stories
read 21,866 pages for 25,812 English matches. Here a row holds only the tsvector and the
columns a search filters, counts and sorts on, and each language's rows sit together:
the same search reads 9,466 pages, and broad searches take a quarter to a third less time
(100,000 stories, "water": 180 -> 124 ms p50, both tables searched in turn in one run).
A RUM index that ranks in the index was tried on this table and left out: ranking here
costs little once the tsvector is in a narrow row, and it made theme-filtered searches
slower (the index scan reads and drops every match outside the theme).

The GIN indexes and the browse index move with the columns they serve (from 0004). The
generated `search_vector` column stays on the document table: the trigger copies it.
"""

import importlib

from django.db import migrations

FACETS = importlib.import_module("search.migrations.0004_facet_profiles")
on = FACETS.on

# Copied from each document; `search_vector` is 0002's generated column.
MATCH_COLUMNS = (
    "id, language, profile_id, visibility, not_before, year_from, year_to, sort_key, "
    "search_vector"
)
NEW_VALUES = ", ".join(f"NEW.{column.strip()}" for column in MATCH_COLUMNS.split(","))
OLD_VALUES = NEW_VALUES.replace("NEW.", "OLD.")

POSTGRES_FORWARD = [
    """CREATE TABLE research_match (
        id bigint NOT NULL,
        language varchar(2) NOT NULL,
        profile_id bigint NOT NULL,
        visibility varchar(10) NOT NULL,
        not_before date,
        year_from smallint,
        year_to smallint,
        sort_key integer NOT NULL,
        search_vector tsvector NOT NULL,
        PRIMARY KEY (id, language)
    ) PARTITION BY LIST (language)""",
    "CREATE TABLE research_match_en PARTITION OF research_match FOR VALUES IN ('en')",
    "CREATE TABLE research_match_es PARTITION OF research_match FOR VALUES IN ('es')",
    # A language added later is still found (its rows just share one partition).
    "CREATE TABLE research_match_other PARTITION OF research_match DEFAULT",
    f"""CREATE FUNCTION research_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND ({NEW_VALUES}) IS NOT DISTINCT FROM ({OLD_VALUES}) THEN
                RETURN NULL;  -- nothing a search reads changed (url, indexed_at, ...)
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM research_match WHERE language = OLD.language AND id = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO research_match ({MATCH_COLUMNS}) VALUES ({NEW_VALUES});
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER research_match_sync
        AFTER INSERT OR UPDATE OR DELETE ON research_searchdocument
        FOR EACH ROW EXECUTE FUNCTION research_match_sync()""",
    """CREATE FUNCTION research_match_clear() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE research_match;
            RETURN NULL;
        END $$""",
    # Django's test flush empties the document table with TRUNCATE.
    """CREATE TRIGGER research_match_clear AFTER TRUNCATE ON research_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION research_match_clear()""",
    f"""INSERT INTO research_match ({MATCH_COLUMNS})
        SELECT {MATCH_COLUMNS} FROM research_searchdocument ORDER BY id""",
    "CREATE INDEX research_match_vector ON research_match USING GIN (search_vector)",
    FACETS.BROWSE_ORDER.replace("research_doc_browse_order", "research_match_browse_order")
    .replace("ON research_searchdocument", "ON research_match")
    .replace("IF NOT EXISTS ", ""),
    "ANALYZE research_match",
    "DROP INDEX IF EXISTS research_doc_browse_order",
    *[f"DROP INDEX IF EXISTS research_vector_{language}" for language in ("en", "es")],
]
POSTGRES_BACKWARD = [
    *FACETS.VECTOR_INDEX_PER_LANGUAGE,
    FACETS.BROWSE_ORDER,
    "DROP TRIGGER IF EXISTS research_match_clear ON research_searchdocument",
    "DROP TRIGGER IF EXISTS research_match_sync ON research_searchdocument",
    "DROP FUNCTION IF EXISTS research_match_clear()",
    "DROP FUNCTION IF EXISTS research_match_sync()",
    "DROP TABLE IF EXISTS research_match",
]


class Migration(migrations.Migration):
    dependencies = [("research", "0005_index_version")]

    operations = [
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
    ]
