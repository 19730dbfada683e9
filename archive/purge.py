"""Front-end cache purging: THE list of addresses that can show a story or a photo.

When a story is withdrawn, unpublished, hidden or edited, a CDN or caching proxy
(wagtail.contrib.frontend_cache, settings.WAGTAILFRONTENDCACHE) must forget every copy, in
every channel and both languages. A new channel joins by adding its addresses here; the test
(tests/archive/test_purge.py) asks for each channel.

Addresses are absolute, on SITE_URL. Query-string variants beyond the ones listed (a search
for particular words, a timeline filtered by theme) are not enumerable: the cache must purge
by path (Varnish ban on the path, nginx proxy_cache_purge with a wildcard) or keep those
answers briefly.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from archive import site_url
from archive.languages import CODES
from archive.models import ArchiveImage
from archive.visibility import story_model


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _in_each_language(build):
    paths = []
    for language in CODES:
        with translation.override(language):
            paths.extend(build(language))
    return paths


def _every_story_channel(language):
    """Listings and feeds that show any public story, in the active language."""
    names = ["story_feed", "theme_list", "place_list", "search", "search_json"]
    names += ["search_export_csv", "search_export_ris", "search_export_csl"]
    return [reverse("wagtail_serve", args=[""])] + [reverse(name) for name in names]


# Apps above the core (timelines, …) add their channels from their AppConfig.ready(), so
# the list stays whole while the core imports none of them.
_channels_in_each_language = [_every_story_channel]


def register_channel(addresses):
    """Add `addresses(language)`: paths, in the active language, that may show any public
    story or photo."""
    if addresses not in _channels_in_each_language:
        _channels_in_each_language.append(addresses)


# The same for addresses that belong to particular stories (a story's recordings, …).
_addresses_of_stories = []


def register_story_addresses(addresses):
    """Add `addresses(stories)`: paths that show something of these stories."""
    if addresses not in _addresses_of_stories:
        _addresses_of_stories.append(addresses)


def _machine_channels(stories, images):
    """Language-free channels: sitemap, API v2, OAI-PMH."""
    oai = reverse("oai")
    paths = [
        reverse("sitemap"),
        "/api/v2/pages/",
        "/api/v2/pages/?type=stories.StoryPage",
        "/api/v2/images/",
        oai,
        f"{oai}?verb=ListRecords&metadataPrefix=oai_dc",
        f"{oai}?verb=ListIdentifiers&metadataPrefix=oai_dc",
    ]
    for story in stories:
        identifier = site_url.oai_identifier(story.pk)
        paths += [
            f"/api/v2/pages/{story.pk}/",
            f"{oai}?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}",
        ]
    paths += [f"/api/v2/images/{image.pk}/" for image in images]
    return paths


def _narrator_ids(story):
    return story.narrators.values_list("pk", flat=True)


def _story_pages(stories, images, narrators=()):
    def build(language):
        paths = []
        for story in stories:
            url = story.get_url()
            parent = story.get_parent().specific.get_url()
            paths += [url, parent, f"/api/v2/pages/find/?html_path={url}"]
            paths += [theme.get_absolute_url() for theme in story.themes.all()]
            paths += [place.get_absolute_url() for place in story.places.all()]
            paths += [reverse("narrator_detail", args=[pk]) for pk in _narrator_ids(story)]
        paths += [reverse("narrator_detail", args=[pk]) for pk in narrators]
        paths += [reverse("photo_detail", args=[image.pk]) for image in images]
        return paths

    return _in_each_language(build)


def _photo_files(images):
    paths = []
    for image in images:
        paths.append(image.file.url)
        paths += [rendition.url for rendition in image.renditions.all()]
    return paths


def urls_showing(stories, images=(), narrators=()):
    """Every address (absolute, sorted) that may show these stories or photos, and these
    narrators' pages (besides those of the stories' narrators)."""
    stories, images, narrators = list(stories), list(images), list(narrators)
    paths = (
        [path for build in _channels_in_each_language for path in _in_each_language(build)]
        + [path for build in _addresses_of_stories for path in build(stories)]
        + _machine_channels(stories, images)
        + _story_pages(stories, images, narrators)
        + _photo_files(images)
    )
    return sorted({site_url.absolute(path) for path in paths if path})


def purge(urls):
    if configured() and urls:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls)


def records_changed(sender, stories=(), photos=(), narrators=(), **kwargs):
    """Receiver of archive.signals.records_changed: purge once the edit is committed, so no
    request in between puts the old answer back in the cache."""
    if not configured():
        return
    StoryPage = story_model()
    # Read now: the addresses (a deleted story's, a rendition's) may be gone after commit.
    urls = urls_showing(
        StoryPage.objects.filter(pk__in=stories),
        ArchiveImage.objects.filter(pk__in=photos),
        narrators,
    )
    transaction.on_commit(lambda: purge(urls))
