"""PostgreSQL only: an index holding every column a search reads from its matches, so
browsing (no words: every visible record) reads this 20 MB index instead of the 350 MB
table at 100,000 stories (an index-only scan; bench_search measures it). SQLite browses
fast enough from its own table."""

from django.db import migrations

FORWARD = """CREATE INDEX IF NOT EXISTS research_doc_browse_covering ON research_searchdocument
    (visibility, language) INCLUDE (id, kind, decade, year_from, year_to, sort_key,
    not_before, theme_ids, place_ids)"""
BACKWARD = "DROP INDEX IF EXISTS research_doc_browse_covering"


def _postgres_only(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("research", "0002_full_text")]

    operations = [migrations.RunPython(_postgres_only(FORWARD), _postgres_only(BACKWARD))]
