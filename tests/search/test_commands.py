"""rebuild_research_index and check_research_index, as an operator runs them."""

import io

import pytest
from django.core.management import CommandError, call_command

from search.models import FacetProfile, RebuildProgress, SearchDocument

pytestmark = pytest.mark.django_db


def _keys():
    return set(SearchDocument.objects.values_list("key", flat=True))


def test_a_rebuild_restores_a_lost_index_and_drops_what_should_not_be_there(archive):
    before = _keys()
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(
        key="story:999999:en",
        kind="story",
        record_id=999999,
        language="en",
        title="Ghost",
        url="/ghost/",
        visibility="public",
        profile=FacetProfile.objects.create(key="ghost", kind="story", languages=["en"]),
    )
    out = io.StringIO()
    call_command("rebuild_research_index", "--batch-size", "2", stdout=out, stderr=io.StringIO())
    assert _keys() == before
    assert "rebuilt" in out.getvalue()
    assert not RebuildProgress.objects.exists()


def test_an_interrupted_rebuild_resumes_where_it_stopped(archive):
    stories = sorted(story.pk for story in archive["stories"].values())
    SearchDocument.objects.filter(kind="story").delete()
    # As if a rebuild had indexed the first story and was then stopped.
    from django.utils import timezone

    RebuildProgress.objects.create(
        kind="story", last_record_id=stories[0], started_at=timezone.now()
    )
    call_command(
        "rebuild_research_index",
        "--resume",
        "--kind",
        "story",
        stderr=io.StringIO(),
        stdout=io.StringIO(),
    )
    indexed = set(SearchDocument.objects.filter(kind="story").values_list("record_id", flat=True))
    assert indexed == set(stories[1:])


def test_the_check_reports_missing_and_stale_entries_and_fixes_them(archive):
    story = archive["stories"]["mine_en"]
    SearchDocument.objects.filter(key=f"story:{story.pk}:en").update(title="Old title")
    river = archive["stories"]["river_es"]
    SearchDocument.objects.filter(record_id=river.pk, kind="story").delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 index entries out of step"):
        call_command("check_research_index", stdout=out)
    assert f"stale    story:{story.pk}:en" in out.getvalue()
    assert f"missing  story:{river.pk}:es" in out.getvalue()
    call_command("check_research_index", "--fix", stdout=io.StringIO())
    out = io.StringIO()
    call_command("check_research_index", stdout=out)
    assert "in step" in out.getvalue()


def test_the_search_benchmark_prints_a_row_of_figures_per_query(archive):
    from django.db import connection

    from search.management.commands.bench_search import QUERIES

    out = io.StringIO()
    call_command("bench_search", "--repeat", "2", stdout=out)
    lines = out.getvalue().splitlines()
    floors = 2 if connection.vendor == "postgresql" else 0
    for label, params in QUERIES:
        row = next(line for line in lines if line.startswith(label))
        # results, research and repeated p50/p95, then Wagtail's and the floors' for
        # word queries.
        figures = row[len(label) :].replace("/", " ").replace("—", " ").split()
        expected = 5 + (2 + 2 * floors if "q=" in params else 0)
        assert len(figures) == expected, row
        assert all(float(figure) >= 0 for figure in figures), row
