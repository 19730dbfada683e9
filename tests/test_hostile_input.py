"""Hostile input never reaches a server error (issue 16).

Every public URL pattern, read from Django's resolver (so a new pattern is tried without
anyone adding it here), in both languages' prefixes, as an anonymous visitor and as a
member, receives a list of hostile values in each path argument and in each query
parameter its view reads: huge and negative integers, NUL and control characters, invalid
UTF-8, unbalanced quotes, 10,000-character strings. Each answer must be a normal page or a
clear 4xx, and every OAI-PMH answer well-formed XML.

One archive is built for the whole module (a theme tree, a place, a public story with a
photo and a linked document, a timeline drawing them) and one client asks everything.
"""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from archive.models import HistoricalDate
from archive.roles import MEMBERS
from tests.factories import make_narrator, make_photo, make_place, make_story, make_theme
from timelines.models import TimelineEvent, TimelinePage

# Already percent-encoded: they go into paths and query strings as they are.
HOSTILE = {
    "thousands of digits": "9" * 5000,
    "2**63": str(2**63),
    "2**64": str(2**64),
    "-1": "-1",
    "-2**63-1": str(-(2**63) - 1),
    "NUL": "%00",
    "control characters": "a%01b%0B",
    "invalid UTF-8": "%FF%FE",
    "unbalanced quotes": "%22water%27s",
    "superscript digit": "%C2%B2",  # str.isdigit() says yes, int() says no
    "malformed address": "http://%5B",  # urlsplit() raises on it
    "10,000 characters": "x" * 10_000,
}

# The query parameters each view reads (by URL name), from the views themselves.
SEARCH = ("q", "theme", "place", "from", "to", "lang", "kind", "sort", "page")
TIMELINE = ("lang", "theme", "from", "to")
EMBED = (*TIMELINE, "start", "part", "all")
API = ("limit", "offset", "fields", "order", "search", "search_operator", "format", "id")
API_PAGES = (
    *API,
    *("type", "child_of", "ancestor_of", "descendant_of", "translation_of", "locale"),
    *("site", "title", "slug", "show_in_menus", "rich_text_format"),
)
API_DETAIL = ("fields", "format")  # a record's view reads no filter
PARAMETERS = {
    "search": SEARCH,
    "search_json": SEARCH,
    "search_export_csv": SEARCH,
    "search_export_ris": SEARCH,
    "search_export_csl": SEARCH,
    "timelinejs": TIMELINE,
    "timeline_embed": EMBED,
    "timeline_offline": EMBED,
    "oembed": ("url", "format", "maxwidth", "maxheight"),
    "oai": ("verb", "identifier", "metadataPrefix", "set", "from", "until", "resumptionToken"),
    "wagtailapi:pages:listing": API_PAGES,
    "wagtailapi:pages:detail": API_DETAIL,
    "wagtailapi:pages:find": ("html_path", "id"),
    "wagtailapi:images:listing": (*API, "title", "collection"),
    "wagtailapi:images:detail": API_DETAIL,
    "wagtailapi:images:find": ("id",),
    "wagtailapi:documents:listing": (*API, "title", "collection"),
    "wagtailapi:documents:detail": API_DETAIL,
    "wagtailapi:documents:find": ("id",),
    "theme_detail": ("page", "photos"),
    "place_detail": ("page", "photos"),
    "sitemap": ("p",),
    "set_language": ("next", "language"),
    "javascript-catalog": ("language",),
    "login": ("next",),
    "wagtailcore_login": ("next",),
    "my_stories": ("sent",),
}
# A pattern not named above gets these: a view may read them without this list knowing.
COMMON = ("page",)
# Channels of public data that never look at who asks (archive.visibility's public_*
# querysets, no session): asking them again as a member would repeat the same answers.
SAME_FOR_EVERYONE = {
    *(name for name in PARAMETERS if name.startswith("wagtailapi:")),
    *("oai", "oembed", "timelinejs", "timeline_embed", "timeline_offline", "sitemap"),
    *("story_feed", "healthz", "javascript-catalog"),
}


@dataclass
class Pattern:
    """One public URL pattern as a list of pieces: literal text, or (argument name,
    converter) for what the visitor chooses."""

    name: str
    language: str | None  # None: outside i18n_patterns
    pieces: list = field(default_factory=list)

    @property
    def arguments(self):
        return [piece for piece in self.pieces if isinstance(piece, tuple)]

    @property
    def label(self):
        route = "".join(p if isinstance(p, str) else f"<{p[0]}>" for p in self.pieces)
        return f"{self.language or '-'}:/{route}"

    def url(self, values):
        path = "".join(p if isinstance(p, str) else values[p[0]] for p in self.pieces)
        return "/" + path


_ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route_pieces(route):
    pieces, start = [], 0
    for match in _ROUTE_ARGUMENT.finditer(route):
        pieces.append(route[start : match.start()])
        pieces.append((match["name"], match["converter"] or "str"))
        start = match.end()
    pieces.append(route[start:])
    return pieces


def _regex_pieces(regex):
    """Literal text and top-level groups of a simple regex (^pages/, ^(\\d+)/(.*)$)."""
    regex = regex.removeprefix("^").removesuffix("$")
    pieces, literal, depth, group, escaped = [], "", 0, "", False
    groups = 0
    for char in regex:
        if depth:
            group += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if not depth:
                    pieces.append((f"arg{groups}", group[:-1]))
                    group, groups = "", groups + 1
        elif char == "(":
            pieces.append(literal)
            literal, depth = "", 1
        elif escaped or char != "\\":
            literal += char
            escaped = False
        else:
            escaped = True
    pieces.append(literal)
    return pieces


def _pieces(pattern, language):
    # Under the pattern's language: routes readers see are translated (/es/temas/).
    with translation.override(language or "en"):
        if isinstance(pattern, LocalePrefixPattern):
            return [pattern.language_prefix]
        if isinstance(pattern, RoutePattern):
            return _route_pieces(str(pattern._route))
        if isinstance(pattern, RegexPattern):
            return _regex_pieces(str(pattern._regex))
    raise TypeError(f"Unknown kind of URL pattern: {pattern!r}")


def public_patterns():
    """Every URL pattern outside the admin, once per language for i18n patterns."""
    found = []

    def walk(entries, pieces, names, language):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith("admin/"):
                    continue  # Wagtail's admin and Django's internals: not public
                languages = (
                    ["en", "es"] if isinstance(entry.pattern, LocalePrefixPattern) else [language]
                )
                for each in languages:
                    more = _pieces(entry.pattern, each)
                    namespace = [*names, entry.namespace] if entry.namespace else names
                    walk(entry.url_patterns, [*pieces, *more], namespace, each)
            else:
                name = ":".join([*names, entry.name or entry.lookup_str])
                found.append(Pattern(name, language, [*pieces, *_pieces(entry.pattern, language)]))

    walk(get_resolver().url_patterns, [], [], None)
    return found


PATTERNS = public_patterns()


# --- The archive every request is asked about -----------------------------------------------
@dataclass
class World:
    theme: object
    place: object
    story: object
    photo: object
    rendition: object
    document: object
    timeline: object
    member: object

    def page_path(self, page, language):
        with translation.override(language):
            url = page.get_url()
        return url.removeprefix(f"/{language}/" if language != "en" else "/")


def _build_world():
    from stories.site_structure import ensure_site_structure

    home, index = ensure_site_structure()
    theme = make_theme("water", "Water", "Agua", parent=make_theme("environment-climate"))
    place = make_place("arcatao", "Arcatao")
    photo = make_photo(date_year=1990)
    photo.themes.set([theme])
    photo.save()  # its themes are kept with it (a ClusterableModel)
    document = get_document_model().objects.create(
        title="Leaflet", file=ContentFile(b"%PDF-1.4\n%%EOF\n", "leaflet.pdf")
    )
    body = [
        ("image", {"image": photo, "decorative": False, "alt_text": "Harvest"}),
        ("paragraph", RichText(f'<p><a linktype="document" id="{document.pk}">Leaflet</a></p>')),
    ]
    story = make_story(
        index, narrators=[make_narrator()], themes=[theme], places=[place], body_en=body,
        body_es=body, date_year=1990,
    )  # fmt: skip
    timeline = TimelinePage(
        title="Water", title_en="Water", title_es="Agua", slug="water-timeline",
        slug_en="water-timeline", slug_es="linea-agua", include_stories=True,
        include_photos=True, include_key_dates=True,
    )  # fmt: skip
    event = TimelineEvent(headline_en="Sistering", headline_es="Hermanamiento")
    event.set_historical_date(HistoricalDate.parse("1986"))
    timeline.events.add(event)
    home.add_child(instance=timeline)
    timeline.themes.set([theme])
    timeline.save_revision().publish()
    member = User.objects.create_user("hostile-member", "member@example.org", "x")
    member.groups.add(Group.objects.get(name=MEMBERS))
    rendition = photo.get_rendition("max-600x400")
    return World(theme, place, story, photo, rendition, document, timeline, member)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def visitor_client():
    # A server error comes back as a 500 response to count, not as an exception.
    return Client(raise_request_exception=False)


