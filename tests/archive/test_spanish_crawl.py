"""Every Spanish page of the demo reads in Spanish: its interface, its sample labels, its paths.

The crawl starts at /es/ and the entry points a reader arrives at from outside (a search, a
theme, a place, a timeline, a photo, a story, the account pages), follows every same-site /es/
link, and reports each page that shows English interface text (tests/archive/spanish_text.py)
or has an English path segment.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from archive import roles
from demo import content as demo_content
from tests.archive.spanish_text import english_interface_text

# Titles of the English sources the demo's key dates cite keep their language, as any
# citation does ("Fuente: CISPES, “Take Action in Solidarity with El Salvador”").
CITED_SOURCES = [
    demo_content.SOURCE_NETWORK,
    demo_content.SOURCE_MASCP,
    demo_content.SOURCE_CISPES,
    demo_content.SOURCE_MASCP_2018,
]
MAX_PAGES = 400
MAX_QUERY_PARAMETERS = 2  # deeper facet combinations show nothing new
# Addresses that answer data or files, not pages to read.
NOT_PAGES = (".json", ".csv", ".ris", ".xml", ".html", "/jsi18n/", "/feed/")
# English words that must not be a segment of a Spanish path.
ENGLISH_SEGMENTS = {
    "themes", "places", "photos", "search", "submit", "my-stories", "accounts", "login",
    "signup", "thanks", "password", "password-reset", "stories", "timeline", "timelines",
    "export", "results",
}  # fmt: skip


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def _links(base, html):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        url = urlsplit(urljoin(base, href))
        if url.netloc in ("", "testserver") and url.path.startswith("/es/"):
            yield url.path + (f"?{url.query}" if url.query else "")


def _shape(url):
    """One page per path and set of query parameters: facet links are endless otherwise."""
    parts = urlsplit(url)
    return parts.path, tuple(sorted({name for name, _value in parse_qsl(parts.query)}))


def _english_segments(url):
    return sorted(set(urlsplit(url).path.strip("/").split("/")) & ENGLISH_SEGMENTS)


def crawl(client, start):
    """{url: [English strings or path segments found]} for every Spanish page reached."""
    queue, seen, problems = deque(start), set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path, parameters = _shape(url)
        if (
            (path, parameters) in seen
            or len(parameters) > MAX_QUERY_PARAMETERS
            or any(marker in path for marker in NOT_PAGES)
        ):
            continue
        seen.add((path, parameters))
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        found = english_interface_text(html, ignored=CITED_SOURCES)
        found += [f"path /{segment}/" for segment in _english_segments(url)]
        if found:
            problems[url] = found
        queue.extend(_links(url, html))
    return problems


def _report(problems):
    """Each offending string once, with the pages showing it."""
    pages = {}
    for url, found in sorted(problems.items()):
        for text in found:
            pages.setdefault(text, []).append(url)
    return "\n".join(
        f"{text!r} on {len(urls)} page(s): {', '.join(urls[:5])}" for text, urls in pages.items()
    )


def _entry_points():
    from archive.models import ArchiveImage, Place, Theme
    from stories.models import StoryPage
    from timelines.models import TimelinePage

    with translation.override("es"):
        return [
            "/es/",
            reverse("search") + "?q=agua",
            reverse("search") + "?q=mining",
            Theme.objects.get(slug="water").get_absolute_url(),
            Place.objects.get(slug="santa-marta").get_absolute_url(),
            TimelinePage.objects.live().first().get_url(),
            reverse("photo_detail", args=[ArchiveImage.objects.first().pk]),
            StoryPage.objects.live().public().filter(visibility="public").first().get_url(),
            reverse("login"),
            reverse("signup"),
        ]


def test_every_spanish_page_of_the_demo_reads_in_spanish(demo, client):
    problems = crawl(client, _entry_points())
    assert not problems, "English on Spanish pages:\n" + _report(problems)


def test_every_spanish_page_a_member_sees_reads_in_spanish(demo, client):
    member = User.objects.create_user("socia", "socia@example.org", "a-long-password-1")
    member.groups.add(Group.objects.get(name=roles.MEMBERS))
    client.force_login(member)
    with translation.override("es"):
        start = ["/es/", reverse("submit_story"), reverse("my_stories")]
    problems = crawl(client, start)
    assert not problems, "English on Spanish pages:\n" + _report(problems)
