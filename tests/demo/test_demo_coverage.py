"""The demo shows what the archive does: at least a dozen sample testimonies with photos,
reaching every theme, decade and place, as a visitor finds them on the public site."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from archive.models import Place, Theme

DECADES = {"1980", "1990", "2000", "2010", "2020"}
STORY_LINK = re.compile(r'<a href="(/(?:es/historias|stories)/[\w-]+/)"')


def _story_pages(client, index):
    return sorted(set(STORY_LINK.findall(client.get(index).text)) - {index})


def test_a_dozen_sample_testimonies_each_with_its_photo_in_both_languages(demo, client):
    for index, badge in (
        ("/stories/", "Sample testimony"),
        ("/es/historias/", "Testimonio de muestra"),
    ):
        stories = _story_pages(client, index)
        assert len(stories) >= 12, stories
        for url in stories:
            page = client.get(url).text
            assert badge in page, url
            assert "<img" in page.split('class="story-body"', 1)[1], f"{url} has no photo"


def _facets(client, language, kind):
    with translation.override(language):
        url = reverse("search_json")
    answer = client.get(f"{url}?kind={kind}").json()
    return {name: {item["value"] for item in items} for name, items in answer["facets"].items()}


@pytest.mark.parametrize("language", ["en", "es"])
def test_search_facets_reach_every_theme_place_and_decade(demo, client, language):
    stories = _facets(client, language, "story")
    assert stories["theme"] == set(Theme.objects.values_list("slug", flat=True))
    assert stories["place"] == set(Place.objects.values_list("slug", flat=True))
    assert DECADES <= stories["decade"]
    assert stories["language"] == {"en", "es"}
    assert DECADES <= _facets(client, language, "photo")["decade"]


def test_every_theme_and_place_page_shows_stories_and_photo_thumbnails(demo, client):
    pages = [theme.get_absolute_url() for theme in Theme.objects.all()]
    pages += [place.get_absolute_url() for place in Place.objects.all()]
    for url in pages:
        page = client.get(url).text
        assert STORY_LINK.search(page), f"{url} lists no story"
        assert 'class="card photo-card"' in page and "fill-400x300" in page, f"{url}: no photo"


def test_every_theme_timeline_draws_stories_and_photos(demo, client):
    home = client.get("/").text
    for theme in Theme.objects.filter(parent__isnull=True):
        url = f"/timeline-{theme.slug}/"
        assert f'href="{url}"' in home, url
        page = client.get(url).text
        assert "timeline-kind-story" in page and "timeline-kind-photo" in page, url
