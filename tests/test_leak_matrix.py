"""The leak matrix: a hidden story, its photo and its narrator's real name must not come out
of ANY channel (DESIGN.md section 6).

Rows are channels, columns are the ways a story is hidden: never published (draft),
members-only, embargoed, and withdrawn by its narrator. A public story goes through the
same channels as a control, so a channel that shows nothing at all fails here too.

A new channel (search, API, timelines, exports, oEmbed...) joins by adding one row to
CHANNELS: a name and a function that takes the story under test and a client and returns
the text that channel gives out for it.
"""

import datetime
import time
from unittest import mock
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from archive.models import ArchiveRendition, ConsentScope
from archive.roles import MEMBERS
from fuzz.channels import office_file_text
from recordings.models import Segment
from stories.consent import record_consent, withdraw_consent
from stories.models import StoryPage, Visibility
from tests.factories import make_narrator, make_photo, make_place, make_theme, photo_block
from tests.recordings.media_files import attach_ready_recording

pytestmark = pytest.mark.django_db

REAL_NAME = "Secreta Realname"
RESPONSE_SEPARATOR = "\n<<<response>>>\n"


# --- Channels: each returns (status, text) or text as the world sees it -------------------------
def _get(client, url, follow=False):
    response = client.get(url, follow=follow)
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    text = content.decode("utf-8", "replace")
    # A page may echo the address the visitor typed (the login link's ?next=): that tells
    # them nothing new, so only what goes beyond it counts.
    for echo in (url, quote(url, safe="")):
        text = text.replace(echo, "<requested address>")
    return f"{RESPONSE_SEPARATOR}{response.status_code}\n{text}"


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
    """A resized copy made while the story was still public (a page showed it then), and
    one asked for now."""
    return _get(client, story.early_rendition_url) + _get(
        client, story.photo.get_rendition("width-400").url
    )


def photo_page(story, client):
    return _get(client, f"/photos/{story.photo.pk}/") + _get(client, f"/es/fotos/{story.photo.pk}/")


def recording_files(story, client):
    """The recorded testimony's web copy (at both its addresses: TimelineJS is given the one
    ending in .m4a), its waveform and both caption tracks."""
    base = f"/recordings/{story.recording.pk}"
    urls = [f"{base}/web", f"{base}/web.m4a", f"{base}/image", f"{base}/es.vtt", f"{base}/en.vtt"]
    return "".join(_get(client, url) for url in urls)


def sitemap(story, client):
    return _get(client, "/sitemap.xml")


def feeds(story, client):
    return _get(client, "/stories/feed/") + _get(client, "/es/historias/feed/")


def home_page(story, client):
    return _get(client, "/") + _get(client, "/es/")


def story_index(story, client):
    return _get(client, "/stories/") + _get(client, "/es/historias/")


def _in_both_languages(get_url):
    urls = []
    for language in ("en", "es"):
        with translation.override(language):
            urls.append(get_url())
    return urls


def theme_pages(story, client):
    theme = story.themes.get()
    urls = _in_both_languages(theme.get_absolute_url) + ["/themes/", "/es/temas/"]
    return "".join(_get(client, url) for url in urls)


def place_pages(story, client):
    place = story.places.get()
    urls = _in_both_languages(place.get_absolute_url) + ["/places/", "/es/lugares/"]
    return "".join(_get(client, url) for url in urls)


def narrator_pages(story, client):
    """The page of each of the story's narrators, in both languages: it exists only while
    a public story of theirs does, and their consent allows it."""
    urls = []
    for narrator in story.narrators.all():
        urls += _in_both_languages(lambda pk=narrator.pk: reverse("narrator_detail", args=[pk]))
    return "".join(_get(client, url) for url in urls)


def admin_preview_links(story, client):
    """Links an editor might share: without an admin login they must show nothing."""
    with translation.override("en"):
        urls = [
            reverse("wagtailadmin_pages:view_draft", args=[story.pk]),
            reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk]),
            reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk]) + "?mode=",
            reverse("wagtailadmin_pages:revisions_view", args=[story.pk, story.latest_revision_id]),
            reverse("wagtailadmin_pages:edit", args=[story.pk]),
        ]
    # The admin's addresses of the recording's files, which its preview plays.
    recording = getattr(story, "recording", None)
    if recording is not None:
        urls += [
            reverse("recordings_preview_web", args=[recording.pk]),
            reverse("recordings_preview_image", args=[recording.pk]),
            reverse("recordings_preview_track", args=[recording.pk, "es"]),
            reverse("recordings_preview_track", args=[recording.pk, "en"]),
        ]
    return "".join(_get(client, url) for url in urls)


