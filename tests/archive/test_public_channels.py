"""Sitemap, health check and photo pages: what the public can reach."""

import json

import pytest
from django.utils import translation

from stories.models import Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_pages_with_hreflang_alternates(client, site_structure):
    _, index = site_structure
    story = make_story(index)
    body = client.get("/sitemap.xml").text
    with translation.override("es"):
        spanish_url = story.get_url()
    assert f"<loc>http://testserver{spanish_url}</loc>" in body
    assert f'hreflang="es" href="http://testserver{spanish_url}"' in body
    assert 'hreflang="en" href="http://testserver/stories/' in body


def test_the_sitemap_offers_a_story_only_in_the_languages_it_is_written_in(client, site_structure):
    _, index = site_structure
    story = make_story(index, english=False)
    with translation.override("es"):
        spanish_url = story.get_url()
    body = client.get("/sitemap.xml").text
    assert f"<loc>http://testserver{spanish_url}</loc>" in body
    assert f"<loc>http://testserver{story.get_url()}</loc>" not in body
    assert f'hreflang="en" href="http://testserver{story.get_url()}"' not in body


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["database"]["vendor"] in ("sqlite", "postgresql")


def test_photo_page_in_both_languages(client, site_structure):
    photo = make_photo()
    photo.shown_on_its_own = True  # an archive photo no story uses, shown by an editor
    photo.save()
    english = client.get(f"/photos/{photo.pk}/")
    spanish = client.get(f"/es/fotos/{photo.pk}/")
    assert english.status_code == 200 and "Harvest" in english.text
    assert spanish.status_code == 200 and "Cosecha" in spanish.text


def test_a_photo_used_only_by_a_hidden_story_stays_hidden(client, site_structure):
    _, index = site_structure
    photo = make_photo("Only in a members story")
    make_story(
        index,
        narrators=[make_narrator()],
        visibility=Visibility.MEMBERS,
        body_en=photo_block(photo),
    )
    assert client.get(f"/photos/{photo.pk}/").status_code == 404
    assert f"/photos/{photo.pk}/" not in client.get("/sitemap.xml").text


def test_a_photo_in_a_public_story_is_public(client, site_structure):
    _, index = site_structure
    photo = make_photo("In a public story")
    make_story(index, narrators=[make_narrator()], body_en=photo_block(photo))
    assert client.get(f"/photos/{photo.pk}/").status_code == 200
    assert f"/photos/{photo.pk}/" in client.get("/sitemap.xml").text


def test_language_switch_on_theme_pages_leads_to_the_other_language(client, site_structure):
    from tests.factories import make_theme

    make_theme("water")
    spanish = client.get("/es/temas/agua/?page=2").text
    assert 'hreflang="en" href="http://testserver/themes/water/?page=2"' in spanish
    english = client.get("/themes/water/").text
    assert 'hreflang="es" href="http://testserver/es/temas/agua/"' in english
