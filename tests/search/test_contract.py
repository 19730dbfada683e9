"""The research search contract, run against the engine of the database under test
(SQLite FTS5 or PostgreSQL; CI runs both). The Elasticsearch engine is held to the same
behaviour in test_elasticsearch_live.py against a real cluster."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.http import QueryDict
from django.utils import timezone

from archive.roles import MEMBERS
from search.engines.base import MARK_START
from stories.models import Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block
from tests.search.conftest import embargoed_story, find, key, keys, paragraph

pytestmark = pytest.mark.django_db


def test_accents_and_case_do_not_matter(archive):
    migration = archive["stories"]["migration"]
    for typed in ("migracion", "MIGRACIÓN", "Migración"):
        assert key(migration, "es") in keys(find(f"q={typed}&lang=es")), typed


def test_each_language_is_stemmed_by_its_own_rules(archive):
    river, mine = archive["stories"]["river_es"], archive["stories"]["mine_en"]
    assert key(river, "es") in keys(find("q=migrante"))  # text says "migrantes"
    assert key(mine, "en") in keys(find("q=mines"))  # text says "mine"


def test_the_shared_vocabulary_carries_a_search_across_languages(archive):
    river, mine = archive["stories"]["river_es"], archive["stories"]["mine_en"]
    # English-only story tagged Mining, found by the Spanish word.
    assert key(mine, "en") in keys(find("q=minería"))
    assert key(mine, "en") in keys(find("q=mineria"))
    # Spanish-only story tagged Water (Agua), found by the English word.
    assert key(river, "es") in keys(find("q=water"))


def test_a_quoted_phrase_must_appear_as_written(archive):
    mine = archive["stories"]["mine_en"]
    assert key(mine, "en") in keys(find('q="bring jobs"'))
    assert key(mine, "en") not in keys(find('q="jobs bring"'))
    # Without quotes the same words match in any order.
    assert key(mine, "en") in keys(find("q=jobs bring"))


def test_every_word_must_match(archive):
    assert find("q=drought jobs").count == 0
    assert find("q=river mine").count >= 1


def test_a_theme_filter_includes_its_child_themes(archive):
    river, mine = archive["stories"]["river_es"], archive["stories"]["mine_en"]
    found = keys(find("theme=environment-climate&kind=story"))
    assert found == {key(river, "es"), key(mine, "en")}
    assert keys(find("theme=water&kind=story")) == {key(river, "es")}


def test_place_year_language_and_kind_filters(archive):
    stories = archive["stories"]
    # A record written in both languages is one result, in the reader's language.
    assert keys(find("place=madison")) == {key(stories["migration"], "en")}
    assert keys(find("from=2000&to=2010")) == {key(stories["river_es"], "es")}
    assert keys(find("to=1990")) == {key(stories["migration"], "en")}
    assert {hit.language for hit in find("lang=es").hits} == {"es"}
    assert {hit.kind for hit in find("kind=story").hits} == {"story"}


def test_facet_counts_follow_the_other_filters_not_their_own(archive):
    results = find("theme=water&lang=es")
    themes = {value.value: value.count for value in results.facets["theme"]}
    # The theme facet ignores the chosen theme (other themes stay reachable) ...
    assert themes["migration"] == 1
    # ... and a parent theme counts what its children hold.
    assert themes["environment-climate"] == 1 and themes["water"] == 1
    # The language facet ignores the language filter but keeps the theme filter.
    languages = {value.value: value.count for value in results.facets["language"]}
    assert languages == {"es": 1}
    decades = {value.value: value.count for value in find("q=river").facets["decade"]}
    assert decades == {"1980": 1, "2010": 1}  # c. 1989 and 2017


def test_sorting_by_date_and_paging(archive):
    stories = archive["stories"]
    oldest = [hit.record_id for hit in find("kind=story&sort=oldest").hits]
    newest = [hit.record_id for hit in find("kind=story&sort=newest").hits]
    assert oldest[0] == stories["migration"].pk and oldest[-1] == stories["mine_en"].pk
    assert newest[0] == stories["mine_en"].pk
    first, second = find("kind=story&sort=oldest"), find("kind=story&sort=oldest&page=2")
    assert first.count == 3 and len(first.hits) == 3 and second.hits == []


def test_browsing_without_words_lists_everything_visible_with_facets(archive):
    results = find("")
    assert results.count == 3
    assert {value.value for value in results.facets["kind"]} == {"story"}
    # The bilingual record counts under each language it is written in.
    assert sum(value.count for value in results.facets["language"]) == 4


def test_matches_are_highlighted_in_the_snippet(archive):
    hit = find("q=drought&lang=en").hits[0]
    assert MARK_START in hit.snippet and "rought" in hit.snippet


def test_the_narrator_is_found_by_public_name_only(archive, site_structure):
    narrator = make_narrator(pseudonym="Tomasa del Río", real_name="Hidden Truename")
    story = make_story(archive["index"], narrators=[narrator])
    assert key(story, "en") in keys(find("q=tomasa"))
    assert find("q=truename").count == 0


def test_members_only_stories_are_found_by_members_only(archive):
    story = make_story(archive["index"], visibility=Visibility.MEMBERS, title_en="Closed meeting")
    assert key(story, "en") not in keys(find("q=closed meeting"))
    member = User.objects.create_user("member")
    member.groups.add(Group.objects.get(name=MEMBERS))
    assert key(story, "en") in keys(find("q=closed meeting", user=member))


def test_an_embargo_lapses_in_search_on_its_day(archive):
    until = timezone.localdate() + datetime.timedelta(days=3)
    story = embargoed_story(archive["index"], until, title_en="Testimony under embargo")
    assert find("q=embargo").count == 0
    later = until + datetime.timedelta(days=1)
    assert key(story, "en") in keys(find("q=embargo", today=later))


def test_a_photo_shown_only_by_an_embargoed_story_appears_on_the_same_day(archive):
    until = timezone.localdate() + datetime.timedelta(days=3)
    photo = make_photo("Vigil", "vigil.jpg", caption_en="Candlelight vigil in the plaza")
    embargoed_story(
        archive["index"], until, title_en="Testimony under embargo", body_en=photo_block(photo)
    )
    assert find("q=candlelight&kind=photo").count == 0
    assert find("q=candlelight&kind=photo", today=until - datetime.timedelta(days=1)).count == 0
    later = find("q=candlelight&kind=photo", today=until + datetime.timedelta(days=1))
    assert [hit.key for hit in later.hits] == [f"photo:{photo.pk}:en"]


def test_unpublishing_and_deleting_remove_a_story(archive):
    mine = archive["stories"]["mine_en"]
    mine.unpublish()
    assert find("q=mine&kind=story").count == 0
    river = archive["stories"]["river_es"]
    river.delete()
    assert find("q=comité").count == 0


def test_renaming_a_theme_reaches_the_index(archive):
    mine = archive["stories"]["mine_en"]
    theme = archive["themes"]["mining"]
    theme.name_es = "Extractivismo"
    theme.save()
    assert key(mine, "en") in keys(find("q=extractivismo"))


def test_withdrawing_consent_removes_the_story_everywhere_in_search(archive):
    from stories.consent import withdraw_consent

    narrator = make_narrator(pseudonym="Doña Elena")
    story = make_story(archive["index"], narrators=[narrator], title_en="The long walk")
    assert key(story, "en") in keys(find("q=long walk"))
    officer = User.objects.create_superuser("officer")
    withdraw_consent(narrator, officer, "She asked us to.")
    results = find("")
    assert story.pk not in {hit.record_id for hit in results.hits}
    assert results.count == 3


def test_hidden_stories_count_in_no_facet_for_the_public(archive):
    before = find("")
    until = timezone.localdate() + datetime.timedelta(days=30)
    for fields in (
        {"visibility": Visibility.MEMBERS},
        {"visibility": Visibility.EMBARGOED, "embargo_until": until},
    ):
        make_story(archive["index"], themes=[archive["themes"]["mining"]], **fields)
    after = find("")

    def counts(results):
        return {
            facet: {value.value: value.count for value in values}
            for facet, values in results.facets.items()
        }

    assert after.count == before.count
    assert counts(after) == counts(before)


def test_deleting_the_story_index_removes_its_stories_from_search(archive):
    assert find("kind=story").count == 3
    archive["index"].delete()
    assert find("kind=story").count == 0


def test_a_search_without_facets_gives_the_same_hits_and_count(archive):
    # Exports page through results this way: no facet work, nothing else changes.
    from search import engines
    from search.query import parse_request

    with_facets = find("kind=story&sort=oldest")
    query = parse_request(QueryDict("kind=story&sort=oldest"))
    query.facets = False
    without = engines.search(query)
    assert without.count == with_facets.count == 3
    assert [hit.key for hit in without.hits] == [hit.key for hit in with_facets.hits]
    assert not any(without.facets.values()) and any(with_facets.facets.values())


def test_choosing_two_themes_finds_the_records_of_either(archive):
    river, migration = archive["stories"]["river_es"], archive["stories"]["migration"]
    found = keys(find("theme=water&theme=migration&kind=story"))
    assert found == {key(river, "es"), key(migration, "en")}


def test_best_match_puts_a_word_in_the_title_above_the_same_word_in_the_text(archive):
    index = archive["index"]
    in_text = make_story(
        index,
        spanish=False,
        title_en="Notes from the assembly",
        body_en=paragraph("We spoke of the cooperative and the harvest."),
    )
    in_title = make_story(
        index,
        spanish=False,
        title_en="The cooperative",
        body_en=paragraph("We spoke of the harvest."),
    )
    found = [hit.key for hit in find("q=cooperative&sort=relevance").hits]
    assert found == [key(in_title, "en"), key(in_text, "en")]


def test_a_word_finds_its_own_stem_not_longer_words_that_begin_like_it(archive):
    # "primo" (cousin) shares its first letters with "primer/primera/primeros" (first),
    # and Snowball even cuts "primer" to the stem of "primo".
    index = archive["index"]
    cousin = archive["stories"]["migration"]  # "Por qué mi primo se fue al norte"
    cousins = make_story(
        index,
        english=False,
        title_es="La beca",
        body_es=paragraph("Sin la beca me habría ido al norte, como mis primos."),
    )
    firsts = [
        make_story(index, english=False, title_es=title, body_es=paragraph(text))
        for title, text in (
            ("La ley", "Fue el primer país del mundo en prohibir la minería metálica."),
            ("La delegación", "La primera semana de una delegación en Arcatao."),
            ("Las cartas", "Los primeros años llegaron cartas de Madison."),
        )
    ]
    found = keys(find("q=primo&lang=es"))
    assert found == {key(cousin, "es"), key(cousins, "es")}
    assert not found & {key(story, "es") for story in firsts}
    # Each of those words still finds its own story, and its other forms.
    assert key(firsts[0], "es") in keys(find("q=primer"))
    assert key(firsts[0], "es") in keys(find("q=primero"))
    assert key(firsts[1], "es") in keys(find("q=primeras"))


def test_an_english_word_still_finds_its_other_forms(archive):
    index = archive["index"]
    rivers = make_story(
        index,
        spanish=False,
        title_en="Two rivers",
        body_en=paragraph("The rivers of Chalatenango ran dry that year."),
    )
    riverside = make_story(
        index,
        spanish=False,
        title_en="A riverside school",
        summary_en="Lessons outdoors.",
        body_en=paragraph("Classes were held by the water."),
    )
    found = keys(find("q=river&lang=en"))
    assert key(rivers, "en") in found and key(archive["stories"]["mine_en"], "en") in found
    assert key(riverside, "en") not in found
    assert key(rivers, "en") in keys(find("q=ríver"))