# The research search: words from the story's titles, its narrator's names, and a plain
# browse (which lists everything a visitor may see), in both languages.
# (Typed in lower case without accents: the page repeats what was typed, and the
# matrix looks for the names as written.)
# Words said only in a recording (its transcript and segment index) reach search as
# recording segments of their own: searched for too.
SEARCHES = [
    "q=leak",
    "q=seudonimo",
    "q=secreta+realname",
    "q=fuga&lang=es",
    "q=secret+transcript",
    "q=sinopsis+secreta&lang=es",
    "",
]


def _search_urls(name):
    # Each language's own path: /search/ and /es/buscar/.
    paths = _in_both_languages(lambda: reverse(name))
    return [f"{path}?{search}" for path in paths for search in SEARCHES]


def search_page(story, client):
    return "".join(_get(client, url) for url in _search_urls("search"))


def search_json(story, client):
    return "".join(_get(client, url) for url in _search_urls("search_json"))


def search_exports(story, client):
    paths = ["/search/export.csv", "/search/export.ris", "/search/export.csl.json"]
    return "".join(_get(client, f"{path}?{search}") for path in paths for search in SEARCHES)


def api_v2(story, client):
    """Wagtail API v2: listings, the story and its photo by id, and find by address."""
    urls = [
        "/api/v2/pages/?type=stories.StoryPage&fields=*",
        "/api/v2/pages/?search=leak",
        f"/api/v2/pages/{story.pk}/",
        "/api/v2/images/?fields=*",
        f"/api/v2/images/{story.photo.pk}/",
        "/api/v2/documents/",
    ]
    find = f"/api/v2/pages/find/?html_path={_url(story, 'en')}"
    return "".join(_get(client, url) for url in urls) + _get(client, find, follow=True)


def oai_pmh(story, client):
    """What a harvester gets: every record, the story by identifier, its identifiers."""
    urls = [
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver.localdomain:story:{story.pk}",
        "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
    ]
    return "".join(_get(client, url) for url in urls)


def preservation_bag(story, client):
    """Every file of a BagIt export, names and contents."""
    import pathlib
    import tempfile

    from interop.bag import export_bag

    with tempfile.TemporaryDirectory() as folder:
        bag = export_bag(pathlib.Path(folder) / "bag")
        files = sorted(path for path in bag.rglob("*") if path.is_file())
        return (
            RESPONSE_SEPARATOR
            + "200\n"
            + "".join(
                f"{path.relative_to(bag)}\n{path.read_bytes().decode('utf-8', 'replace')}"
                for path in files
            )
        )


def timelines(story, client):
    """A timeline drawing stories and photos from the story's theme: its page in both
    languages, its TimelineJS JSON, its embed (first view, fetched rest, all at once), the
    offline file, its slides (.pptx) and its oEmbed answer. The story's recording comes
    with it (its parts, player and transcript)."""
    from archive.models import HomePage
    from timelines.models import TimelinePage

    timeline = TimelinePage.objects.filter(slug="leak-timeline").first()
    if timeline is None:
        timeline = TimelinePage(
            title="Leak timeline",
            slug="leak-timeline",
            include_stories=True,
            include_photos=True,
        )
        HomePage.objects.get().add_child(instance=timeline)
        timeline.themes.set(story.themes.all())
        timeline.save_revision().publish()
    urls = [
        *_in_both_languages(timeline.get_url),
        "/timelines/leak-timeline/timelinejs.json",
        "/timelines/leak-timeline/timelinejs.json?lang=es",
        "/embed/timeline/leak-timeline/",
        "/embed/timeline/leak-timeline/?lang=es",
        "/embed/timeline/leak-timeline/?all=1",  # the no-script "Show all" link
        "/timelines/leak-timeline/offline.html?lang=es",
        "/oembed/?" + urlencode({"url": "http://testserver" + timeline.get_url()}),
    ]
    text = "".join(_get(client, url) for url in urls)
    # The slides, read as the text of the .pptx's XML parts (slides, links, properties).
    for language in ("en", "es"):
        slides = client.get(f"/timelines/leak-timeline/slides.pptx?lang={language}")
        text += f"{RESPONSE_SEPARATOR}{slides.status_code}\n"
        text += office_file_text(slides.content).decode("utf-8", "replace")
    # The rest the embed fetches after its first view: with an empty first view, every
    # entry of this short timeline comes through it.
    with mock.patch("timelines.views.embed.FIRST_VIEW_CARDS", 0):
        text += _get(client, "/embed/timeline/leak-timeline/?lang=es&part=rest")
    return text


