"""Remembered search results (search.result_cache): the same search is not run twice on
the same version of the index, and a change to the index is seen by the very next search,
even when it is the same search, so a hidden story never comes back from memory."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.models import SearchDocument
from search.result_cache import index_version
from stories.models import Visibility
from tests.factories import make_narrator, make_story
from tests.search.conftest import embargoed_story, find, key, keys

pytestmark = pytest.mark.django_db


def searches_run(queries):
    """How many of these SQL statements were full searches (not cache reads)."""
    return sum("WITH m AS" in query["sql"] for query in queries)


def facet_counts(results):
    return {
        facet: {value.value: value.count for value in values}
        for facet, values in results.facets.items()
    }


def test_the_same_search_twice_runs_once_and_answers_the_same(archive):
    with CaptureQueriesContext(connection) as first_run:
        first = find("q=river")
    with CaptureQueriesContext(connection) as second_run:
        second = find("q=river")
    assert searches_run(first_run.captured_queries) == 1
    assert searches_run(second_run.captured_queries) == 0
    assert first.count == second.count > 0
    assert [hit.key for hit in first.hits] == [hit.key for hit in second.hits]
    assert [hit.snippet for hit in first.hits] == [hit.snippet for hit in second.hits]
    assert facet_counts(first) == facet_counts(second)


def test_each_filter_and_audience_is_its_own_search(archive):
    with CaptureQueriesContext(connection) as runs:
        find("q=river")
        find("q=river&lang=es")
        find("q=river&sort=newest")
        find("q=river", user=User.objects.create_superuser("editor"))
    assert searches_run(runs.captured_queries) == 4


def test_the_first_ten_pages_come_from_one_search(archive):
    for number in range(25):
        make_story(archive["index"], title_en=f"Harvest report {number}", date_year=1990 + number)
    with CaptureQueriesContext(connection) as runs:
        first, second = find("q=harvest"), find("q=harvest&page=2")
    assert searches_run(runs.captured_queries) == 1
    assert first.count == second.count == 25
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert not {hit.key for hit in first.hits} & {hit.key for hit in second.hits}
    with CaptureQueriesContext(connection) as runs:
        beyond = find("q=harvest&page=11")
    assert searches_run(runs.captured_queries) == 1
    assert beyond.hits == []


def test_a_story_made_members_only_leaves_the_same_search_at_once(archive):
    story = make_story(archive["index"], title_en="The assembly in the square")
    before = find("q=assembly")
    assert key(story, "en") in keys(before)
    story.visibility = Visibility.MEMBERS
    story.save_revision().publish()
    after = find("q=assembly")
    assert key(story, "en") not in keys(after)
    assert after.count == before.count - 1
    assert sum(value.count for value in after.facets["language"]) == after.count


def test_withdrawn_consent_empties_the_same_search_at_once(archive):
    from stories.consent import withdraw_consent

    narrator = make_narrator(pseudonym="Don Tomás")
    story = make_story(archive["index"], narrators=[narrator], title_en="The long walk north")
    assert key(story, "en") in keys(find("q=long walk"))
    withdraw_consent(narrator, User.objects.create_superuser("officer"), "He asked us to.")
    assert find("q=long walk").count == 0


def test_an_embargo_lapses_on_its_day_after_the_same_search_was_remembered(archive):
    until = timezone.localdate() + datetime.timedelta(days=3)
    story = embargoed_story(archive["index"], until, title_en="Testimony held back")
    assert find("q=held back", today=until - datetime.timedelta(days=1)).count == 0
    assert key(story, "en") in keys(find("q=held back", today=until + datetime.timedelta(days=1)))


def test_every_write_to_the_index_gives_it_a_new_version(archive):
    versions = [index_version()]
    document = SearchDocument.objects.filter(kind="story").first()
    document.title = "Renamed"
    document.save()
    versions.append(index_version())
    SearchDocument.objects.filter(pk=document.pk).update(visibility="members")
    versions.append(index_version())
    SearchDocument.objects.filter(pk=document.pk).delete()
    versions.append(index_version())
    make_story(archive["index"], title_en="A new arrival")
    versions.append(index_version())
    assert None not in versions
    assert len(set(versions)) == len(versions)


def test_a_rolled_back_change_leaves_no_results_behind(archive):
    river = archive["stories"]["river_es"]
    before = find("q=comité")
    assert key(river, "es") in keys(before)
    version = index_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        SearchDocument.objects.filter(kind="story", record_id=river.pk).delete()
        assert find("q=comité").count == 0  # remembered under the uncommitted version
        raise RuntimeError("the request failed")
    assert index_version() == version
    after = find("q=comité")
    assert keys(after) == keys(before)
    # A new write after the rollback must not meet what the rolled-back one remembered.
    SearchDocument.objects.filter(kind="story", record_id=river.pk).delete()
    assert find("q=comité").count == 0
    assert index_version() != version


def test_a_hit_removed_behind_the_cache_is_left_out_not_an_error(archive):
    """The page's ids and the documents are read in two statements: a record removed in
    between (by another request) is dropped from the page."""
    river = archive["stories"]["river_es"]
    find("q=comité")
    with connection.cursor() as cursor:
        # Without the triggers, as if the delete had come between the two reads.
        cursor.execute("SELECT token FROM research_indexversion")
        (token,) = cursor.fetchone()
        SearchDocument.objects.filter(kind="story", record_id=river.pk).delete()
        cursor.execute("UPDATE research_indexversion SET token = %s", [token])
    results = find("q=comité")
    assert key(river, "es") not in keys(results)


def test_a_hit_hidden_behind_the_cache_is_left_out(archive):
    """Page records are read again with the visitor's visibility: a record made
    members-only between the two reads never reaches the public."""
    river = archive["stories"]["river_es"]
    assert key(river, "es") in keys(find("q=comité"))
    with connection.cursor() as cursor:
        # Without the triggers, as if the change had come between the two reads.
        cursor.execute("SELECT token FROM research_indexversion")
        (token,) = cursor.fetchone()
        SearchDocument.objects.filter(kind="story", record_id=river.pk).update(visibility="members")
        cursor.execute("UPDATE research_indexversion SET token = %s", [token])
    assert key(river, "es") not in keys(find("q=comité"))
