"""The anonymous page cache (archive/page_cache.py): a second anonymous request is answered
from the cache, and after any edit, or when an expiry or embargo date arrives, the very next
request shows the change."""

import datetime
import math
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import path
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from archive import page_cache
from archive.roles import MEMBERS
from stories.consent import withdraw_consent
from stories.models import Visibility
from tests import test_leak_matrix as matrix
from tests.factories import make_narrator, make_story, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 300
    # The database is rolled back between tests without a write the cache would see.
    cache.clear()


@pytest.fixture
def story(site_structure):
    _, index = site_structure
    narrator = make_narrator(pseudonym="Seudónimo Cacheado")
    theme = make_theme(slug="cached-theme", name_en="Irrigation", name_es="Riego")
    return make_story(index, narrators=[narrator], themes=[theme])


def _page(story):
    return matrix._url(story, "en")


def _twice(client, url):
    first, second = client.get(url), client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    return second


def _officer():
    return User.objects.create_superuser("officer", "officer@example.org", "x")


def test_a_second_anonymous_request_is_a_hit_and_identical(story, client):
    first = client.get(_page(story))
    second = client.get(_page(story))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert story.title_en in second.content.decode()
    for header in ("Content-Type", "X-Frame-Options", "Content-Language"):
        assert second.get(header) == first.get(header)
    assert set(second["Vary"].split(", ")) == set(first["Vary"].split(", "))
    # The Spanish page has its own entry.
    es = client.get(matrix._url(story, "es"))
    assert es["X-Page-Cache"] == "miss" and story.title_es in es.content.decode()


def test_the_query_string_is_part_of_the_key(story, client):
    _twice(client, "/search/?q=water")
    assert client.get("/search/?q=agua")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("staff", [False, True], ids=["member", "staff"])
def test_logged_in_visitors_never_get_or_leave_an_anonymous_answer(story, client, staff):
    user = User.objects.create_user("someone", "someone@example.org", "x", is_staff=staff)
    user.groups.add(Group.objects.get(name=MEMBERS))
    logged_in = Client()
    logged_in.force_login(user)
    cache.clear()

    # Their answer is not stored for the anonymous visitor after them...
    theirs = logged_in.get(_page(story))
    assert theirs.status_code == 200 and "X-Page-Cache" not in theirs
    assert "Log out" in theirs.content.decode()
    assert client.get(_page(story))["X-Page-Cache"] == "miss"
    # ...and a cached anonymous answer is not served to them.
    assert client.get(_page(story))["X-Page-Cache"] == "hit"
    again = logged_in.get(_page(story))
    assert "X-Page-Cache" not in again and "Log out" in again.content.decode()


def _unpublish(story):
    story.unpublish()


def _withdraw(story):
    withdraw_consent(story.narrators.get(), _officer(), "The narrator asked us to.")


def _restrict(story):
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")


def _members_only(story):
    story.visibility = Visibility.MEMBERS
    story.save_revision().publish()


def _delete(story):
    story.delete()


EDITS_THAT_HIDE = [_unpublish, _withdraw, _restrict, _members_only, _delete]


@pytest.mark.parametrize("edit", EDITS_THAT_HIDE, ids=lambda edit: edit.__name__.strip("_"))
def test_the_next_anonymous_request_after_an_edit_no_longer_shows_the_story(story, client, edit):
    url = _page(story)
    assert story.title_en in _twice(client, url).content.decode()
    assert story.title_en in _twice(client, "/").content.decode()
    edit(story)
    for address in (url, "/"):
        response = client.get(address)
        assert response.get("X-Page-Cache") != "hit"
        assert story.title_en not in response.content.decode()
        assert "Seudónimo Cacheado" not in response.content.decode()


def test_a_renamed_pseudonym_replaces_the_old_one_at_once(story, client):
    url = _page(story)
    assert "Seudónimo Cacheado" in _twice(client, url).content.decode()
    narrator = story.narrators.get()
    narrator.pseudonym = "Otro Nombre"
    narrator.save()
    text = client.get(url).content.decode()
    assert "Seudónimo Cacheado" not in text and "Otro Nombre" in text


def test_a_renamed_theme_shows_at_once(story, client):
    url = _page(story)
    assert "Irrigation" in _twice(client, url).content.decode()
    theme = story.themes.get()
    theme.name = theme.name_en = "Water rights"
    theme.save()
    text = client.get(url).content.decode()
    assert "Irrigation" not in text and "Water rights" in text


def test_an_expiry_hides_the_story_at_the_next_request_without_any_write(site_structure, client):
    _, index = site_structure
    story = make_story(index)
    url = _page(story)
    # Set just before the first request (a queryset update sends no signal), so a slow
    # machine creating the story cannot let the moment pass before the page is cached.
    expires = timezone.now() + datetime.timedelta(seconds=4)
    Page.objects.filter(pk=story.pk).update(expire_at=expires)
    assert story.title_en in client.get(url).content.decode()
    # Kept no longer than until the expiry.
    assert 0 < page_cache.entry_timeout() <= math.ceil((expires - timezone.now()).total_seconds())
    time.sleep(max(0.0, (expires - timezone.now()).total_seconds()) + 0.05)
    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit"
    assert story.title_en not in response.content.decode()