# Every public channel, one row each: (name, function(story, client) -> "status\ntext").
# Later issues add their channels here -- search page and JSON, API v2, timeline JSON and
# embed, oEmbed, exports -- and every hidden state below is then tried through them too.
# A channel that can show a public story also joins SHOWS_PUBLIC_STORIES with what it must
# show, so a channel that shows nothing at all cannot pass.
CHANNELS = [
    ("story page, English", story_page_english),
    ("story page, Spanish", story_page_spanish),
    ("photo original", photo_original),
    ("photo rendition", photo_rendition),
    ("photo page", photo_page),
    ("recording files", recording_files),
    ("sitemap", sitemap),
    ("feeds", feeds),
    ("home page", home_page),
    ("story index", story_index),
    ("theme pages", theme_pages),
    ("place pages", place_pages),
    ("narrator pages", narrator_pages),
    ("admin preview links", admin_preview_links),
    ("search page", search_page),
    ("search JSON", search_json),
    ("search exports", search_exports),
    ("API v2", api_v2),
    ("OAI-PMH", oai_pmh),
    ("preservation bag", preservation_bag),
    ("timelines", timelines),
]
CHANNEL_IDS = [name for name, _channel in CHANNELS]


# --- The stories under test ----------------------------------------------------------------
def _officer():
    return User.objects.get_or_create(
        username="officer", defaults={"is_superuser": True, "is_staff": True}
    )[0]


def _story(index, key, *, live=True, visibility=Visibility.PUBLIC, **fields):
    narrator = make_narrator(pseudonym=f"Seudónimo {key}", real_name=REAL_NAME, voice_consent=True)
    theme, place = make_theme(), make_place()
    photo = make_photo(f"Photo {key}", f"{key}.jpg", place=place)
    photo.themes.set([theme])
    photo.save()
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
        date_year=1989,  # dated, so timelines draw it
        **fields,
    )
    index.add_child(instance=story)
    story.narrators.set([narrator])
    story.themes.set([theme])
    story.places.set([place])
    revision = story.save_revision()
    if live:
        revision.publish()
    story.refresh_from_db()
    story.photo, story.narrator = photo, narrator
    story.recording = attach_ready_recording(
        story,
        transcript_en=f"WEBVTT\n\n00:00.000 --> 00:00.900\nSecret transcript {key}\n",
        transcript_es=f"WEBVTT\n\n00:00.000 --> 00:00.900\nTranscripción secreta {key}\n",
    )
    segment = Segment.objects.create(
        recording=story.recording,
        start=0,
        title_en=f"Secret segment {key}",
        title_es=f"Segmento secreto {key}",
        synopsis_en=f"Secret synopsis {key}",
        synopsis_es=f"Sinopsis secreta {key}",
        keywords_en=f"secret keyword {key}",
        keywords_es=f"palabra secreta {key}",
    )
    segment.themes.set([theme])
    segment.places.set([place])
    segment.save()
    # Made now, as a page view would while the story was public.
    story.early_rendition_url = photo.get_rendition("width-400").url
    return story


def draft(index):
    return _story(index, "draft", live=False)


def members_only(index):
    return _story(index, "members", visibility=Visibility.MEMBERS)


def embargoed(index):
    until = timezone.localdate() + datetime.timedelta(days=60)
    return _story(index, "embargoed", visibility=Visibility.EMBARGOED, embargo_until=until)


def embargoed_narrator(index):
    """Published, then the narrator's consent is recorded again with an embargo date."""
    story = _story(index, "narrator-embargo")
    record_consent(
        story.narrator,
        _officer(),
        scope=ConsentScope.PUBLIC,
        date=timezone.localdate(),
        embargo_until=timezone.localdate() + datetime.timedelta(days=60),
    )
    story.refresh_from_db()
    return story


