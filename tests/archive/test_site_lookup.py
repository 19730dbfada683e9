"""The Site answering a request is remembered between requests (archive/site_lookup.py),
and a change to the Sites shows on the very next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.factories import make_story

pytestmark = pytest.mark.django_db


def _asks_for_sites(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return any("wagtailcore_site" in query["sql"] for query in queries.captured_queries)


def test_pages_are_routed_without_asking_for_the_site_each_time(client, site_structure):
    _home, index = site_structure
    story = make_story(index)
    assert _asks_for_sites(client, story.get_url())
    assert not _asks_for_sites(client, story.get_url())
    assert not _asks_for_sites(client, "/es/")


def test_a_changed_site_answers_on_the_next_request(client, site_structure):
    _home, index = site_structure
    make_story(index, slug_en="under-the-index")
    assert client.get("/under-the-index/").status_code == 404
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    # The story index is now the site's front page, and its stories sit right under it.
    assert client.get("/under-the-index/").status_code == 200
    site.delete()
    assert client.get("/under-the-index/").status_code == 404
