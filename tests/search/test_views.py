"""The search page, its JSON, exports and citation tags, as a visitor and a reference
manager meet them."""

import csv
import io
import json
import logging

import pytest

from tests.factories import make_photo

pytestmark = pytest.mark.django_db


def test_the_search_page_answers_in_both_languages_with_highlights(archive, client):
    english = client.get("/search/?q=drought")
    spanish = client.get("/es/buscar/?q=sequia")
    assert english.status_code == spanish.status_code == 200
    assert b"<mark>Drought</mark>" in english.content
    assert "<mark>sequía</mark>".encode() in spanish.content
    assert b'lang="es"' in spanish.content


def test_the_json_follows_the_contract(archive, client):
    data = client.get("/search/results.json?q=river").json()
    assert data["count"] == len(data["results"]) == 2
    for result in data["results"]:
        assert set(result) >= {
            "title",
            "url",
            "snippet",
            "kind",
            "date",
            "language",
            "themes",
            "places",
        }
        assert result["url"].startswith("http://testserver/")
    assert set(data["facets"]) == {"theme", "place", "decade", "language", "kind"}
    assert data["facets"]["kind"] == [{"value": "story", "label": "Story", "count": 2}]


def test_snippets_are_escaped_before_they_are_highlighted(archive, client):
    from tests.factories import make_story
    from tests.search.conftest import paragraph

    make_story(
        archive["index"],
        title_en="Markup test",
        body_en=paragraph("&lt;script&gt;alert(1)&lt;/script&gt; harvest festival"),
    )
    data = client.get("/search/results.json?q=festival").json()
    snippet = data["results"][0]["snippet"]
    # Escaped (SQLite) or left out as markup by ts_headline (PostgreSQL): never live HTML.
    assert "<script>" not in snippet and "alert(1)" in snippet
    assert "<mark>festival</mark>" in snippet


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("from=abc", "must be a year between 1500 and 2100"),
        ("to=99999", "must be a year between 1500 and 2100"),
        ("from=" + "9" * 5000, "must be a year between 1500 and 2100"),
        ("theme=no-such-theme", "Unknown theme"),
        ("place=nowhere", "Unknown place"),
        ("lang=fr", "Unknown language"),
        ("q=" + "a" * 5000, "shortened"),
    ],
)
def test_bad_parameters_are_explained_not_failed(archive, client, params, message):
    response = client.get(f"/search/?{params}")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert message in " ".join(client.get(f"/search/results.json?{params}").json()["messages"])


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced quote',
        "NEAR(river mine)",
        "river*",
        "title:river",
        "'; DROP TABLE x; --",
        "^river",
        "-river",
        "river AND OR NOT",
        "(((",
        "%",
        "_",
        '""',
    ],
)
def test_engine_syntax_typed_by_a_visitor_is_just_text(archive, client, typed):
    for url in ("/search/", "/search/results.json", "/search/export.ris"):
        assert client.get(url, {"q": typed}).status_code == 200, (url, typed)


def test_spanish_messages_for_bad_parameters(archive, client):
    response = client.get("/es/buscar/?from=abc")
    assert "debe ser un año entre 1500 y 2100" in response.content.decode()


def test_exports_cite_every_record_of_the_result_set(archive, client):
    ris = client.get("/search/export.ris?q=river").content.decode()
    assert ris.count("TY  - ") == ris.count("ER  - ") == 2
    assert "TI  - No to the mine" in ris and "UR  - http://testserver/" in ris
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/search/export.csv?q=river").content.decode().lstrip("\ufeff"))
        )
    )
    assert len(rows) == 2 and {row["language"] for row in rows} == {"en"}
    items = json.loads(client.get("/search/export.csl.json?q=river").content)
    assert {item["title"] for item in items} == {row["title"] for row in rows}
    dated = next(item for item in items if item["title"] == "No to the mine")
    assert dated["issued"] == {"date-parts": [[2017]]}
    assert dated["type"] == "interview"


def test_a_csv_cell_is_never_a_spreadsheet_formula(archive, client):
    from tests.factories import make_story

    make_story(archive["index"], title_en='=HYPERLINK("http://evil")', spanish=False)
    text = client.get("/search/export.csv?q=hyperlink").content.decode()
    assert "'=HYPERLINK" in text


def test_story_and_photo_pages_carry_citation_tags(archive, client):
    story = archive["stories"]["migration"]
    page = client.get(story.url).content.decode()
    assert '<meta name="citation_title" content="Why my cousin went north">' in page
    assert '<meta name="citation_publication_date" content="1989">' in page
    assert '<meta name="citation_keywords" content="Migration">' in page
    photo = make_photo("Harvest festival", credit="Memoria sample", shown_on_its_own=True)
    photo_page = client.get(f"/photos/{photo.pk}/").content.decode()
    assert '<meta name="citation_author" content="Memoria sample">' in photo_page


def test_healthz_names_the_search_engine(client):
    data = client.get("/healthz").json()
    assert data["search"]["fallback"] is False
    assert data["search"]["engine"] in ("sqlite-fts5", "postgresql")


def test_an_unreachable_elasticsearch_falls_back_to_the_database(archive, client, settings, caplog):
    from search import engines

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    engines.fallback_state.update(since=None, error="")
    with caplog.at_level(logging.WARNING):
        data = client.get("/search/results.json?q=river").json()
    assert data["count"] == 2 and data["engine"] in ("sqlite-fts5", "postgresql")
    assert "Elasticsearch unavailable" in caplog.text
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert health["search"] == {
        "engine": data["engine"],
        "configured": "elasticsearch",
        "fallback": True,
        "error": "unreachable",
    }
    engines.fallback_state.update(since=None, error="")


def test_a_record_in_both_languages_is_one_result_with_the_other_one_click_away(archive, client):
    english = client.get("/search/?place=madison").content.decode()
    spanish = client.get("/es/buscar/?place=madison").content.decode()
    assert english.count('class="hit"') == spanish.count('class="hit"') == 1
    assert "1 record found" in english
    assert '<p class="other-language" lang="en"><a href="/es/' in english
    assert 'hreflang="es">Also in Spanish</a>' in english
    assert '<p class="other-language" lang="es"><a href="/' in spanish
    assert 'hreflang="en">También en inglés</a>' in spanish
    # A record written in one language offers nothing.
    river = client.get("/search/?place=arcatao&kind=story").content.decode()
    assert "other-language" not in river


def test_the_json_and_exports_give_one_result_per_record(archive, client):
    data = client.get("/es/buscar/resultados.json?place=madison").json()
    assert data["count"] == len(data["results"]) == 1
    (result,) = data["results"]
    assert result["language"] == "es"
    assert result["also_in"]["language"] == "en"
    assert result["also_in"]["url"].startswith("http://testserver/")
    assert {value["value"]: value["count"] for value in data["facets"]["language"]} == {
        "en": 1,
        "es": 1,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/es/buscar/exportar.csv").content.decode().lstrip("\ufeff"))
        )
    )
    assert len(rows) == 3 and len({row["id"].rsplit(":", 1)[0] for row in rows}) == 3
    # Each record in Spanish, but the one written only in English.
    assert sorted(row["language"] for row in rows) == ["en", "es", "es"]
    ris = client.get("/search/export.ris").content.decode()
    assert ris.count("TY  - ") == 3
    items = json.loads(client.get("/search/export.csl.json").content)
    assert len(items) == 3 and len({item["id"] for item in items}) == 3
