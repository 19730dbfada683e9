"""Index entries carry the moment their record expires (`not_after`, from a story's
expire_at), as they carry the day an embargo ends (`not_before`): an expired story leaves
search at once, not when `publish_scheduled` next unpublishes it.

On PostgreSQL, searches read `research_match` (0006): it gains the column, its trigger
copies it, and the browse index includes it, so browsing still reads that index alone.
"""

import importlib

from django.db import migrations, models

MATCH = importlib.import_module("search.migrations.0006_match_table")
on = MATCH.on

# What research_match copies of each document (0006's columns, and now the expiry).
MATCH_COLUMNS = MATCH.MATCH_COLUMNS.replace("not_before,", "not_before, not_after,")


def _sync_function(columns):
    new = ", ".join(f"NEW.{column.strip()}" for column in columns.split(","))
    old = new.replace("NEW.", "OLD.")
    return f"""CREATE OR REPLACE FUNCTION research_match_sync() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
                RETURN NULL;  -- nothing a search reads changed (url, indexed_at, ...)
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM research_match WHERE language = OLD.language AND id = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO research_match ({columns}) VALUES ({new});
            END IF;
            RETURN NULL;
        END $$"""


def _browse_index(included):
    return f"""CREATE INDEX research_match_browse_order ON research_match (visibility,
        (CASE WHEN sort_key = 0 THEN 1 ELSE 0 END), sort_key, id)
        INCLUDE ({included})"""


POSTGRES_FORWARD = [
    "ALTER TABLE research_match ADD COLUMN not_after timestamp with time zone",
    # Documents written before this migration have no expiry: nothing to copy.
    _sync_function(MATCH_COLUMNS),
    "DROP INDEX IF EXISTS research_match_browse_order",
    _browse_index("profile_id, year_from, year_to, not_before, not_after"),
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS research_match_browse_order",
    _browse_index("profile_id, year_from, year_to, not_before"),
    _sync_function(MATCH.MATCH_COLUMNS),
    "ALTER TABLE research_match DROP COLUMN IF EXISTS not_after",
]


class Migration(migrations.Migration):
    dependencies = [("research", "0006_match_table")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="not_after",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
    ]
