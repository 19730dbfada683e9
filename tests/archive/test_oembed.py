"""oEmbed and the "Embed this timeline" box on timeline pages."""

import pytest
from django.utils import translation

from timelines.models import TimelinePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline(site_structure):
    home, _ = site_structure
    page = TimelinePage(
        title="Sister cities",
        title_en="Sister cities",
        title_es="Ciudades hermanas",
        slug="sister-cities",
        slug_en="sister-cities",
        slug_es="ciudades-hermanas",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _url(page, language="en"):
    with translation.override(language):
        return "http://testserver" + page.get_url()


def test_a_timeline_page_url_gives_a_rich_embed(timeline, client):
    data = client.get("/oembed/", {"url": _url(timeline), "format": "json"}).json()
    assert data["type"] == "rich" and data["version"] == "1.0"
    assert 'src="http://testserver/embed/timeline/sister-cities/?lang=en"' in data["html"]
    assert data["width"] == 960 and data["height"] == 540


def test_the_spanish_address_embeds_in_spanish(timeline, client):
    data = client.get("/oembed/", {"url": _url(timeline, "es")}).json()
    assert data["title"] == "Ciudades hermanas" and "lang=es" in data["html"]


def test_maxwidth_and_maxheight_are_respected(timeline, client):
    data = client.get("/oembed/", {"url": _url(timeline), "maxwidth": 640, "maxheight": 360})
    assert (data.json()["width"], data.json()["height"]) == (640, 360)


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"maxwidth": "wide"}, 400), ({"maxheight": "10"}, 400), ({"format": "xml"}, 501)],
)
def test_bad_parameters(timeline, client, params, status):
    params = {"url": _url(timeline), **params} if params else {}
    assert client.get("/oembed/", params).status_code == status


def test_unknown_other_site_and_unpublished_pages_are_not_found(timeline, site_structure, client):
    assert client.get("/oembed/", {"url": "http://testserver/no-such-page/"}).status_code == 404
    assert client.get("/oembed/", {"url": "http://elsewhere.org/sister-cities/"}).status_code == 404
    _, index = site_structure
    assert client.get("/oembed/", {"url": "http://testserver" + index.url}).status_code == 404
    timeline.unpublish()
    assert client.get("/oembed/", {"url": _url(timeline)}).status_code == 404


def test_the_page_offers_embed_code_and_oembed_discovery(timeline, client):
    html = client.get(timeline.url + "?embed_lang=es&height=720&from=1986").content.decode()
    assert 'type="application/json+oembed"' in html
    # The preview iframe, built from the same code the text box offers.
    assert 'src="http://testserver/embed/timeline/sister-cities/?lang=es&amp;from=1986"' in html
    assert 'height="720"' in html


def _offered_iframe(client, url):
    """The iframe in the code the box offers to copy."""
    from lxml import html

    page = html.fromstring(client.get(url).content.decode())
    code = page.get_element_by_id("share-code").text_content()
    return html.fragment_fromstring(code)


@pytest.mark.parametrize(
    ("page_language", "query", "title"),
    [
        ("es", "", "Ciudades hermanas"),
        ("en", "?embed_lang=es", "Ciudades hermanas"),
        ("es", "?embed_lang=en", "Sister cities"),
        ("en", "", "Sister cities"),
    ],
)
def test_the_offered_iframe_is_titled_in_the_embed_language(
    timeline, client, page_language, query, title
):
    """A screen reader announces the frame by its title, in the language of what it holds."""
    with translation.override(page_language):
        url = timeline.get_url()
    iframe = _offered_iframe(client, url + query)
    assert iframe.get("title") == title
    assert (f"lang={'es' if 'Ciudades' in title else 'en'}") in iframe.get("src")
