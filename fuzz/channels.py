"""Every public channel, asked the way a visitor or a harvester asks it.

`ask(client, world)` yields (channel, text) for each answer: pages in both languages,
listings, sitemap, feeds, API v2, the search page, its JSON and exports, OAI-PMH, a
timeline's page, TimelineJS JSON, embed (first view, `part=rest`, `all=1`), offline file,
slides (.pptx, read as the text of its XML parts) and oEmbed answer, every narrator's page
(deleted ones too), photo pages, photo originals and resized copies, recorded testimonies'
files and caption tracks, documents. A text is the whole answer: status line and body.
"""

import io
import zipfile
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import translation

from archive import site_url
from archive.languages import CODES
from archive.models import ArchiveImage, ArchiveRendition
from stories.models import StoryPage
from timelines.models import TimelinePage

TIMELINE_SLUG = "fuzz-timeline"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _text(response, url):
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if response.get("Content-Type") == PPTX:
        body = office_file_text(body)
    text = body.decode("utf-8", "replace")
    # A page may echo the address asked for (a 404's "not found", a login link's ?next=):
    # that tells the visitor nothing they did not type, so only what goes beyond it counts.
    for echo in (url, quote(url, safe="")):
        text = text.replace(echo, "<requested address>")
    return f"{response.status_code}\n{text}"


def office_file_text(body):
    """A .pptx (a zip, its parts compressed) as the text of its XML parts one after the
    other: slides, notes, links (.rels), the file's properties. A canary in any of them is
    then seen as in any other answer; the pictures are renditions, which carry no text."""
    with zipfile.ZipFile(io.BytesIO(body)) as package:
        return b"\n".join(
            package.read(name)
            for name in sorted(package.namelist())
            if name.endswith((".xml", ".rels"))
        )


def _in_both_languages(get_url):
    for language in CODES:
        with translation.override(language):
            yield get_url()


def _listings():
    # Each language's own paths: Spanish ones are translated (/es/temas/, /es/buscar/).
    yield "home page", "/"
    yield "home page", "/es/"
    yield "story index", "/stories/"
    yield "story index", "/es/historias/"
    for channel, name, args in (
        ("theme pages", "theme_list", []),
        ("theme pages", "theme_detail", ["fuzz-theme"]),
        ("place pages", "place_list", []),
        ("place pages", "place_detail", ["fuzz-place"]),
        ("feeds", "story_feed", []),
    ):
        for url in _in_both_languages(lambda name=name, args=args: reverse(name, args=args)):
            yield channel, url
    yield "sitemap", "/sitemap.xml"


SEARCH_CHANNELS = (
    ("search", "search page"),
    ("search_json", "search JSON"),
    ("search_export_csv", "search exports"),
    ("search_export_ris", "search exports"),
    ("search_export_csl", "search exports"),
)


def _search(words):
    """A plain browse lists everything a visitor may see; each word is also searched for
    (a hidden record must not be found by it either)."""
    for name, channel in SEARCH_CHANNELS:
        for url in _in_both_languages(lambda name=name: reverse(name)):
            yield channel, url
    for word in words:
        yield "search JSON", "/search/results.json?" + urlencode({"q": word})
        yield "search exports", "/search/export.ris?" + urlencode({"q": word})


def _api(world):
    yield "API v2", "/api/v2/pages/?type=stories.StoryPage&fields=*"
    yield "API v2", "/api/v2/images/?fields=*"
    yield "API v2", "/api/v2/documents/"
    for story in world.stories:
        yield "API v2", f"/api/v2/pages/{story.pk}/"
        if story.photo_pk:
            yield "API v2", f"/api/v2/images/{story.photo_pk}/"


def _oai(world):
    yield "OAI-PMH", "/oai/?verb=ListRecords&metadataPrefix=oai_dc"
    yield "OAI-PMH", "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc"
    for story in world.stories:
        yield (
            "OAI-PMH",
            (
                "/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier="
                f"oai:{site_url.oai_namespace()}:story:{story.pk}"
            ),
        )


def _timelines():
    timeline = TimelinePage.objects.filter(slug=TIMELINE_SLUG).first()
    for url in _in_both_languages(timeline.get_url):
        yield "timelines", url
    for language in CODES:
        yield "timelines", f"/timelines/{TIMELINE_SLUG}/timelinejs.json?lang={language}"
        embed = f"/embed/timeline/{TIMELINE_SLUG}/?lang={language}"
        for suffix in ("", "&part=rest", "&all=1"):
            yield "timeline embed", embed + suffix
        yield "offline timeline", f"/timelines/{TIMELINE_SLUG}/offline.html?lang={language}"
        yield "timeline slides", f"/timelines/{TIMELINE_SLUG}/slides.pptx?lang={language}"
    page_url = "http://testserver" + timeline.get_url()
    yield "oEmbed", "/oembed/?" + urlencode({"url": page_url, "format": "json"})


def _media(world):
    """Photo pages, originals and every resized copy made so far (some while public)."""
    photo_ids = [story.photo_pk for story in world.stories if story.photo_pk]
    for pk in photo_ids:
        for url in _in_both_languages(lambda pk=pk: reverse("photo_detail", args=[pk])):
            yield "photo pages", url
    for photo in ArchiveImage.objects.filter(pk__in=photo_ids):
        yield "photo originals", photo.file.url
    for rendition in ArchiveRendition.objects.filter(image_id__in=photo_ids):
        yield "photo renditions", rendition.url


def _recordings(world):
    """A recorded testimony's web copy (at both its addresses) and its caption tracks in
    both languages."""
    from recordings.models import Recording

    story_ids = [story.pk for story in world.stories]
    for pk in Recording.objects.filter(story_id__in=story_ids).values_list("pk", flat=True):
        for name in ("web", "web.m4a", "en.vtt", "es.vtt"):
            yield "recording files", f"/recordings/{pk}/{name}"


def _narrator_pages(world):
    """Each narrator's page in both languages, asked whatever their consent: one that may
    not exist must answer as an unknown address does, naming nobody."""
    for narrator in world.narrators:
        for url in _in_both_languages(lambda pk=narrator.pk: reverse("narrator_detail", args=[pk])):
            yield "narrator pages", url


def _documents():
    from wagtail.documents import get_document_model

    for document in get_document_model().objects.all():
        yield "documents", document.url


def _story_pages(world):
    for story in StoryPage.objects.filter(pk__in=[story.pk for story in world.stories]):
        for url in _in_both_languages(story.get_url):
            if url:
                yield "story pages", url


def requests_for(world, words):
    """(channel, url) of every request a check makes."""
    yield from _story_pages(world)
    yield from _listings()
    yield from _search(words)
    yield from _api(world)
    yield from _oai(world)
    yield from _timelines()
    yield from _narrator_pages(world)
    yield from _media(world)
    yield from _recordings(world)
    yield from _documents()


def ask(client, world, words=(), only=None):
    """(channel, url, text) for every request, as this client gets it; `only` names the
    channels to ask (all when None). Channels left out are not requested at all."""
    for channel, url in requests_for(world, words):
        if only is None or channel in only:
            # A request activates its page's language; the actions between checks must
            # keep the language they run in (an editor's "title" is the English title).
            # The raw active language, not languages.current(): it is restored exactly as it was.
            with translation.override(translation.get_language()):
                response = client.get(url)
            yield channel, url, _text(response, url)