# --- Valid values to start from, then hostile ones ---------------------------------------------
@dataclass
class Sample:
    """A valid request: path arguments, query, and the parameters its view reads."""

    values: dict
    query: dict = field(default_factory=dict)
    parameters: tuple = ()
    known: bool = True  # reaches its view (False: plain values that may answer 404)


VALID, PLAIN = "the valid request", "the plain request"


def _oai_queries(world):
    identifier = f"oai:testserver.localdomain:story:{world.story.pk}"
    listing = {"metadataPrefix": "oai_dc", "set": "environment-climate", "from": "2000-01-01"}
    return [
        {"verb": "Identify"},
        {"verb": "ListMetadataFormats", "identifier": identifier},
        {"verb": "ListSets"},
        {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "oai_dc"},
        # The last day a datetime can hold: the day after it is out of range.
        {"verb": "ListIdentifiers", **listing, "until": "9999-12-31"},
        {"verb": "ListRecords", **listing},
        {"verb": "ListRecords", "resumptionToken": "token"},
    ]


def _valid_requests(pattern, world):
    """{url name: [(path arguments, query)]} for the patterns whose arguments must name a
    record of the archive to reach their view."""
    language = pattern.language or "en"
    timeline = {"slug": getattr(world.timeline, f"slug_{language}")}
    search = {"q": "water", "theme": "water", "place": "arcatao", "from": "1980", "to": "2000"}
    story_path = "/" + world.page_path(world.story, "en")
    oembed = {"url": "http://testserver" + world.timeline.get_url(), "maxwidth": "600"}
    return {
        "media": [({"path": world.photo.file.name}, {}), ({"path": world.rendition.file.name}, {})],
        "wagtaildocs_serve": [
            ({"arg0": str(world.document.pk), "arg1": world.document.filename}, {})
        ],
        "wagtailapi:pages:detail": [({"pk": str(world.story.pk)}, {})],
        "wagtailapi:pages:find": [({}, {"html_path": story_path})],
        "wagtailapi:images:detail": [({"pk": str(world.photo.pk)}, {})],
        "wagtailapi:documents:detail": [({"pk": str(world.document.pk)}, {})],
        "oembed": [({}, oembed)],
        "oai": [({}, query) for query in _oai_queries(world)],
        "theme_detail": [({"slug": world.theme.slug}, {})],
        "place_detail": [({"slug": world.place.slug}, {})],
        "photo_detail": [({"pk": str(world.photo.pk)}, {})],
        "narrator_detail": [({"pk": str(world.story.narrators.get().pk)}, {})],
        "timelinejs": [(timeline, {"theme": "water", "from": "1980"})],
        "timeline_embed": [(timeline, {"theme": "water", "from": "1980"})],
        "timeline_offline": [(timeline, {"to": "2000"})],
        **{name: [({}, search)] for name in PARAMETERS if name.startswith("search")},
    }


def samples(pattern, world):
    """Valid requests for this pattern, each then spoiled one value at a time. A pattern
    not named here gets a plain value for each argument and the COMMON parameters."""
    if pattern.name == "wagtail_serve":
        # Wagtail's pages read their own parameters: the story index its page number,
        # sort and filters, the timeline page its share options, a story none.
        language = pattern.language or "en"
        pages = (
            (world.timeline.get_parent(), ()),  # the home page
            (world.timeline, ("from", "to", "theme", "height", "embed_lang")),
            (world.story.get_parent(), ("page", "sort", "theme", "place", "decade")),
            (world.story, ()),
        )
        return [
            Sample({"arg0": world.page_path(page, language)}, {}, reads) for page, reads in pages
        ]
    parameters = PARAMETERS.get(pattern.name, COMMON)
    known = _valid_requests(pattern, world)
    if pattern.name in known:
        return [Sample(values, query, parameters) for values, query in known[pattern.name]]
    plain = {name: "1" if "int" in kind or "d" in kind else "x" for name, kind in pattern.arguments}
    return [Sample(plain, {}, parameters, known=False)]


def _query_string(query, name=None, hostile=None):
    text = urlencode({key: value for key, value in query.items() if key != name})
    if name is not None:
        text = f"{text}&{name}={hostile}" if text else f"{name}={hostile}"
    return f"?{text}" if text else ""


_TRAILING_NUMBER = re.compile(r"\d+$")


def _spoiled(valid, hostile):
    """The hostile value instead of the valid one, and (for a value ending in a number,
    such as an OAI identifier or a date) instead of that number only."""
    yield hostile
    if _TRAILING_NUMBER.search(valid):
        yield _TRAILING_NUMBER.sub("", valid) + hostile


