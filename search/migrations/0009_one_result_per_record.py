"""One result per record: every language's document of a record shares one facet profile,
which names the languages the record is written in (`languages`) instead of the
document's own language. A search then groups its matches on (profile, record id) to
answer one result per record, and counts each record once (search.engines.database).

PostgreSQL: `research_match` (0006) gains the record id, copied by its trigger and held
in the browse index, so browsing still reads that index alone.
"""

import hashlib
import importlib
import json

from django.db import migrations, models

EXPIRY = importlib.import_module("search.migrations.0007_expiry")
on = EXPIRY.on
BATCH = 2000

MATCH_COLUMNS = EXPIRY.MATCH_COLUMNS.replace("id, language,", "id, record_id, language,")
POSTGRES_FORWARD = [
    "ALTER TABLE research_match ADD COLUMN record_id bigint",
    """UPDATE research_match m SET record_id = d.record_id FROM research_searchdocument d
        WHERE d.id = m.id""",
    "ALTER TABLE research_match ALTER COLUMN record_id SET NOT NULL",
    EXPIRY._sync_function(MATCH_COLUMNS),
    "DROP INDEX IF EXISTS research_match_browse_order",
    EXPIRY._browse_index(
        "profile_id, record_id, language, year_from, year_to, not_before, not_after"
    ),
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS research_match_browse_order",
    EXPIRY._browse_index("profile_id, year_from, year_to, not_before, not_after"),
    EXPIRY._sync_function(EXPIRY.MATCH_COLUMNS),
    "ALTER TABLE research_match DROP COLUMN IF EXISTS record_id",
]


def _regroup(apps, profile_fields):
    """Give each document the profile whose language fields `profile_fields(document's
    language, its record's languages)` gives ({"languages": [...]} or {"language": ...})."""
    SearchDocument = apps.get_model("research", "SearchDocument")
    FacetProfile = apps.get_model("research", "FacetProfile")
    record_languages = {}
    rows = SearchDocument.objects.values_list("kind", "record_id", "language")
    for kind, record_id, language in rows.iterator(BATCH):
        record_languages.setdefault((kind, record_id), set()).add(language)
    old = {profile.pk: profile for profile in FacetProfile.objects.all()}
    new_ids, changed = {}, []
    rows = SearchDocument.objects.order_by("pk").values_list(
        "pk", "kind", "record_id", "language", "profile_id"
    )
    for pk, kind, record_id, language, profile_id in rows.iterator(BATCH):
        profile = old[profile_id]
        languages = profile_fields(language, sorted(record_languages[(kind, record_id)]))
        themes, places = sorted(profile.theme_ids or []), sorted(profile.place_ids or [])
        # search.models.profile_key then and now: the language as text, or the list.
        (value,) = languages.values()
        values = [kind, value, profile.decade, themes, places]
        key = hashlib.sha256(json.dumps(values).encode()).hexdigest()
        if key not in new_ids:
            new_ids[key] = FacetProfile.objects.create(
                key=key,
                kind=kind,
                decade=profile.decade,
                theme_ids=themes,
                place_ids=places,
                **languages,
            ).pk
        changed.append(SearchDocument(pk=pk, profile_id=new_ids[key]))
        if len(changed) == BATCH:
            SearchDocument.objects.bulk_update(changed, ["profile"])
            changed = []
    SearchDocument.objects.bulk_update(changed, ["profile"])
    FacetProfile.objects.filter(pk__in=old).delete()


def _check_now(schema_editor):
    # PostgreSQL checks foreign keys at commit; the table is altered next in the same
    # transaction, which it refuses while those checks are pending.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def by_record(apps, schema_editor):
    _regroup(apps, lambda language, languages: {"languages": languages})
    _check_now(schema_editor)


def by_document(apps, schema_editor):
    _regroup(apps, lambda language, languages: {"language": language})
    _check_now(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("research", "0008_exact_stems")]

    operations = [
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
        migrations.AddField(
            model_name="facetprofile",
            name="languages",
            field=models.JSONField(default=list),
        ),
        migrations.AlterField(
            model_name="facetprofile",
            name="language",
            field=models.CharField(max_length=2, default=""),
        ),
        migrations.RunPython(by_record, by_document),
        migrations.RemoveField(model_name="facetprofile", name="language"),
    ]
