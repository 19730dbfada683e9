"""schema.org JSON-LD and Open Graph on story pages."""

import json
import re

import pytest

from tests.factories import (
    make_narrator,
    make_photo,
    make_place,
    make_story,
    make_theme,
    photo_block,
)

pytestmark = pytest.mark.django_db


def _json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def story(site_structure):
    _, index = site_structure
    photo = make_photo("Harvest")
    return make_story(
        index,
        narrators=[make_narrator(pseudonym="Tomasa", real_name="Hidden Truename")],
        themes=[make_theme("mining")],
        places=[make_place()],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
        date_year=1980,
        date_end_year=1992,
        summary_en="A summary </script><script>alert(1)</script>",
    )


def test_a_story_describes_itself_to_schema_org(story, client):
    html = client.get(story_url(story)).content.decode()
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["inLanguage"] == "en"
    assert data["about"][0] == {"@type": "Thing", "name": "Mining", "alternateName": "Minería"}
    assert data["contentLocation"] == [{"@type": "Place", "name": "Arcatao"}]
    assert data["temporalCoverage"] == "1980/1992"
    assert data["author"] == [{"@type": "Person", "name": "Tomasa"}]
    assert data["image"].startswith("http://testserver/media/images/")
    assert "Truename" not in html


def test_the_spanish_page_speaks_spanish(story, client):
    html = client.get(story_url(story, "es")).content
    data = _json_ld(html.decode())
    assert data["inLanguage"] == "es" and data["name"] == story.title_es
    assert data["about"][0]["name"] == "Minería"
    assert '<meta property="og:locale" content="es_SV">' in html.decode()


def story_url(story, language="en"):
    from django.utils import translation

    with translation.override(language):
        return story.get_url()


def test_text_cannot_close_the_json_ld_script(story, client):
    html = client.get(story_url(story)).content.decode()
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["description"].startswith("A summary </script>")


def test_open_graph_tags_for_link_previews(story, client):
    html = client.get(story_url(story)).content.decode()
    assert f'<meta property="og:title" content="{story.title_en}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale:alternate" content="es_SV">' in html


def test_a_members_only_story_names_no_photo_in_its_link_preview(site_structure, client):
    from django.contrib.auth.models import Group, User

    from archive import roles
    from stories.models import Visibility

    _, index = site_structure
    photo = make_photo("Members only harvest")
    story = make_story(
        index, visibility=Visibility.MEMBERS, body_en=photo_block(photo), body_es=photo_block(photo)
    )
    member = User.objects.create_user("member", password="x")
    member.groups.add(Group.objects.get_or_create(name=roles.MEMBERS)[0])
    client.force_login(member)
    html = client.get(story_url(story)).content.decode()
    # The member sees the photo, but a preview shared onwards must not carry it.
    assert "/media/images/" in html
    assert "image" not in _json_ld(html)
    assert 'property="og:image"' not in html


def test_a_story_says_when_it_was_published_and_when_it_happened(story, client):
    from django.utils import timezone

    data = _json_ld(client.get(story_url(story)).content.decode())
    story.refresh_from_db()  # publishing stored its own time, not the fixture's
    published = timezone.localtime(story.first_published_at).isoformat(timespec="seconds")
    assert data["datePublished"] == published
    assert data["dateCreated"] == "1980/1992"


def test_an_undated_story_claims_no_date_of_creation(site_structure, client):
    _, index = site_structure
    story = make_story(index)
    data = _json_ld(client.get(story_url(story)).content.decode())
    assert "dateCreated" not in data and data["datePublished"]
