"""Editors manage the archive in Wagtail's admin, with both languages' fields."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import make_narrator, make_place, make_story, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(user)
    return client


def test_story_editor_offers_both_languages(admin_client, site_structure):
    _, index = site_structure
    url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", index.pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    for field in ("title_en", "title_es", "summary_en", "summary_es", "body_en", "body_es"):
        assert f'name="{field}"' in response.text or f'id="{field}' in response.text, field


def test_editing_an_existing_story_works(admin_client, site_structure):
    _, index = site_structure
    story = make_story(index, narrators=[make_narrator()])
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,)))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model, make",
    [
        ("theme", lambda: make_theme()),
        ("place", lambda: make_place()),
        ("narrator", lambda: make_narrator(real_name="Hidden Name", pseudonym="Flor")),
    ],
)
def test_snippets_are_listed_and_editable(admin_client, model, make):
    record = make()
    listing = admin_client.get(reverse(f"wagtailsnippets_archive_{model}:list"))
    assert listing.status_code == 200
    edit = admin_client.get(reverse(f"wagtailsnippets_archive_{model}:edit", args=(record.pk,)))
    assert edit.status_code == 200


def test_theme_form_has_spanish_fields(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_archive_theme:add"))
    assert 'name="name_es"' in response.text and 'name="description_es"' in response.text


def test_admin_works_in_spanish(admin_client):
    profile = UserProfile.get_for_user(User.objects.get(username="editor"))
    profile.preferred_language = "es"
    profile.save()
    response = admin_client.get(reverse("wagtailsnippets_archive_theme:list"))
    assert response.status_code == 200
    assert 'lang="es"' in response.text


def test_the_narrators_list_heads_its_columns_in_the_editors_language(admin_client):
    narrator = make_narrator(real_name="Hidden Name", pseudonym="Flor")
    profile = UserProfile.get_for_user(User.objects.get(username="editor"))
    profile.preferred_language = "es"
    profile.save()
    listing = admin_client.get(reverse("wagtailsnippets_archive_narrator:list"))
    assert "Nombre público" in listing.text
    assert "Display name" not in listing.text
    # The name still links to the narrator's edit page.
    assert reverse("wagtailsnippets_archive_narrator:edit", args=(narrator.pk,)) in listing.text
