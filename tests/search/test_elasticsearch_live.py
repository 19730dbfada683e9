"""The Elasticsearch engine against a real cluster: set ELASTICSEARCH_URL to run these.

Each run works in its own throwaway index and drops it afterwards.
"""

import os
import uuid
from datetime import date

import pytest

from archive.models.dates import HistoricalDate
from search.documents import DocumentData
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery, parse_terms

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")
pytestmark = pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="set ELASTICSEARCH_URL to test against a real cluster"
)

TODAY = date(2024, 5, 1)


def _documents():
    return [
        DocumentData(
            key="story:1:es",
            kind="story",
            record_id=1,
            language="es",
            title="La caravana del regreso",
            text="La migración forzada vació el cantón; en 1989 las familias volvieron juntas.",
            url="/es/historias/la-caravana/",
            narrator="María L.",
            vocabulary="Migration Migración Chalatenango",
            theme_slugs=["migration"],
            place_slugs=["chalatenango"],
            date=HistoricalDate(year=1989),
        ),
        DocumentData(
            key="story:2:en",
            kind="story",
            record_id=2,
            language="en",
            title="Underground",
            text="The men of San Sebastián went down the shafts every morning before dawn.",
            url="/en/stories/underground/",
            vocabulary="Mining Minería",
            theme_slugs=["mining"],
            date=HistoricalDate(year=1985),
        ),
        DocumentData(
            key="story:3:en",
            kind="story",
            record_id=3,
            language="en",
            title="A delegation remembered",
            text="Confidential recollections of the delegation, for members only.",
            url="/en/stories/delegation/",
            theme_slugs=["solidarity"],
            date=HistoricalDate(year=1991),
            visibility="members",
        ),
        DocumentData(
            key="story:4:en",
            kind="story",
            record_id=4,
            language="en",
            title="Not yet",
            text="Embargoed recollections of the delegation, readable later.",
            url="/en/stories/not-yet/",
            date=HistoricalDate(year=1990),
            not_before=date(2030, 1, 1),
        ),
    ]


@pytest.fixture(scope="module")
def engine():
    engine = ElasticsearchEngine(
        ELASTICSEARCH_URL, index_name=f"memoria-test-{uuid.uuid4().hex[:12]}", timeout=10
    )
    engine.ensure_index()
    try:
        engine.index(_documents())
        engine.refresh()
        yield engine
    finally:
        engine.drop_index()


def _search(engine, text="", **options):
    options.setdefault("today", TODAY)
    return engine.search(SearchQuery(text=text, terms=parse_terms(text), **options))


def _keys(results):
    return sorted(hit.key for hit in results.hits)


def test_the_cluster_answers(engine):
    assert engine.ping() is True


def test_a_word_typed_without_its_accent_finds_the_accented_one(engine):
    results = _search(engine, "migracion")
    assert _keys(results) == ["story:1:es"]
    assert "\ue000migración\ue001" in results.hits[0].snippet


def test_a_spanish_theme_name_finds_an_english_record_through_its_vocabulary(engine):
    assert _keys(_search(engine, "minería")) == ["story:2:en"]


def test_a_phrase_must_appear_in_order(engine):
    assert _keys(_search(engine, '"familias volvieron"')) == ["story:1:es"]
    assert _keys(_search(engine, '"volvieron familias"')) == []


def test_members_only_and_embargoed_records_are_hidden_from_the_public(engine):
    assert _keys(_search(engine, "confidential")) == []
    assert _keys(_search(engine, "confidential", include_members=True)) == ["story:3:en"]
    assert _keys(_search(engine, "embargoed", include_members=True)) == []
    assert _keys(_search(engine, "embargoed", today=date(2031, 1, 1))) == ["story:4:en"]


def test_facets_count_what_the_visitor_may_see(engine):
    results = _search(engine, "")
    assert results.count == 2
    facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    assert facets["theme"] == {"migration": 1, "mining": 1}
    assert facets["language"] == {"en": 1, "es": 1}
    assert facets["decade"] == {"1980": 2}
    assert facets["kind"] == {"story": 2}


