"""A photo page tells where the photo belongs: its place, themes and credit, and the public
stories that show it, in both languages; never a hidden story that shows it too."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from archive.roles import MEMBERS
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


def _url(story, language):
    with translation.override(language):
        return story.get_url()


def _members_photo():
    """A photo as a member's submission stores it: a caption, no place, theme or credit."""
    return make_photo("Our river", "river.jpg", caption_en="Our river", caption_es="Nuestro río")


def test_a_members_photo_shows_its_storys_places_themes_and_narrator_in_both_languages(
    client, site_structure
):
    _, index = site_structure
    photo = _members_photo()
    story = make_story(
        index,
        narrators=[make_narrator(pseudonym="Rosa del Río")],
        places=[make_place("arcatao", "Arcatao")],
        themes=[make_theme("water", "Water", "Agua")],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
    )

    english = client.get(f"/photos/{photo.pk}/").content.decode()
    assert f'href="{_url(story, "en")}"' in english and story.title_en in english
    assert 'href="/places/arcatao/"' in english
    assert 'href="/themes/water/">Water</a>' in english
    assert "Shared with the testimony of Rosa del Río" in english

    spanish = client.get(f"/es/fotos/{photo.pk}/").content.decode()
    assert f'href="{_url(story, "es")}"' in spanish and story.title_es in spanish
    assert 'href="/es/lugares/arcatao/"' in spanish
    assert 'href="/es/temas/agua/">Agua</a>' in spanish
    assert "Compartida con el testimonio de Rosa del Río" in spanish
    assert "Historia con esta foto" in spanish


def test_the_place_themes_and_credit_an_editor_gave_the_photo_come_first(client, site_structure):
    _, index = site_structure
    photo = make_photo(credit="CRIPDES archive", place=make_place("santa-marta", "Santa Marta"))
    photo.themes.set([make_theme("mining", "Mining", "Minería")])
    photo.save()  # a photo's themes are stored with it (ParentalManyToManyField)
    make_story(
        index,
        narrators=[make_narrator(pseudonym="Rosa del Río")],
        places=[make_place("madison", "Madison", "US")],
        themes=[make_theme("water", "Water", "Agua")],
        body_en=photo_block(photo),
    )
    page = client.get(f"/photos/{photo.pk}/").content.decode()
    assert "CRIPDES archive" in page and "Shared with the testimony" not in page
    assert 'href="/places/santa-marta/"' in page and 'href="/places/madison/"' not in page
    assert 'href="/themes/mining/"' in page and 'href="/themes/water/"' not in page


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_a_hidden_story_showing_the_photo_is_never_named(client, site_structure, reader):
    _, index = site_structure
    photo = _members_photo()
    public = make_story(
        index,
        narrators=[make_narrator(pseudonym="Rosa del Río")],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
    )
    hidden = [
        make_story(
            index,
            narrators=[make_narrator(pseudonym="Hidden Narrator Members")],
            visibility=Visibility.MEMBERS,
            title_en="Hidden members story",
            title_es="Historia oculta de miembros",
            slug_en="hidden-members",
            slug_es="oculta-miembros",
            places=[make_place("hidden-members-place", "Hidden members place")],
            themes=[make_theme("hidden-members-theme", "Hidden theme", "Tema oculto")],
            body_en=photo_block(photo),
            body_es=photo_block(photo),
        ),
        make_story(
            index,
            narrators=[make_narrator(pseudonym="Hidden Narrator Draft")],
            title_en="Hidden draft story",
            title_es="Historia oculta en borrador",
            slug_en="hidden-draft",
            slug_es="oculta-borrador",
            body_en=photo_block(photo),
        ),
    ]
    hidden[1].unpublish()
    if reader == "member":
        member = User.objects.create_user("ana", password="x")
        member.groups.add(Group.objects.get(name=MEMBERS))
        client.force_login(member)

    for language in ("en", "es"):
        with translation.override(language):
            url = reverse("photo_detail", args=[photo.pk])
        page = client.get(url).content.decode()
        assert public.title_en in page or public.title_es in page
        for story in hidden:
            for mark in (story.title_en, story.title_es, story.slug_en, story.slug_es):
                assert mark not in page, f"the photo page names a hidden story: {mark!r}"
        assert "Hidden" not in page and "oculto" not in page


def test_a_member_opens_a_photo_only_members_only_stories_show(client, site_structure):
    """A member's search lists such a photo: its page opens for members, naming the stories
    they may read; to a visitor it does not exist."""
    _, index = site_structure
    photo = _members_photo()
    members_story = make_story(
        index,
        narrators=[make_narrator(pseudonym="Rosa del Río")],
        visibility=Visibility.MEMBERS,
        title_en="Our members story",
        title_es="Nuestra historia de miembros",
        places=[make_place("members-place", "Members place")],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
    )
    draft = make_story(
        index,
        narrators=[make_narrator(pseudonym="Hidden Narrator Draft")],
        visibility=Visibility.MEMBERS,
        title_en="Hidden draft story",
        slug_en="hidden-draft",
        body_en=photo_block(photo),
    )
    draft.unpublish()
    urls = {}
    for language in ("en", "es"):
        with translation.override(language):
            urls[language] = reverse("photo_detail", args=[photo.pk])
    assert [client.get(url).status_code for url in urls.values()] == [404, 404]

    member = User.objects.create_user("ana", password="x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    search = client.get("/search/results.json", {"q": "river"}).json()
    assert any(hit["url"].endswith(urls["en"]) for hit in search["results"])
    for language, url in urls.items():
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert _url(members_story, language) in page and "Members place" in page
        assert "Hidden" not in page and "hidden-draft" not in page
