"""The leak matrix: a hidden story, its photo and its narrator's real name must not come out
of ANY channel (DESIGN.md section 6).

Rows are channels, columns are the ways a story is hidden: never published (draft),
members-only, embargoed, and withdrawn by its narrator. A public story goes through the
same channels as a control, so a channel that shows nothing at all fails here too.

A new channel (search, API, timelines, exports, oEmbed...) joins by adding one function to
CHANNELS: it takes the story under test and a client, and returns the text that channel
gives out for it.
"""

import datetime
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from archive.consent import withdraw_consent
from archive.models import ArchiveRendition
from archive.roles import MEMBERS
from stories.models import StoryPage, Visibility
from tests.factories import make_narrator, make_photo, make_place, make_theme, photo_block

pytestmark = pytest.mark.django_db

REAL_NAME = "Secreta Realname"


# --- Channels: each returns (status, text) or text as the world sees it -------------------------
def _get(client, url):
    response = client.get(url)
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", "replace")
    # A page may echo the address the visitor typed (the login link's ?next=): that tells
    # them nothing new, so only what goes beyond it counts.
    for echo in (url, quote(url, safe="")):
        text = text.replace(echo, "<requested address>")
    return f"{response.status_code}\n{text}"


def _url(story, language):
    with translation.override(language):
        return urlsplit(story.get_full_url() or "").path or f"/{story.slug}/"


def story_page_english(story, client):
    return _get(client, _url(story, "en"))


def story_page_spanish(story, client):
    return _get(client, _url(story, "es"))


def photo_original(story, client):
    return _get(client, story.photo.file.url)


def photo_rendition(story, client):
    return _get(client, story.photo.get_rendition("width-400").url)


def photo_page(story, client):
    return _get(client, f"/photos/{story.photo.pk}/") + _get(
        client, f"/es/photos/{story.photo.pk}/"
    )


def sitemap(story, client):
    return _get(client, "/sitemap.xml")


def feeds(story, client):
    return _get(client, "/stories/feed/") + _get(client, "/es/stories/feed/")


def listings(story, client):
    theme, place = story.themes.first(), story.places.first()
    urls = ["/", "/es/", "/stories/", "/es/historias/", theme.get_absolute_url()]
    urls += [place.get_absolute_url(), f"/es{place.get_absolute_url()}"]
    return "".join(_get(client, url) for url in urls)


def admin_preview_links(story, client):
    """Links an editor might share: without an admin login they must show nothing."""
    urls = [
        reverse("wagtailadmin_pages:view_draft", args=[story.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk]),
    ]
    return "".join(_get(client, url) for url in urls)


CHANNELS = [
    story_page_english,
    story_page_spanish,
    photo_original,
    photo_rendition,
    photo_page,
    sitemap,
    feeds,
    listings,
    admin_preview_links,
]


# --- The stories under test ----------------------------------------------------------------
def _story(index, key, *, live=True, visibility=Visibility.PUBLIC, **fields):
    narrator = make_narrator(pseudonym=f"Seudónimo {key}", real_name=REAL_NAME)
    photo = make_photo(f"Photo {key}", f"{key}.jpg")
    story = StoryPage(
        title=f"Leak test {key} English",
        title_en=f"Leak test {key} English",
        title_es=f"Prueba de fuga {key} español",
        slug=f"leak-{key}",
        slug_en=f"leak-{key}",
        slug_es=f"fuga-{key}",
        summary_en=f"Summary {key}",
        summary_es=f"Resumen {key}",
        body_en=photo_block(photo),
        body_es=photo_block(photo),
        visibility=visibility,
        live=False,
        **fields,
    )
    index.add_child(instance=story)
    story.narrators.set([narrator])
    story.themes.set([make_theme()])
    story.places.set([make_place()])
    revision = story.save_revision()
    if live:
        revision.publish()
    story.refresh_from_db()
    story.photo, story.narrator = photo, narrator
    return story


def draft(index):
    return _story(index, "draft", live=False)


def members_only(index):
    return _story(index, "members", visibility=Visibility.MEMBERS)


def embargoed(index):
    until = timezone.localdate() + datetime.timedelta(days=60)
    return _story(index, "embargoed", visibility=Visibility.EMBARGOED, embargo_until=until)


def withdrawn(index):
    story = _story(index, "withdrawn")
    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    withdraw_consent(story.narrator, officer, "The narrator asked us to.")
    story.refresh_from_db()
    return story


HIDDEN = [draft, members_only, embargoed, withdrawn]


def _marks(story):
    """Anything that would show the story got out: its titles, summaries and slugs."""
    return [
        story.title_en,
        story.title_es,
        story.summary_en,
        story.summary_es,
        story.slug_en,
        story.slug_es,
        story.photo.file.name.rsplit("/", 1)[-1],
    ]


@pytest.fixture(autouse=True)
def _fresh_renditions():
    # Wagtail caches renditions by photo id; test databases reuse ids.
    ArchiveRendition.cache_backend.clear()


@pytest.fixture
def member_client(site_structure):
    member = User.objects.create_user("member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    client = Client()
    client.force_login(member)
    return client


# --- The matrix --------------------------------------------------------------------------------
@pytest.mark.parametrize("channel", CHANNELS, ids=lambda channel: channel.__name__)
@pytest.mark.parametrize("hide", HIDDEN, ids=lambda hide: hide.__name__)
def test_a_hidden_story_leaks_through_no_channel(site_structure, client, hide, channel):
    _, index = site_structure
    story = hide(index)
    text = channel(story, client)
    for mark in _marks(story):
        assert mark not in text, f"{channel.__name__} shows {mark!r} of a {hide.__name__} story"
    assert REAL_NAME not in text
    assert "Seudónimo" not in text, "the narrator of a hidden story was named"


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda channel: channel.__name__)
@pytest.mark.parametrize("hide", [draft, embargoed, withdrawn], ids=lambda hide: hide.__name__)
def test_members_do_not_see_what_is_hidden_from_them_either(
    site_structure, member_client, hide, channel
):
    _, index = site_structure
    story = hide(index)
    text = channel(story, member_client)
    for mark in _marks(story):
        assert mark not in text, f"{channel.__name__} shows {mark!r} of a {hide.__name__} story"


# Channels where a public story must appear: the control that keeps the matrix honest.
SHOWS_PUBLIC_STORIES = [
    story_page_english,
    story_page_spanish,
    photo_original,
    photo_rendition,
    photo_page,
    sitemap,
    feeds,
    listings,
]


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda channel: channel.__name__)
def test_a_public_story_goes_through_with_its_pseudonym_never_its_real_name(
    site_structure, client, channel
):
    _, index = site_structure
    story = _story(index, "public")
    text = channel(story, client)
    assert REAL_NAME not in text
    if channel in SHOWS_PUBLIC_STORIES:
        assert text.startswith("200"), f"{channel.__name__} does not answer for a public story"
        expected = {
            story_page_english: story.title_en,
            story_page_spanish: story.title_es,
            photo_page: "Photo public",
            sitemap: story.slug_es,
            feeds: story.title_es,
            listings: story.title_en,
        }.get(channel)
        if expected:
            assert expected in text, f"{channel.__name__} does not show the public story"
    if channel in (story_page_english, story_page_spanish, feeds):
        assert "Seudónimo public" in text, f"{channel.__name__} does not name the narrator"


def test_members_read_members_only_stories_but_never_the_real_name(site_structure, member_client):
    _, index = site_structure
    story = members_only(index)
    text = story_page_spanish(story, member_client)
    assert text.startswith("200") and story.title_es in text
    assert REAL_NAME not in text
