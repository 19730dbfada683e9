"""A withdrawal or an unpublish purges every channel that showed the story from the
front-end cache. The cache here is a real HTTP server answering PURGE requests, as Varnish
or nginx would, behind Wagtail's HTTPBackend."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from wagtail.models import Page

from archive.models import HomePage
from stories.consent import withdraw_consent
from tests.factories import make_narrator, make_photo, make_story, make_theme, photo_block
from tests.recordings.media_files import attach_ready_recording
from timelines.models import TimelinePage

pytestmark = pytest.mark.django_db

PUBLIC = "https://memoria.example.org"


@pytest.fixture
def cache_server():
    """A caching proxy's purge endpoint: records (Host, path) of every PURGE."""
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, purged
    server.shutdown()
    server.server_close()


@pytest.fixture
def configured(settings, cache_server):
    server, purged = cache_server
    settings.SITE_URL = PUBLIC
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    # Purges run as a task: here at once, whatever worker production uses.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return purged


@pytest.fixture
def story(site_structure):
    _, index = site_structure
    theme = make_theme("water", "Water", "Agua")
    photo = make_photo()
    narrator = make_narrator()
    story = make_story(
        index,
        narrators=[narrator],
        themes=[theme],
        body_en=photo_block(photo),
        body_es=photo_block(photo),
        slug_es="agua-x",
        date_year=1989,
    )
    timeline = TimelinePage(
        title="Water", slug="water-timeline", slug_es="agua-linea", include_stories=True
    )
    HomePage.objects.get().add_child(instance=timeline)
    timeline.themes.set([theme])
    timeline.save_revision().publish()
    story.photo, story.narrator, story.timeline = photo, narrator, timeline
    story.recording = attach_ready_recording(story)
    return story


def channels(story):
    """Each channel that shows the story: the paths that must be purged for it."""
    timeline_en = Page.objects.get(pk=story.timeline.pk).specific.get_url()
    return {
        "story page, English": [story.get_url()],
        "story page, Spanish": ["/es/historias/agua-x/"],
        "timeline embed": [
            "/embed/timeline/water-timeline/",
            "/es/embed/timeline/water-timeline/?lang=es",
        ],
        "TimelineJS JSON": [
            "/timelines/water-timeline/timelinejs.json",
            "/es/timelines/water-timeline/timelinejs.json",
        ],
        "offline file": [
            "/timelines/water-timeline/offline.html?lang=en",
            "/es/timelines/water-timeline/offline.html?lang=es",
        ],
        "timeline slides": [
            "/timelines/water-timeline/slides.pptx?lang=en",
            "/es/timelines/water-timeline/slides.pptx?lang=es",
        ],
        "timeline page": [timeline_en],
        "oEmbed": [f"/oembed/?url={PUBLIC}{timeline_en}&format=json"],
        "search page": ["/search/", "/es/buscar/"],
        "search JSON": ["/search/results.json", "/es/buscar/resultados.json"],
        "search exports": [
            "/search/export.csv",
            "/es/buscar/exportar.ris",
            "/search/export.csl.json",
        ],
        "API v2 detail": [f"/api/v2/pages/{story.pk}/", f"/api/v2/images/{story.photo.pk}/"],
        "API v2 listing": ["/api/v2/pages/", "/api/v2/images/"],
        "API v2 find": [f"/api/v2/pages/find/?html_path={story.get_url()}"],
        "OAI-PMH": [
            "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
            "/oai/?verb=GetRecord&metadataPrefix=oai_dc"
            f"&identifier=oai:memoria.example.org:story:{story.pk}",
        ],
        "sitemap": ["/sitemap.xml"],
        "feeds": ["/stories/feed/", "/es/historias/feed/"],
        "home and index": ["/", "/es/", "/stories/", "/es/historias/"],
        "photo page and file": [f"/photos/{story.photo.pk}/", story.photo.file.url],
        "narrator pages": [
            f"/narrators/{story.narrator.pk}/",
            f"/es/narradores/{story.narrator.pk}/",
        ],
        "recording files": [
            f"/recordings/{story.recording.pk}/web",
            f"/recordings/{story.recording.pk}/web.m4a",  # TimelineJS's address of it
            f"/recordings/{story.recording.pk}/image",
            f"/recordings/{story.recording.pk}/es.vtt",
            f"/recordings/{story.recording.pk}/en.vtt",
        ],
    }


def assert_every_channel_purged(story, purged):
    hosts = {host for host, _path in purged}
    assert hosts == {"memoria.example.org"}
    paths = {path for _host, path in purged}
    for channel, expected in channels(story).items():
        for path in expected:
            assert path in paths or quote(path, safe="/?&=:%") in paths, f"{channel}: {path}"


def test_a_withdrawal_purges_every_channel(configured, story, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import User

    officer = User.objects.create_superuser("officer", "officer@example.org", "x")
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(story.narrator, officer, "Asked us to.")
    assert_every_channel_purged(story, configured)


def test_an_editor_unpublishing_purges_every_channel(
    configured, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert_every_channel_purged(story, configured)


def test_nothing_is_purged_before_the_edit_is_committed(configured, story):
    story.unpublish()  # inside the test's transaction: never committed
    assert configured == []


def test_deleting_a_narrator_purges_their_page(
    configured, story, django_capture_on_commit_callbacks
):
    pk = story.narrator.pk
    with django_capture_on_commit_callbacks(execute=True):
        story.narrator.delete()
    paths = {path for _host, path in configured}
    assert f"/narrators/{pk}/" in paths and f"/es/narradores/{pk}/" in paths