def test_a_facet_ignores_its_own_filter(engine):
    results = _search(engine, "", themes=["mining"])
    assert _keys(results) == ["story:2:en"]
    assert {v.value: v.count for v in results.facets["theme"]} == {"migration": 1, "mining": 1}
    assert {v.value: v.count for v in results.facets["language"]} == {"en": 1}


def test_dates_order_and_filter(engine):
    newest = _search(engine, "", sort="newest", include_members=True)
    assert [hit.key for hit in newest.hits] == ["story:3:en", "story:1:es", "story:2:en"]
    assert _keys(_search(engine, "", year_from=1986, year_to=1989)) == ["story:1:es"]


def test_delete_and_delete_records(engine):
    extra = DocumentData(
        key="event:9:en",
        kind="event",
        record_id=9,
        language="en",
        title="Twinning signed",
        text="The twinning agreement was signed.",
        url="/#event-9",
    )
    engine.index([extra])
    engine.refresh()
    assert _keys(_search(engine, "twinning")) == ["event:9:en"]
    engine.delete_records("event", [9])
    engine.refresh()
    assert _keys(_search(engine, "twinning")) == []
    engine.delete(["event:9:en", "story:404:en"])  # already gone: no error


def test_a_word_finds_its_own_stem_not_longer_words_that_begin_like_it(engine):
    def story(number, text):
        return DocumentData(
            key=f"story:{number}:es",
            kind="story",
            record_id=number,
            language="es",
            title=f"Historia {number}",
            text=text,
            url=f"/es/historias/{number}/",
        )

    extra = [
        story(21, "Mi primo se fue al norte."),
        story(22, "Como mis primos, pensé en irme."),
        story(23, "Fue el primer país del mundo."),
        story(24, "La primera semana y los primeros años."),
    ]
    engine.index(extra)
    engine.refresh()
    try:
        assert _keys(_search(engine, "primo")) == ["story:21:es", "story:22:es"]
        assert _keys(_search(engine, "primer")) == ["story:23:es", "story:24:es"]
    finally:
        engine.delete([document.key for document in extra])
        engine.refresh()


def _bilingual(record_id):
    """A story written in both languages, as search.documents makes it."""
    common = {"kind": "story", "record_id": record_id, "record_languages": ["en", "es"]}
    common.update(theme_slugs=["harvest"], date=HistoricalDate(year=2001))
    return [
        DocumentData(
            key=f"story:{record_id}:en",
            language="en",
            title="The harvest diary",
            text="The drought took the beans; the cooperative shared its maize.",
            url=f"/en/stories/harvest-{record_id}/",
            **common,
        ),
        DocumentData(
            key=f"story:{record_id}:es",
            language="es",
            title="El diario de la cosecha",
            text="La sequía se llevó los frijoles; la cooperativa compartió su maíz.",
            url=f"/es/historias/cosecha-{record_id}/",
            **common,
        ),
    ]


def test_a_record_in_two_languages_is_one_result_in_the_readers_language(engine):
    engine.index(_bilingual(20) + _bilingual(21))
    engine.refresh()
    try:
        for reader in ("en", "es"):
            # "drought" is only in the English text: a Spanish reader still finds each
            # record once, in Spanish, with the English version offered.
            results = _search(engine, "drought", reader=reader)
            assert _keys(results) == [f"story:20:{reader}", f"story:21:{reader}"]
            assert results.count == 2
            other = "es" if reader == "en" else "en"
            assert {hit.other_language for hit in results.hits} == {other}
            facets = {n: {v.value: v.count for v in vs} for n, vs in results.facets.items()}
            assert facets["theme"] == {"harvest": 2} and facets["kind"] == {"story": 2}
            assert facets["language"] == {"en": 2, "es": 2}
        paged = _search(engine, "cooperative", reader="es", per_page=1, page=2)
        assert paged.count == 2 and len(paged.hits) == 1
        assert _keys(_search(engine, "", themes=["harvest"], language="en")) == [
            "story:20:en",
            "story:21:en",
        ]
    finally:
        engine.delete_records("story", [20, 21])
        engine.refresh()
