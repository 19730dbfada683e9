"""The public site in a real browser, in both languages, with the demo content.

Every test here also fails on any console error, uncaught script error or request to
another host (see conftest.py).
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.layout import PHONE_WIDTH, too_wide_for_a_phone

pytestmark = pytest.mark.browser


def _lang(page):
    return page.locator("html").get_attribute("lang")


def _head_link(page, selector):
    locator = page.locator(f"head {selector}")
    assert locator.count() == 1, f"expected one <{selector}> on {page.url}, found {locator.count()}"
    return locator.get_attribute("href")


def _open(page, url):
    response = page.goto(url)
    assert response is not None and response.ok, (
        f"GET {url} answered {response and response.status}"
    )
    return response


def _path(url):
    return urlsplit(url).path


def _bilingual_story():
    """A publicly visible demo story with a title in each language: its path per language."""
    from django.db.models import Q
    from django.utils import translation

    from archive.visibility import public_stories

    story = (
        public_stories()
        .exclude(Q(title_en="") | Q(title_en__isnull=True))
        .exclude(Q(title_es="") | Q(title_es__isnull=True))
        .order_by("pk")
        .first()
    )
    assert story is not None, "the demo content has no public story with English and Spanish"
    urls = {}
    for code in ("en", "es"):
        with translation.override(code):
            urls[code] = _path(story.get_url())
    assert urls["en"] != urls["es"], f"the story has one URL for both languages: {urls}"
    return urls


def _story_index():
    from django.utils import translation

    from stories.models import StoryIndexPage

    index = StoryIndexPage.objects.live().public().first()
    assert index is not None, "the demo content has no live story index"
    urls = {}
    for code in ("en", "es"):
        with translation.override(code):
            urls[code] = _path(index.get_url())
    return urls


def _switch_to(page, code):
    """Follow the language switch to `code` and wait for the other language's page."""
    link = page.locator(f'nav.language-switch a[hreflang="{code}"]')
    assert link.count() == 1, f"no language switch link to '{code}' on {page.url}"
    with page.expect_navigation():
        link.click()
    assert _lang(page) == code, f"after switching to '{code}', {page.url} has lang={_lang(page)!r}"


def test_home_page_in_english_and_spanish(page, demo_site):
    _open(page, "/")
    assert _lang(page) == "en"
    assert page.locator("h1").count() >= 1, "the English home page has no <h1>"
    english_title = page.title()

    _switch_to(page, "es")
    assert _path(page.url) == "/es/"
    assert page.locator("h1").count() >= 1, "the Spanish home page has no <h1>"

    _open(page, "/es/")
    assert _lang(page) == "es"
    _switch_to(page, "en")
    assert _path(page.url) == "/"
    assert page.title() == english_title


def test_language_switch_keeps_the_reader_on_the_same_story(page, demo_site):
    urls = _bilingual_story()

    _open(page, urls["en"])
    assert _lang(page) == "en"
    english_canonical = _head_link(page, 'link[rel="canonical"]')
    spanish_alternate = _head_link(page, 'link[rel="alternate"][hreflang="es"]')
    assert _path(english_canonical) == urls["en"]
    assert _path(spanish_alternate) == urls["es"]
    english_heading = page.locator("h1").first.inner_text()

    _switch_to(page, "es")
    assert _path(page.url) == urls["es"], "the switch did not lead to the story's Spanish URL"
    assert _head_link(page, 'link[rel="canonical"]') == spanish_alternate
    assert _head_link(page, 'link[rel="alternate"][hreflang="en"]') == english_canonical
    spanish_heading = page.locator("h1").first.inner_text()
    assert spanish_heading, "the Spanish story page has no heading"

    _switch_to(page, "en")
    assert _path(page.url) == urls["en"]
    assert page.locator("h1").first.inner_text() == english_heading


def test_no_horizontal_scroll_on_a_360px_phone(page, demo_site):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    story, index = _bilingual_story(), _story_index()
    paths = ["/", "/es/", index["en"], index["es"], story["en"], story["es"]]
    too_wide = []
    for path in paths:
        _open(page, path)
        if problem := too_wide_for_a_phone(page, path):
            too_wide.append(problem)
    assert not too_wide, f"pages wider than {PHONE_WIDTH}px:\n  " + "\n  ".join(too_wide)


def test_keyboard_reader_can_skip_to_the_content(page, demo_site):
    story = _bilingual_story()
    _open(page, story["es"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("href") == "#main", "the first Tab stop is not the skip link"
    assert skip.is_visible(), "the focused skip link is not visible"
    outline = skip.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused link has no visible focus outline"
    page.keyboard.press("Enter")
    assert _path(page.url) == story["es"]
    assert page.evaluate("location.hash") == "#main"


def test_story_page_ships_under_50_kb_of_css_and_javascript(page, demo_site):
    sizes = {}

    def record(response):
        kind = response.request.resource_type
        if kind in ("stylesheet", "script"):
            sizes[response.url] = len(response.body())

    page.on("response", record)
    _open(page, _bilingual_story()["en"])
    page.wait_for_load_state("networkidle")
    assert sizes, "the story page loaded no CSS at all: the stylesheet link is broken"
    assert sum(sizes.values()) < 50_000, f"CSS+JS on a story page: {sizes}"


def test_theme_and_photo_pages_in_both_languages(page, demo_site):
    from archive.models import ArchiveImage

    photo = ArchiveImage.objects.order_by("pk").first()
    for path, language in (
        ("/themes/water/", "en"),
        ("/es/temas/agua/", "es"),
        (f"/photos/{photo.pk}/", "en"),
        (f"/es/fotos/{photo.pk}/", "es"),
    ):
        _open(page, path)
        assert _lang(page) == language
        image = page.locator("main img").first
        assert image.get_attribute("alt"), f"{path}: a photo without alternative text"
        # Photo cards load lazily: bring the photo into view and give it time to arrive
        # (checking at once made this test depend on the machine's speed).
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("(img) => img.naturalWidth > 0"), f"{path}: the photo did not load"