def hostile_requests(pattern, world):
    """{url: what was spoiled} for every argument and parameter of the pattern."""
    requests = {}
    for sample in samples(pattern, world):
        base = pattern.url(sample.values) + _query_string(sample.query)
        requests[base] = VALID if sample.known else PLAIN
        for name, _kind in pattern.arguments:
            valid = sample.values[name]
            slash = "/" if valid.endswith("/") else ""
            for label, hostile in HOSTILE.items():
                for value in _spoiled(valid.rstrip("/"), hostile):
                    url = pattern.url({**sample.values, name: value + slash})
                    requests.setdefault(url + _query_string(sample.query), f"<{name}> {label}")
        for name in dict.fromkeys([*sample.query, *sample.parameters]):
            for label, hostile in HOSTILE.items():
                for value in _spoiled(quote(sample.query.get(name, "")), hostile):
                    url = pattern.url(sample.values) + _query_string(sample.query, name, value)
                    requests.setdefault(url, f"{name}= {label}")
    return requests


# --- The test ------------------------------------------------------------------------------
def _problem(pattern, response, what):
    status = response.status_code
    if what == VALID and status >= 400:
        return f"{status}: the valid request this pattern's values are tried from fails"
    if status == 501 and pattern.name == "oembed" and what.startswith("format="):
        return None  # what the oEmbed specification asks for an unknown format
    if status >= 500:
        error = response.exc_info[1] if response.exc_info else ""
        return f"{status} {type(error).__name__}: {str(error)[:120]}"
    if pattern.name == "oai" or "xml" in response.get("Content-Type", ""):
        try:
            ET.fromstring(response.content)
        except ET.ParseError as error:
            return f"{status}, not well-formed XML: {error}"
    if status == 400 and not response.content.strip():
        return "400 without a word of what was wrong"
    return None


def _visits():
    """(pattern, visitor) pairs: every pattern as an anonymous visitor; as a member, the
    English (or unprefixed) patterns whose views can tell members from anonymous
    visitors (the Spanish prefix runs the same code, already asked anonymously)."""
    for pattern in PATTERNS:
        yield pytest.param(pattern, "anonymous", id=f"{pattern.label}-anonymous")
        if pattern.name not in SAME_FOR_EVERYONE and pattern.language != "es":
            yield pytest.param(pattern, "member", id=f"{pattern.label}-member")


@pytest.mark.django_db
@pytest.mark.parametrize(("pattern", "visitor"), list(_visits()))
def test_hostile_values_get_a_page_or_a_clear_4xx(pattern, visitor, world, visitor_client):
    if visitor == "member":
        visitor_client.force_login(world.member)
    else:
        visitor_client.logout()
    problems = []
    for url, what in hostile_requests(pattern, world).items():
        response = visitor_client.get(url)
        if response.streaming:
            # Read through the client's wrapper, which closes the file without letting
            # request_finished close the database connection of the module's transaction.
            b"".join(response.streaming_content)
        problem = _problem(pattern, response, what)
        if problem:
            problems.append(f"{what}: {url[:160]} -> {problem}")
    assert not problems, "\n".join(problems)
    if visitor == "member":  # nothing above logged the member out
        assert visitor_client.session.get("_auth_user_id") == str(world.member.pk)


# --- What a refusal says -------------------------------------------------------------------
REFUSALS = [
    # (address, status, words the visitor reads)
    ("/es/timelines/linea-agua/timelinejs.json?from=" + "9" * 5000, 400, "debe ser un año"),
    ("/es/embed/timeline/linea-agua/?to=%C2%B2", 400, "“to” debe ser un año entre 1500 y 2100"),
    ("/es/buscar/resultados.json?from=" + str(2**64), 200, "Se ignoró el filtro «desde el año»"),
    ("/oembed/?url=http://testserver/&maxwidth=" + str(2**64), 400, "a whole number of pixels"),
    ("/oembed/?url=http://%5B", 400, "The url parameter is not an address."),
    ("/es/temas/agua/?page=%00", 400, "contiene un carácter NUL"),
    ("/api/v2/pages/?search=water&search_operator=xx", 400, "must be “and” or “or”"),
    ("/api/v2/pages/?offset=" + str(2**63), 400, "“offset” must be a whole number"),
    ("/api/v2/images/find/?id=%C2%B2", 400, "“id” must be a whole number"),
    ("/api/v2/pages/?search=%22water", 200, '"total_count"'),  # read as the word water
    ("/api/v2/pages/?search=water%00", 400, "contains a NUL character"),
]


def _readable(response):
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status", "says"), REFUSALS)
def test_a_refusal_says_what_was_wrong_in_the_visitors_language(
    url, status, says, world, visitor_client
):
    visitor_client.logout()
    response = visitor_client.get(url)
    assert response.status_code == status
    assert says in _readable(response)