def withdrawn(index):
    story = _story(index, "withdrawn")
    withdraw_consent(story.narrator, _officer(), "The narrator asked us to.")
    story.refresh_from_db()
    return story


def private(index):
    """Live and public in every field, but closed with Wagtail's Privacy control."""
    story = _story(index, "private")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    return story


def for_a_group(index):
    """Closed with Wagtail's Privacy control to one group (the members) before publishing."""
    story = _story(index, "group", live=False)
    restriction = PageViewRestriction.objects.create(page=story, restriction_type="groups")
    restriction.groups.set([Group.objects.get(name=MEMBERS)])
    story.get_latest_revision().publish()
    story.refresh_from_db()
    return story


def expired(index):
    """Published with an expiry that has since passed; publish_scheduled has not run."""
    lead = 1.0
    while True:
        expires = timezone.now() + datetime.timedelta(seconds=lead)
        story = _story(index, "expired", expire_at=expires)
        if timezone.now() < expires:
            break
        # A loaded machine published it only after its expiry, so it was never public: that
        # is another state. Try again with more time to publish in.
        story.delete()
        lead *= 4
    time.sleep(max(0.0, (expires - timezone.now()).total_seconds()) + 0.05)
    return story


HIDDEN = [
    draft,
    members_only,
    embargoed,
    embargoed_narrator,
    withdrawn,
    private,
    for_a_group,
    expired,
]


def _marks(story):
    """Anything that would show the story got out: its titles, summaries and slugs."""
    marks = [
        story.title_en,
        story.title_es,
        story.summary_en,
        story.summary_es,
        story.slug_en,
        story.slug_es,
        story.photo.title,
        story.photo.file.name.rsplit("/", 1)[-1],
        story.early_rendition_url.rsplit("/", 1)[-1],
    ]
    # The recorded testimony: its words in both languages and any address of its files.
    key = story.slug_en.removeprefix("leak-")
    marks += [
        f"Secret transcript {key}",
        f"Transcripción secreta {key}",
        f"/recordings/{story.recording.pk}/",
        # Its segment index, in both languages.
        f"Secret segment {key}",
        f"Segmento secreto {key}",
        f"Secret synopsis {key}",
        f"Sinopsis secreta {key}",
        f"secret keyword {key}",
        f"palabra secreta {key}",
    ]
    return marks


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
@pytest.mark.parametrize(("name", "channel"), CHANNELS, ids=CHANNEL_IDS)
@pytest.mark.parametrize("hide", HIDDEN, ids=lambda hide: hide.__name__)
def test_a_hidden_story_leaks_through_no_channel(site_structure, client, hide, name, channel):
    _, index = site_structure
    story = hide(index)
    text = channel(story, client)
    for mark in _marks(story):
        assert mark not in text, f"{name} shows {mark!r} of a {hide.__name__} story"
    assert REAL_NAME not in text, f"{name} shows the real name"
    assert "Seudónimo" not in text, f"{name} names the narrator of a {hide.__name__} story"


@pytest.mark.parametrize(("name", "channel"), CHANNELS, ids=CHANNEL_IDS)
@pytest.mark.parametrize(
    "hide",
    [draft, embargoed, embargoed_narrator, withdrawn, private, for_a_group, expired],
    ids=lambda hide: hide.__name__,
)
def test_members_do_not_see_what_is_hidden_from_them_either(
    site_structure, member_client, hide, name, channel
):
    _, index = site_structure
    story = hide(index)
    text = channel(story, member_client)
    for mark in _marks(story):
        assert mark not in text, f"{name} shows {mark!r} of a {hide.__name__} story"
    assert REAL_NAME not in text, f"{name} shows the real name"


def _recording_shown(story, words, file, *index):
    """A public story's recording on its page: its words, a file address and its segment
    index (the backup drill asks the same of the restored archive)."""
    return [words, f"/recordings/{story.recording.pk}/{file}", *index]


def _recording_in_bag(story):
    folder = f"stories/{story.pk}/recording-{story.recording.pk}"
    return [
        f"{folder}/recording.m4a",
        f"{folder}/es.vtt\nWEBVTT",
        "Transcripción secreta public",
        "Secret segment public",
    ]


