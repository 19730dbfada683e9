"""Search results show a photo beside a hit: a photo's own, or a public photo its story
shows; never the photo of a story only members may read (issue 19, item 5)."""

import re

import pytest
from django.contrib.auth.models import Group, User

from archive.roles import MEMBERS
from stories.models import Visibility
from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db


def _thumbnails(text):
    return re.findall(r'<img[^>]*class="hit-thumbnail"[^>]*>', text)


def _story(index, title, **fields):
    return make_story(index, title_en=title, title_es=title, narrators=[make_narrator()], **fields)


def test_a_story_hit_shows_a_public_photo_it_shows_with_its_alt_text(client, site_structure):
    _, index = site_structure
    photo = make_photo("Harvest", alt_text_en="Women harvesting maize", alt_text_es="Mujeres")
    _story(index, "Maize harvest", body_en=photo_block(photo), body_es=photo_block(photo))
    for url in ("/search/?q=harvest&kind=story", "/es/buscar/?q=harvest&kind=story"):
        (thumbnail,) = _thumbnails(client.get(url).text)
        assert re.search(r'alt="(Women harvesting maize|Mujeres)"', thumbnail), url
        assert "/original_images/" not in thumbnail  # a resized copy, never the original


def test_a_photo_hit_shows_the_photo(client, site_structure):
    _, index = site_structure
    photo = make_photo("Harvest festival", alt_text_en="Dancers in the square")
    _story(index, "The festival", body_en=photo_block(photo))
    (thumbnail,) = _thumbnails(client.get("/search/?q=festival&kind=photo").text)
    assert 'alt="Dancers in the square"' in thumbnail


def test_no_thumbnail_for_a_story_without_a_photo(client, site_structure):
    _, index = site_structure
    _story(index, "Water committee")
    text = client.get("/search/?q=water").text
    assert "Water committee" in text
    assert _thumbnails(text) == []


def test_a_members_only_story_shows_no_thumbnail_of_its_photo_even_to_members(
    client, site_structure
):
    _, index = site_structure
    photo = make_photo("Members photo", "members.jpg", alt_text_en="A private meeting")
    _story(index, "Assembly minutes", visibility=Visibility.MEMBERS, body_en=photo_block(photo))
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    text = client.get("/search/?q=assembly").text
    assert "Assembly minutes" in text  # the member finds the story
    assert _thumbnails(text) == []
    assert "A private meeting" not in text