def test_nothing_is_cached_when_the_next_change_is_under_a_second_away(site_structure, client):
    _, index = site_structure
    story = make_story(index)
    expires = timezone.now() + datetime.timedelta(hours=1)
    Page.objects.filter(pk=story.pk).update(expire_at=expires)
    assert page_cache.entry_timeout(now=expires - datetime.timedelta(seconds=0.5)) == 0
    assert page_cache.entry_timeout(now=expires - datetime.timedelta(seconds=2)) == 2

    def expire_in_half_a_second():
        # A queryset update sends no signal, so the cache's generation stays: what the
        # next request finds depends on the timeout alone. Set just before each request,
        # so a slow machine cannot let the moment pass first.
        soon = timezone.now() + datetime.timedelta(seconds=0.5)
        Page.objects.filter(pk=story.pk).update(expire_at=soon)

    expire_in_half_a_second()
    client.get("/")
    expire_in_half_a_second()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_an_embargo_ends_at_local_midnight(site_structure):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_narrator(embargo_until=tomorrow)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    assert page_cache.next_moment() == midnight
    assert page_cache.entry_timeout() <= (midnight - timezone.now()).total_seconds()


def test_a_scheduled_publication_bounds_the_entry(site_structure):
    _, index = site_structure
    story = make_story(index)
    go_live = timezone.now() + datetime.timedelta(seconds=90)
    story.go_live_at = go_live
    story.save()
    assert abs((page_cache.next_moment() - go_live).total_seconds()) < 1
    assert page_cache.entry_timeout() <= 90


def _sets_a_cookie(request):
    from django.http import HttpResponse

    response = HttpResponse("hello")
    response.set_cookie("tracking", "1")
    return response


urlpatterns = [path("search/", _sets_a_cookie, name="search")]


@override_settings(ROOT_URLCONF=__name__)
def test_an_answer_that_sets_a_cookie_is_not_cached():
    # A fresh visitor each time: the one before now sends the cookie back.
    assert Client().get("/search/")["X-Page-Cache"] == "miss"
    assert Client().get("/search/")["X-Page-Cache"] == "miss"


def test_a_password_form_holding_a_csrf_token_is_not_cached(story, client):
    _restrict(story)
    for _ in range(2):
        response = client.get(_page(story))
        assert response["X-Page-Cache"] == "miss" and b"csrfmiddlewaretoken" in response.content


def test_a_visitor_with_a_session_is_not_served_from_the_cache(story, client):
    _twice(client, _page(story))
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get(_page(story))


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/accounts/login/", "/submit/", "/es/cuentas/solicitar-cuenta/", "/healthz"],
)
def test_admin_accounts_and_submission_are_never_cached(site_structure, client, url):
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(url)


def test_api_oai_sitemap_and_feed_are_cached_and_retired(story, client):
    urls = ["/api/v2/pages/", "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc"]
    urls += ["/sitemap.xml", "/stories/feed/"]
    for url in urls:
        _twice(client, url)
    story.unpublish()
    for url in urls:
        assert client.get(url).get("X-Page-Cache") != "hit"


# --- The leak matrix's hidden states, through a cache filled while the story was public ----
CACHED_CHANNELS = [
    (name, channel)
    for name, channel in matrix.CHANNELS
    if name not in ("admin preview links", "preservation bag", "photo original")
]


@pytest.mark.parametrize("hide", matrix.HIDDEN, ids=lambda hide: hide.__name__)
def test_a_story_cached_while_public_is_gone_once_hidden(site_structure, client, hide, monkeypatch):
    made = matrix._story

    def made_and_cached(index, key, **fields):
        story = made(index, key, **fields)
        # Every cached channel read once while the story is as published.
        for url in (matrix._url(story, "en"), matrix._url(story, "es"), "/", "/search/?q=Leak"):
            client.get(url)
        return story

    monkeypatch.setattr(matrix, "_story", made_and_cached)
    _, index = site_structure
    story = hide(index)
    for name, channel in CACHED_CHANNELS:
        text = channel(story, client)
        for mark in matrix._marks(story):
            assert mark not in text, f"{name} shows {mark!r} of a {hide.__name__} story"
        assert "Seudónimo" not in text, f"{name} names the narrator of a {hide.__name__} story"


# --- Real Redis: what production shares between its workers --------------------------------
def test_on_real_redis_a_hit_then_an_unpublish_retires_it(story, client, redis_default_cache):
    assert story.title_en in _twice(client, _page(story)).content.decode()
    story.unpublish()
    response = client.get(_page(story))
    assert response.get("X-Page-Cache") != "hit"
    assert story.title_en not in response.content.decode()
