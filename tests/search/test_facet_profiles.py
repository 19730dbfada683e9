"""Facet profiles: the database engines count matches per profile (kind, languages, decade,
themes, places) instead of per document, each record once. These check that profiles are
shared, that the index keeps them right as the archive changes, and that counts read
through them are the counts a researcher expects."""

import pytest

from search import indexing
from search.models import FacetProfile, SearchDocument
from tests.factories import make_story
from tests.search.conftest import find

pytestmark = pytest.mark.django_db


def _theme_counts(results):
    return {value.value: value.count for value in results.facets["theme"]}


def test_documents_with_the_same_facets_share_one_profile(archive):
    mine = archive["stories"]["mine_en"]
    profiles = FacetProfile.objects.count()
    # Same kind, language, decade (2010s), theme and place as "No to the mine".
    twin = make_story(
        archive["index"],
        spanish=False,
        title_en="The second consultation",
        themes=[archive["themes"]["mining"]],
        places=list(mine.places.all()),
        date_year=2012,
    )
    assert FacetProfile.objects.count() == profiles
    documents = SearchDocument.objects.filter(kind="story", record_id__in=[mine.pk, twin.pk])
    assert len({document.profile_id for document in documents}) == 1
    results = find("theme=mining&kind=story")
    assert results.count == 2
    assert _theme_counts(results)["mining"] == 2  # both counted through the one profile


def test_rebuilding_the_index_reuses_the_profiles_it_has(archive):
    profiles = set(FacetProfile.objects.values_list("pk", flat=True))
    before = find("")
    indexing.rebuild(batch_size=2)
    assert set(FacetProfile.objects.values_list("pk", flat=True)) == profiles
    after = find("")
    assert after.count == before.count
    assert {
        facet: [(v.value, v.count) for v in values] for facet, values in after.facets.items()
    } == {facet: [(v.value, v.count) for v in values] for facet, values in before.facets.items()}


def test_moving_a_theme_under_another_moves_its_records_in_the_facets(archive):
    environment, migration = archive["themes"]["environment"], archive["themes"]["migration"]
    assert _theme_counts(find("q=migration")).get("environment-climate") is None
    migration.parent = environment
    migration.save()
    counts = _theme_counts(find("q=migration"))
    # The migration story (once, though written in both languages) now also counts under
    # its new parent theme, and choosing that theme finds it.
    assert counts["environment-climate"] == counts["migration"] == 1
    story = archive["stories"]["migration"]
    assert story.pk in {hit.record_id for hit in find("q=migration&theme=environment-climate").hits}


def test_period_filters_count_years_not_decades(archive):
    # The profile knows the decade; a period inside it must still count by year.
    make_story(archive["index"], title_en="Return in 1981", date_year=1981)
    results = find("from=1985&to=1995&kind=story")
    assert {hit.title for hit in results.hits} == {"Why my cousin went north"}
    assert results.count == 1
    decades = {value.value: value.count for value in results.facets["decade"]}
    # The decade facet ignores the period chosen (as every facet ignores its own filter):
    # the 1981 story counts there, each story once.
    assert decades["1980"] == 2
