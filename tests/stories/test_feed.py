"""/stories/feed/ and /es/historias/feed/: the RSS feed of new stories, as a feed reader sees it."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import PageViewRestriction

from archive.models import ConsentScope
from stories.consent import record_consent, withdraw_consent
from stories.models import Visibility
from tests.factories import make_narrator, make_story, make_theme

pytestmark = pytest.mark.django_db
REAL_NAME = "Verdadero Nombre Oculto"


def _items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "author": item.findtext("{http://purl.org/dc/elements/1.1/}creator")
            or item.findtext("author"),
            "description": item.findtext("description"),
            "categories": [category.text for category in item.findall("category")],
        }
        for item in channel.findall("item")
    ]
    return channel, items, response.content.decode()


@pytest.fixture
def index(site_structure):
    return site_structure[1]


def test_the_feed_lists_public_stories_with_the_pseudonym_only(client, index):
    narrator = make_narrator(pseudonym="Doña Lluvia", real_name=REAL_NAME)
    story = make_story(
        index,
        narrators=[narrator],
        themes=[make_theme()],
        title_en="The river came back",
        title_es="El río volvió",
    )
    channel, items, raw = _items(client, "/stories/feed/")
    assert channel.findtext("title") == "Memoria: new stories"
    assert [item["title"] for item in items] == ["The river came back"]
    assert items[0]["link"].endswith(story.get_url())
    assert items[0]["description"] == "How the community protected its river."
    assert "Doña Lluvia" in items[0]["author"]
    assert items[0]["categories"] == ["Migration"]
    assert REAL_NAME not in raw


def test_the_spanish_feed_is_in_spanish(client, index):
    narrator = make_narrator(pseudonym="Doña Lluvia", real_name=REAL_NAME)
    make_story(
        index,
        narrators=[narrator],
        themes=[make_theme()],
        title_en="The river came back",
        title_es="El río volvió",
        slug_es="el-rio-volvio",
    )
    channel, items, raw = _items(client, "/es/historias/feed/")
    assert channel.findtext("title") == "Memoria: historias nuevas"
    assert [item["title"] for item in items] == ["El río volvió"]
    assert "/es/" in items[0]["link"] and items[0]["link"].endswith("/el-rio-volvio/")
    assert items[0]["description"] == "Cómo la comunidad protegió su río."
    assert items[0]["categories"] == ["Migración"]
    assert "The river came back" not in raw
    assert REAL_NAME not in raw


def test_an_untranslated_story_appears_in_its_original_language(client, index):
    make_story(index, english=False, narrators=[make_narrator()], title_es="Solo en español")
    _, items, _ = _items(client, "/stories/feed/")
    assert [item["title"] for item in items] == ["Solo en español"]


def test_the_feed_leaves_out_every_story_that_is_not_public(client, index):
    today = timezone.localdate()
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    make_story(index, narrators=[make_narrator()], title_en="Public one", title_es="Pública")
    make_story(
        index,
        narrators=[make_narrator(consent=ConsentScope.MEMBERS)],
        visibility=Visibility.MEMBERS,
        title_en="Members only one",
    )
    make_story(
        index,
        narrators=[make_narrator()],
        visibility=Visibility.EMBARGOED,
        embargo_until=today + datetime.timedelta(days=30),
        title_en="Embargoed one",
    )
    # Consent recorded after publication, now with an embargo: hidden until that date.
    later = make_narrator()
    make_story(index, narrators=[later], title_en="Narrator under embargo")
    record_consent(
        later,
        officer,
        scope=ConsentScope.PUBLIC,
        date=today,
        embargo_until=today + datetime.timedelta(days=30),
    )
    withdrawn = make_narrator(real_name=REAL_NAME)
    make_story(index, narrators=[withdrawn], title_en="Withdrawn one")
    withdraw_consent(withdrawn, officer, "Asked us to.")
    restricted = make_story(index, narrators=[make_narrator()], title_en="Password one")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    draft = make_story(index, narrators=[make_narrator()], title_en="Draft one")
    draft.unpublish()

    for url in ("/stories/feed/", "/es/historias/feed/"):
        _, items, raw = _items(client, url)
        assert len(items) == 1, [item["title"] for item in items]
        for hidden in ("Members only", "Embargoed", "embargo", "Withdrawn", "Password", "Draft"):
            assert hidden not in raw
        assert REAL_NAME not in raw


def test_narrators_are_named_by_their_public_name_only_and_nobody_is_invented(client, index):
    make_story(
        index, narrators=[make_narrator(pseudonym="Rosa", real_name="Rosa Real")], title_en="Named"
    )
    make_story(
        index,
        narrators=[make_narrator(pseudonym="", real_name="Only Real Name")],
        title_en="No public name",
    )
    make_story(index, narrators=[], title_en="Nobody named")
    _, items, raw = _items(client, "/stories/feed/")
    authors = {item["title"]: item["author"] for item in items}
    assert authors == {
        "Named": "Rosa",
        "No public name": "Anonymous narrator",
        "Nobody named": None,
    }
    assert "Real" not in raw
