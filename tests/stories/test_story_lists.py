"""Story lists: /stories/ sorted and filtered with a plain GET form, thumbnails of public
photos on every list of stories, and the number of public stories of each place."""

import re

import pytest
from django.contrib.auth.models import Group, User

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


def _titles(text):
    """The story titles listed, in order."""
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', text)


def _story(index, title, year=None, **fields):
    return make_story(
        index,
        narrators=[make_narrator()],
        title_en=title,
        title_es=f"{title} (es)",
        date_year=year,
        **fields,
    )


@pytest.fixture
def three_stories(site_structure):
    _, index = site_structure
    water, mining = make_theme("water", "Water", "Agua"), make_theme("mining", "Mining", "Minería")
    arcatao, berkeley = make_place("arcatao", "Arcatao"), make_place("berkeley", "Berkeley", "US")
    stories = {
        "Bravo": _story(index, "Bravo", 1992, themes=[water], places=[arcatao]),
        "Alpha": _story(index, "Alpha", 1984, themes=[mining], places=[berkeley]),
        "Charlie": _story(index, "Charlie", None, themes=[water], places=[berkeley]),
    }
    return stories


def test_stories_are_listed_most_recently_added_first_by_default(client, three_stories):
    assert _titles(client.get("/stories/").text) == ["Charlie", "Alpha", "Bravo"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Bravo", "Alpha", "Charlie"]),  # undated last
        ("oldest", ["Alpha", "Bravo", "Charlie"]),
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("nonsense", ["Charlie", "Alpha", "Bravo"]),  # ignored
    ],
)
def test_stories_can_be_sorted(client, three_stories, sort, expected):
    assert _titles(client.get(f"/stories/?sort={sort}").text) == expected


def test_the_spanish_list_sorts_by_the_spanish_title(client, three_stories):
    spanish = client.get("/es/historias/?sort=title").text
    assert _titles(spanish) == ["Alpha (es)", "Bravo (es)", "Charlie (es)"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=water", ["Charlie", "Bravo"]),
        ("place=berkeley", ["Charlie", "Alpha"]),
        ("decade=1980", ["Alpha"]),
        ("decade=1987", ["Alpha"]),  # any year of the decade
        ("theme=water&place=berkeley", ["Charlie"]),
        ("theme=unknown", ["Charlie", "Alpha", "Bravo"]),  # names nothing: ignored
        ("decade=99999999999999999999999", ["Charlie", "Alpha", "Bravo"]),
    ],
)
def test_stories_can_be_filtered(client, three_stories, query, expected):
    response = client.get(f"/stories/?{query}")
    assert response.status_code == 200
    assert _titles(response.text) == expected


def test_a_parent_theme_finds_the_stories_of_the_themes_below_it(client, site_structure):
    _, index = site_structure
    land = make_theme("land", "Land", "Tierra")
    water = make_theme("river", "River", "Río", parent=land)
    _story(index, "Below", themes=[water])
    assert _titles(client.get("/stories/?theme=land").text) == ["Below"]


def test_the_form_is_a_plain_get_form_with_labelled_fields(client, three_stories):
    text = client.get("/es/historias/?theme=water&decade=1990").text
    assert '<form class="story-filters" method="get" action="/es/historias/"' in text
    for name in ("sort", "theme", "place", "decade"):
        assert f'<label for="story-{name}">' in text
        assert f'<select id="story-{name}" name="{name}">' in text
    assert '<option value="water" selected>— Agua</option>' in text  # below its parent
    assert '<option value="1990" selected>década de 1990</option>' in text
    assert '<button type="submit" class="button">Mostrar historias</button>' in text


def test_the_decades_offered_are_those_of_readable_stories_only(client, site_structure):
    _, index = site_structure
    _story(index, "Public", 1984)
    _story(index, "Members", 1971, visibility=Visibility.MEMBERS)
    text = client.get("/stories/").text
    assert '<option value="1980">1980s</option>' in text
    assert '<option value="1970">' not in text


def test_page_links_keep_the_sort_and_the_filters(client, site_structure):
    _, index = site_structure
    water = make_theme("water")
    for number in range(21):
        _story(index, f"Story {number:02d}", 1990, themes=[water])
    text = client.get("/stories/?sort=title&theme=water").text
    assert 'href="?sort=title&amp;theme=water&amp;page=2"' in text
    assert _titles(client.get("/stories/?sort=title&theme=water&page=2").text) == ["Story 20"]


def test_members_only_stories_are_filtered_for_members_too(client, site_structure):
    _, index = site_structure
    water = make_theme("water")
    _story(index, "Members", 1990, themes=[water], visibility=Visibility.MEMBERS)
    assert _titles(client.get("/stories/?theme=water").text) == []
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    assert _titles(client.get("/stories/?theme=water").text) == ["Members"]


# --- Thumbnails -------------------------------------------------------------------------------
def _thumbnails(text):
    return re.findall(r'<img[^>]*class="card-thumbnail"[^>]*>', text)


def test_story_lists_show_a_public_photo_of_each_story_with_its_alt_text(client, site_structure):
    _, index = site_structure
    theme, place = make_theme("water"), make_place()
    photo = make_photo("Harvest", alt_text_en="Women harvesting maize", alt_text_es="Mujeres")
    _story(index, "With photo", themes=[theme], places=[place], body_en=photo_block(photo))
    for url in ("/stories/", "/themes/water/", "/places/arcatao/", "/", "/es/historias/"):
        thumbnails = _thumbnails(client.get(url).text)
        assert len(thumbnails) == 1, url
        assert 'alt="Women harvesting maize"' in thumbnails[0] or 'alt="Mujeres"' in thumbnails[0]


def test_a_story_without_a_photo_has_no_thumbnail(client, site_structure):
    _, index = site_structure
    _story(index, "Without photo")
    assert _thumbnails(client.get("/stories/").text) == []


def test_a_members_only_story_shows_no_thumbnail_of_its_own_photo_even_to_members(
    client, site_structure
):
    _, index = site_structure
    photo = make_photo("Members photo", "members.jpg")
    _story(index, "Members", visibility=Visibility.MEMBERS, body_en=photo_block(photo))
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client.force_login(member)
    text = client.get("/stories/").text
    assert _titles(text) == ["Members"]
    assert _thumbnails(text) == []


# --- Place counts -----------------------------------------------------------------------------
def test_the_place_list_counts_public_stories_only(client, site_structure):
    _, index = site_structure
    arcatao, berkeley = make_place("arcatao", "Arcatao"), make_place("berkeley", "Berkeley", "US")
    _story(index, "One", places=[arcatao])
    _story(index, "Two", places=[arcatao, berkeley])
    _story(index, "Hidden", places=[berkeley], visibility=Visibility.MEMBERS)
    english = client.get("/places/").text
    assert re.search(r">Arcatao</a>\s*<span class=\"count\">2 stories</span>", english)
    assert re.search(r">Berkeley</a>\s*<span class=\"count\">1 story</span>", english)
    spanish = client.get("/es/lugares/").text
    assert re.search(r">Arcatao</a>\s*<span class=\"count\">2 historias</span>", spanish)