# Channels where a public story must appear, and what each must show: the control that keeps
# the matrix honest. None: the channel must answer 200 (a photo file).
SHOWS_PUBLIC_STORIES = {
    "story page, English": lambda story: [
        story.title_en,
        "Seudónimo public",
        *_recording_shown(
            story,
            "Secret transcript public",
            "web",
            "Secret segment public",
            "Secret synopsis public",
        ),
    ],
    "story page, Spanish": lambda story: [
        story.title_es,
        "Seudónimo public",
        *_recording_shown(
            story,
            "Transcripción secreta public",
            "es.vtt",
            "Segmento secreto public",
            "Sinopsis secreta public",
        ),
    ],
    "photo original": None,
    "photo rendition": None,
    "photo page": lambda story: ["Photo public"],
    "recording files": None,
    "sitemap": lambda story: [story.slug_en, story.slug_es, f"/photos/{story.photo.pk}/"],
    "feeds": lambda story: [story.title_en, story.title_es, "Seudónimo public"],
    "home page": lambda story: [story.title_en, story.title_es],
    "story index": lambda story: [story.title_en, story.title_es],
    "theme pages": lambda story: [story.title_en, story.title_es],
    "place pages": lambda story: [story.title_en, story.title_es],
    "narrator pages": lambda story: [story.title_en, story.title_es, "Seudónimo public"],
    # The story and its recording's segment, found by its words in both languages.
    "search page": lambda story: [
        story.title_en,
        story.title_es,
        "Seudónimo public",
        "Secret segment public",
        "Segmento secreto public",
    ],
    "search JSON": lambda story: [
        story.title_en,
        story.title_es,
        "Seudónimo public",
        "Secret segment public",
        "Segmento secreto public",
    ],
    "search exports": lambda story: [
        story.title_en,
        story.title_es,
        "Seudónimo public",
        "Secret segment public",
    ],
    # The recording too: its web copy's address, its transcript and its index.
    "API v2": lambda story: [
        story.title_en,
        story.title_es,
        "Seudónimo public",
        "Photo public",
        *_recording_shown(story, "Secret transcript public", "web", "Secret segment public"),
    ],
    "OAI-PMH": lambda story: [story.title_en, story.title_es, "Seudónimo public"],
    # The recording's file, its transcripts and its index, by path (a bag has no addresses).
    "preservation bag": lambda story: [
        story.title_en,
        story.title_es,
        "Seudónimo public",
        *_recording_in_bag(story),
    ],
    # The story's event with its recording: the parts in both languages, the player's file
    # (embed), the transcript (offline file, asked in Spanish).
    "timelines": lambda story: [
        story.title_en,
        story.title_es,
        *_recording_shown(
            story,
            "Transcripción secreta public",
            "web",
            "Secret segment public",
            "Segmento secreto public",
            "Secret synopsis public",
        ),
    ],
}


@pytest.mark.parametrize(("name", "channel"), CHANNELS, ids=CHANNEL_IDS)
def test_a_public_story_goes_through_with_its_pseudonym_never_its_real_name(
    site_structure, client, name, channel
):
    _, index = site_structure
    story = _story(index, "public")
    text = channel(story, client)
    assert REAL_NAME not in text, f"{name} shows the real name"
    if name in SHOWS_PUBLIC_STORIES:
        statuses = [part.split("\n", 1)[0] for part in _responses(text)]
        assert set(statuses) == {"200"}, f"{name} does not answer for a public story: {statuses}"
        for expected in (SHOWS_PUBLIC_STORIES[name] or (lambda story: []))(story):
            assert expected in text, f"{name} does not show {expected!r} of the public story"


def test_every_channel_is_in_the_control():
    """A new channel that can show public stories must say what it shows (or be an admin one)."""
    assert set(SHOWS_PUBLIC_STORIES) == set(CHANNEL_IDS) - {"admin preview links"}


def test_members_read_members_only_stories_but_never_the_real_name(site_structure, member_client):
    _, index = site_structure
    story = members_only(index)
    for channel in (story_page_english, story_page_spanish, photo_rendition, photo_original):
        text = channel(story, member_client)
        assert set(part.split("\n", 1)[0] for part in _responses(text)) == {"200"}
        assert REAL_NAME not in text
    assert story.title_es in story_page_spanish(story, member_client)
    assert "Seudónimo members" in story_page_spanish(story, member_client)


def _responses(text):
    return [part for part in text.split(RESPONSE_SEPARATOR) if part]
