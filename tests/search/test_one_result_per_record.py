"""One result per record (issue 19): a testimony written in English and Spanish is one
result, in the reader's language when it is written in it, found by a word in either
language, counted once, with its other language one click away. Run against the engine
of the database under test (SQLite FTS5 or PostgreSQL); test_elasticsearch_wire.py holds
Elasticsearch to the same through its requests and answers."""

import pytest
from django.utils import translation

from search.engines.base import MARK_START
from tests.factories import make_story
from tests.search.conftest import find, key, keys, paragraph

pytestmark = pytest.mark.django_db


def find_as(reader, params=""):
    """Search as a visitor reading the archive in `reader` ("en" or "es")."""
    with translation.override(reader):
        return find(params)


def test_a_record_written_in_both_languages_is_one_result_in_the_readers_language(archive):
    migration = archive["stories"]["migration"]
    for reader in ("en", "es"):
        results = find_as(reader, "place=madison")
        assert [hit.key for hit in results.hits] == [key(migration, reader)], reader
        assert results.count == 1


def test_a_word_in_the_other_language_finds_the_record_once_in_the_readers(archive):
    migration = archive["stories"]["migration"]
    # "drought" is only in the English text; a Spanish reader gets the Spanish version,
    # with the English words that matched as its snippet, marked as English.
    results = find_as("es", "q=drought")
    assert [hit.key for hit in results.hits] == [key(migration, "es")]
    (hit,) = results.hits
    assert MARK_START in hit.snippet and hit.snippet_language == "en"
    # "sequía" is only in the Spanish text: an English reader gets the English version.
    assert [hit.key for hit in find_as("en", "q=sequía").hits] == [key(migration, "en")]


def test_a_record_written_in_one_language_is_shown_in_it_to_every_reader(archive):
    river, mine = archive["stories"]["river_es"], archive["stories"]["mine_en"]
    assert key(river, "es") in keys(find_as("en", "q=comité"))
    assert key(mine, "en") in keys(find_as("es", "q=mine"))
    hit = next(hit for hit in find_as("en", "kind=story").hits if hit.record_id == river.pk)
    assert (hit.language, hit.other_language, hit.other_url) == ("es", "", "")


def test_each_result_offers_its_other_language(archive):
    migration = archive["stories"]["migration"]
    (english,) = find_as("en", "place=madison").hits
    (spanish,) = find_as("es", "place=madison").hits
    assert english.other_language == "es" and english.other_url == spanish.url
    assert spanish.other_language == "en" and spanish.other_url == english.url
    assert english.url != spanish.url and spanish.url.startswith("/es/")
    assert migration.pk == english.record_id == spanish.record_id


def test_counts_and_facets_count_a_record_once(archive):
    for reader in ("en", "es"):
        results = find_as(reader, "")
        assert results.count == len(results.hits) == 3
        facets = {
            name: {v.value: v.count for v in values} for name, values in results.facets.items()
        }
        assert facets["kind"] == {"story": 3}
        assert facets["place"] == {"arcatao": 2, "madison": 1}
        assert facets["decade"] == {"1980": 1, "2000": 1, "2010": 1}
        assert facets["theme"]["migration"] == 1
        # Each language counts the records written in it.
        assert facets["language"] == {"en": 2, "es": 2}
    words = find_as("es", "q=migration")
    assert words.count == len(words.hits) == 1
    assert {v.value: v.count for v in words.facets["theme"]} == {"migration": 1}


def test_the_language_filter_keeps_records_written_in_it_shown_in_it(archive):
    stories = archive["stories"]
    results = find_as("en", "lang=es")
    assert keys(results) == {key(stories["river_es"], "es"), key(stories["migration"], "es")}
    assert results.count == 2
    assert keys(find_as("es", "lang=en&q=migración")) == {key(stories["migration"], "en")}


def test_the_total_matches_the_pages(archive):
    index = archive["index"]
    for number in range(22):
        make_story(
            index,
            title_en=f"Harvest diary {number}",
            body_en=paragraph("The harvest came late."),
            title_es=f"Diario de la cosecha {number}",
            body_es=paragraph("La cosecha llegó tarde y la harvest también."),
        )
    for reader in ("en", "es"):
        first = find_as(reader, "q=harvest&sort=oldest")
        second = find_as(reader, "q=harvest&sort=oldest&page=2")
        assert first.count == 22 and len(first.hits) == 20 and len(second.hits) == 2
        records = [hit.record_id for hit in first.hits + second.hits]
        assert len(set(records)) == 22
        assert {hit.language for hit in first.hits + second.hits} == {reader}
