"""PostgreSQL searches read `research_match` (migration research 0006), a narrow copy of
the index kept in step by triggers: after any write it holds exactly the documents' search
columns, each row in its own language's partition, and searches see every change."""

import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from search import indexing
from search.models import SearchDocument
from stories.models import Visibility
from tests.search.conftest import find, key, keys, paragraph

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="research_match exists on PostgreSQL only"
    ),
]

# The columns research_match copies (migrations 0006, 0007, 0009); vectors compared as text.
MATCH_COLUMNS = importlib.import_module(
    "search.migrations.0009_one_result_per_record"
).MATCH_COLUMNS
COLUMNS = MATCH_COLUMNS.replace("search_vector", "search_vector::text")


def rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {table} ORDER BY id")
        return cursor.fetchall()


def assert_in_step():
    assert rows("research_match") == rows("research_searchdocument")


def test_every_write_to_the_index_reaches_the_match_table(archive):
    story = archive["stories"]["migration"]
    assert_in_step()
    assert len(rows("research_match")) == SearchDocument.objects.count() > 0

    story.body_en = paragraph("The cooperative bought a tractor.")
    story.save_revision().publish()
    assert_in_step()
    assert key(story, "en") in keys(find("q=tractor"))

    story.visibility = Visibility.MEMBERS
    story.save_revision().publish()
    assert_in_step()
    assert key(story, "en") not in keys(find("q=tractor"))

    # The indexer replaces a record's documents; a direct update is followed too.
    document = SearchDocument.objects.get(key=key(story, "es"))
    SearchDocument.objects.filter(pk=document.pk).update(visibility="public", sort_key=1)
    assert_in_step()
    assert key(story, "es") in keys(find("q=sequía"))

    story.unpublish()
    assert_in_step()
    assert not SearchDocument.objects.filter(record_id=story.pk, kind="story").exists()


def test_each_language_has_its_own_partition(archive):
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableoid::regclass::text, language FROM research_match")
        placed = set(cursor.fetchall())
    assert placed == {("research_match_en", "en"), ("research_match_es", "es")}


def test_emptying_the_index_empties_the_match_table(archive):
    # Django's flush command empties tables with TRUNCATE.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's writes, checked now
        cursor.execute("TRUNCATE research_searchdocument CASCADE")
    assert rows("research_match") == []
    assert find("q=river").count == 0


def test_after_a_rebuild_the_planner_knows_how_many_rows_the_match_table_holds(archive):
    # Without fresh statistics the planner takes the copy for empty and will not read its
    # GIN indexes (search.indexing._refresh_statistics).
    indexing.rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::int, "
            "(SELECT COUNT(*) FROM research_match m WHERE m.tableoid = c.oid) "
            "FROM pg_class c WHERE c.relname IN ('research_match_en', 'research_match_es')"
        )
        for table, estimated, stored in cursor.fetchall():
            assert estimated == stored > 0, table


def vacuums(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


# VACUUM cannot run inside a transaction. Restored after, as the browser tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_vacuums_as_it_goes_so_its_later_batches_reuse_the_space(archive, monkeypatch):
    # A rebuild replaces every document; without these the tables end twice their size.
    monkeypatch.setattr(indexing, "RECLAIM_EVERY_BATCHES", 1)
    before = {table: vacuums(table) for table in ("research_searchdocument", "research_match_es")}
    indexing.rebuild(batch_size=2)
    for table, count in before.items():
        assert vacuums(table) >= count + 2, table
    assert_in_step()
    assert find("q=río").count > 0


def test_the_check_reports_a_copy_that_drifted_and_fixes_it(archive):
    # As if the triggers had been bypassed (a data-only restore that disables them): the
    # copy hides a public document and holds a row that has no document.
    story = archive["stories"]["migration"]
    document = SearchDocument.objects.get(key=key(story, "en"))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE research_match SET visibility = 'members' WHERE id = %s", [document.pk]
        )
        cursor.execute(
            f"INSERT INTO research_match ({MATCH_COLUMNS}) SELECT 999999, record_id, "
            "language, profile_id, visibility, not_before, not_after, year_from, year_to, "
            "sort_key, search_vector FROM research_match LIMIT 1"
        )
    drifted = find("q=drought")  # remembered under the index's unchanged version
    assert key(story, "en") not in keys(drifted)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 index entries out of step"):
        call_command("check_research_index", stdout=out)
    assert f"copy     {key(story, 'en')}" in out.getvalue()
    assert "copy     research_match:999999" in out.getvalue()

    call_command("check_research_index", "--fix", stdout=io.StringIO())
    assert_in_step()
    fixed = find("q=drought")
    assert key(story, "en") in keys(fixed)
    assert fixed.count == drifted.count + 1
    out = io.StringIO()
    call_command("check_research_index", stdout=out)
    assert "in step" in out.getvalue()


def test_only_the_search_statement_lowers_the_parallel_costs(archive):
    # Story pages and the admin keep PostgreSQL's defaults (lowered for every query, they
    # slowed story pages); the search still finds what it did.
    with connection.cursor() as cursor:
        cursor.execute("SHOW parallel_setup_cost")
        assert cursor.fetchone()[0] == "1000"
    assert key(archive["stories"]["migration"], "en") in keys(find())


def test_the_database_writes_in_full_the_spanish_words_the_other_engines_do():
    # Migration 0008's research_spanish_words and search.stemming.FULL_FORMS must agree,
    # or PostgreSQL would find what SQLite and Elasticsearch do not.
    from search.stemming import FULL_FORMS, stem

    with connection.cursor() as cursor:
        for short in FULL_FORMS["es"]:
            cursor.execute(
                "SELECT to_tsvector('research_spanish', research_spanish_words(%s))::text",
                [f"El {short.capitalize()} año"],
            )
            assert f"'{stem(short, 'es')}'" in cursor.fetchone()[0], short
