"""Indexes on Wagtail's page table for the lookups every story page makes.

- `slug_en`, `slug_es`: a story's address is found by its slug in the visitor's language, or
  in the other one when that is empty (StoryIndexPage._child_with_slug), an OR that only an
  index on each column serves.
- `(depth, path)`: the site's sections (the pages one level below home) are listed on every
  page; with the path index alone PostgreSQL read the whole story subtree to find them.

At 100,000 stories on PostgreSQL these lookups took 45–75 ms each; with the indexes about
1 ms (benchmarks/story_page.py).

wagtail-modeltranslation adds the slug columns only after every migration has run (its
`migrate` then syncs the page table). On a new database this migration adds the two slug
columns itself, as that sync would (varchar(255), NULL); the sync then finds them present.
"""

from django.db import migrations

SLUG_COLUMNS = ("slug_en", "slug_es")
INDEXES = {
    "memoria_page_slug_en": "slug_en",
    "memoria_page_slug_es": "slug_es",
    "memoria_page_depth_path": "depth, path",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        present = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "wagtailcore_page")
        }
    for column in SLUG_COLUMNS:
        if column not in present:
            schema_editor.execute(f"ALTER TABLE wagtailcore_page ADD COLUMN {column} varchar(255)")
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns})")


def drop(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_public_names_and_once_public"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
