"""Facet profiles (search.models.FacetProfile) replace each document's own copies of its
decade, theme ids and place ids: a search counts its matches per profile. Existing
documents get their profiles here, so no rebuild is needed.

PostgreSQL also gets one GIN index per language instead of one for both: a search reads
one language's index per branch, and the planner no longer intersects the full-text
matches with an index of every document in that language (13 ms per branch at 100,000
stories, bench_search). Browsing gets an index in its own order that also holds each
document's profile (replacing 0003's covering index).

On SQLite, removing columns rebuilds the table, which drops its triggers: they are made
again from migration 0002.
"""

import importlib

from django.db import migrations, models

from search.models import profile_key

FULL_TEXT = importlib.import_module("search.migrations.0002_full_text")
# Dropped first, in case this database kept them.
SQLITE_TRIGGERS = [
    *[
        f"DROP TRIGGER IF EXISTS research_fts_{event}"
        for event in ("insert", "delete", "update")
    ],
    *[statement for statement in FULL_TEXT.SQLITE_FORWARD if statement.startswith("CREATE TRIGGER")],
]
COVERING_BEFORE = """CREATE INDEX IF NOT EXISTS research_doc_browse_covering
    ON research_searchdocument (visibility, language) INCLUDE (id, kind, decade, year_from,
    year_to, sort_key, not_before, theme_ids, place_ids)"""
# Browsing counts every visible document's profile and lists them oldest first, undated
# last: this index serves both, read alone, and the page stops after its first rows.
BROWSE_ORDER = """CREATE INDEX IF NOT EXISTS research_doc_browse_order
    ON research_searchdocument (visibility, (CASE WHEN sort_key = 0 THEN 1 ELSE 0 END),
    sort_key, id) INCLUDE (profile_id, year_from, year_to, not_before)"""
ONE_VECTOR_INDEX = """CREATE INDEX IF NOT EXISTS research_searchdocument_vector
    ON research_searchdocument USING GIN (search_vector)"""
VECTOR_INDEX_PER_LANGUAGE = [
    f"""CREATE INDEX IF NOT EXISTS research_vector_{language}
        ON research_searchdocument USING GIN (search_vector) WHERE language = '{language}'"""
    for language in ("en", "es")
]
BATCH = 2000


def fill_profiles(apps, schema_editor):
    SearchDocument = apps.get_model("research", "SearchDocument")
    FacetProfile = apps.get_model("research", "FacetProfile")
    profile_ids = {}
    documents = SearchDocument.objects.order_by("pk").values_list(
        "pk", "kind", "language", "decade", "theme_ids", "place_ids"
    )
    changed = []
    for pk, kind, language, decade, theme_ids, place_ids in documents.iterator(BATCH):
        theme_ids, place_ids = sorted(theme_ids or []), sorted(place_ids or [])
        key = profile_key(kind, language, decade, theme_ids, place_ids)
        if key not in profile_ids:
            profile_ids[key] = FacetProfile.objects.create(
                key=key,
                kind=kind,
                language=language,
                decade=decade,
                theme_ids=theme_ids,
                place_ids=place_ids,
            ).pk
        changed.append(SearchDocument(pk=pk, profile_id=profile_ids[key]))
        if len(changed) == BATCH:
            SearchDocument.objects.bulk_update(changed, ["profile"])
            changed = []
    SearchDocument.objects.bulk_update(changed, ["profile"])


def on(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("research", "0003_browse_covering_index")]

    operations = [
        # Going back, the table is rebuilt again below; this (reversed last) restores the
        # triggers then.
        migrations.RunPython(migrations.RunPython.noop, on("sqlite", SQLITE_TRIGGERS)),
        migrations.CreateModel(
            name="FacetProfile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True)),
                ("kind", models.CharField(max_length=8)),
                ("language", models.CharField(max_length=2)),
                ("decade", models.SmallIntegerField(null=True)),
                ("theme_ids", models.JSONField(default=list)),
                ("place_ids", models.JSONField(default=list)),
            ],
            options={"verbose_name": "research facet profile"},
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="profile",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="research.facetprofile",
            ),
        ),
        migrations.RunPython(fill_profiles, migrations.RunPython.noop),
        migrations.RunPython(
            on("postgresql", ["DROP INDEX IF EXISTS research_doc_browse_covering"]),
            on("postgresql", [COVERING_BEFORE]),
        ),
        migrations.RemoveField(model_name="searchdocument", name="decade"),
        migrations.RemoveField(model_name="searchdocument", name="place_ids"),
        migrations.RemoveField(model_name="searchdocument", name="theme_ids"),
        migrations.AlterField(
            model_name="searchdocument",
            name="profile",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="research.facetprofile",
            ),
        ),
        migrations.RunPython(
            on(
                "postgresql",
                [
                    BROWSE_ORDER,
                    *VECTOR_INDEX_PER_LANGUAGE,
                    "DROP INDEX IF EXISTS research_searchdocument_vector",
                ],
            ),
            on(
                "postgresql",
                [
                    "DROP INDEX IF EXISTS research_doc_browse_order",
                    ONE_VECTOR_INDEX,
                    *[f"DROP INDEX IF EXISTS research_vector_{lang}" for lang in ("en", "es")],
                ],
            ),
        ),
        # SQLite rebuilt the table for the column changes above, dropping its triggers.
        migrations.RunPython(on("sqlite", SQLITE_TRIGGERS), migrations.RunPython.noop),
    ]
