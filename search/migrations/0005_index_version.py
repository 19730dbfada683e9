"""The research index's version token (search.models.IndexVersion), changed by triggers
on every write to the document table, so remembered search results are never served once
the index has changed (search.result_cache).

PostgreSQL: one statement-level trigger (insert, update, delete and truncate). SQLite has
only row-level triggers: one per event. SQLite drops a table's triggers when a migration
rebuilds the table: a later migration that alters research_searchdocument must create
these again, as 0004 does for 0002's full-text triggers (SQLITE_TRIGGERS below).
"""

import importlib

from django.db import migrations, models

# Runs a list of statements on one database vendor only.
on = importlib.import_module("search.migrations.0004_facet_profiles").on

TOKEN_UPSERT = (
    "INSERT INTO research_indexversion (id, token) VALUES (1, {token}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)
POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION research_index_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {TOKEN_UPSERT.format(token="replace(gen_random_uuid()::text, '-', '')")};
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER research_index_changed
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON research_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION research_index_changed()""",
    TOKEN_UPSERT.format(token="replace(gen_random_uuid()::text, '-', '')"),
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS research_index_changed ON research_searchdocument",
    "DROP FUNCTION IF EXISTS research_index_changed()",
]
SQLITE_TOKEN = "lower(hex(randomblob(16)))"
SQLITE_TRIGGERS = [
    *[
        f"DROP TRIGGER IF EXISTS research_version_{event}"
        for event in ("insert", "update", "delete")
    ],
    *[
        f"""CREATE TRIGGER research_version_{event} AFTER {event.upper()}
            ON research_searchdocument BEGIN {TOKEN_UPSERT.format(token=SQLITE_TOKEN)}; END"""
        for event in ("insert", "update", "delete")
    ],
]
SQLITE_FORWARD = [*SQLITE_TRIGGERS, TOKEN_UPSERT.format(token=SQLITE_TOKEN)]
SQLITE_BACKWARD = SQLITE_TRIGGERS[:3]


class Migration(migrations.Migration):
    dependencies = [("research", "0004_facet_profiles")]

    operations = [
        migrations.CreateModel(
            name="IndexVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "research index version"},
        ),
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
        migrations.RunPython(on("sqlite", SQLITE_FORWARD), on("sqlite", SQLITE_BACKWARD)),
    ]
