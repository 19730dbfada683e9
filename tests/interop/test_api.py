"""Wagtail API v2: public records in both languages, public names, renditions only."""

import pytest
from wagtail.documents import get_document_model

from stories.models import Visibility
from tests.factories import (
    make_narrator,
    make_photo,
    make_place,
    make_story,
    make_theme,
    photo_block,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(site_structure):
    _, index = site_structure
    photo = make_photo("Harvest in Arcatao", credit="Sample credit")
    narrator = make_narrator(pseudonym="Tomasa", real_name="Hidden Truename")
    return make_story(
        index,
        narrators=[narrator],
        themes=[make_theme("water")],
        places=[make_place()],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
        date_year=1989,
        date_circa=True,
    )


def test_a_story_comes_with_both_languages_and_its_public_name(story, client):
    data = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert data["title_en"] == story.title_en and data["title_es"] == story.title_es
    assert data["summary_es"] == story.summary_es
    assert data["narrators"] == ["Tomasa"]
    assert data["themes"] == [{"slug": "water", "name_en": "Water", "name_es": "Agua"}]
    assert data["date"]["iso"] == "1989" and data["date"]["es"] == "ca. 1989"
    assert "Truename" not in client.get(f"/api/v2/pages/{story.pk}/").content.decode()


def test_hidden_stories_are_not_in_the_api(story, site_structure, client):
    _, index = site_structure
    hidden = make_story(index, visibility=Visibility.MEMBERS)
    listed = client.get("/api/v2/pages/?type=stories.StoryPage").json()
    ids = {item["id"] for item in listed["items"]}
    assert story.pk in ids and hidden.pk not in ids
    assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404


def test_photos_come_as_renditions_never_the_original(story, client):
    photo_id = story.body_en[0].value.pk
    data = client.get(f"/api/v2/images/{photo_id}/").json()
    assert data["caption_es"] == "Cosecha"
    assert data["large"]["url"].startswith("/media/images/")
    assert "download_url" not in data["meta"]
    assert "original_images" not in client.get(f"/api/v2/images/{photo_id}/").content.decode()


def test_a_photo_no_public_story_shows_is_not_in_the_api(site_structure, client):
    photo = make_photo("Unused upload")
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404


def test_a_consent_form_is_neither_listed_nor_downloadable(site_structure, client):
    from django.core.files.base import ContentFile

    Document = get_document_model()
    form = Document.objects.create(title="Consent form", file=ContentFile(b"%PDF-1.4", "c.pdf"))
    make_narrator(consent_document=form)
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 0
    assert client.get(form.url).status_code == 404


def test_a_spanish_only_story_has_no_english_title(site_structure, client):
    _, index = site_structure
    story = make_story(index, english=False)
    data = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert data["title_es"] == story.title_es
    assert data["title_en"] == ""  # not the Spanish title labelled English
    assert data["written_languages"] == ["es"]
    both = client.get(f"/api/v2/pages/{make_story(index).pk}/").json()
    assert both["title_en"].startswith("Water came back") and both["written_languages"] == [
        "en",
        "es",
    ]


def _url_in(page, language):
    from django.utils import translation

    with translation.override(language):
        return f"http://testserver{page.get_url()}"


def test_every_page_gives_its_address_in_each_language(story, client):
    data = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert data["meta"]["html_url"] == data["meta"]["html_url_en"] == _url_in(story, "en")
    assert data["meta"]["html_url_es"] == _url_in(story, "es")
    listed = client.get("/api/v2/pages/?type=stories.StoryPage").json()["items"]
    assert listed[0]["meta"]["html_url_es"] == _url_in(story, "es")
    # Not whichever language the client's browser prefers.
    answer = client.get(f"/api/v2/pages/{story.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert answer.json()["meta"]["html_url"] == _url_in(story, "en")


def test_locale_es_gives_the_same_records_in_spanish(story, client):
    english = client.get("/api/v2/pages/?type=stories.StoryPage").json()
    spanish = client.get("/api/v2/pages/?type=stories.StoryPage&locale=es")
    assert spanish.status_code == 200
    items = spanish.json()["items"]
    assert [item["id"] for item in items] == [item["id"] for item in english["items"]]
    assert items[0]["title"] == story.title_es
    assert items[0]["meta"]["html_url"] == _url_in(story, "es")
    assert items[0]["meta"]["locale"] == "es"
    detail = client.get(f"/api/v2/pages/{story.pk}/?locale=es").json()
    assert detail["title"] == story.title_es and detail["title_en"] == story.title_en


def test_an_unknown_locale_is_explained(story, client):
    answer = client.get("/api/v2/pages/?locale=fr")
    assert answer.status_code == 400
    assert "“locale” must be one of: en, es" in answer.json()["message"]
