"""The research search in a real browser, as a researcher uses it, with the demo content:

search the Spanish page for "mineria" (no accent), narrow to the Mining theme, switch to
English with the search kept, and download the results as RIS; the same by keyboard; and
the results page on a 360 px phone.

UI strings may not be translated yet, so the assertions rest on the content (story titles,
theme names, which are data) and on the page's structure, not on Spanish labels.
Every test here also fails on any console error, uncaught script error or request to
another host (see conftest.py).
"""

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from search.query import PER_PAGE
from tests.browser.layout import PHONE_WIDTH, too_wide_for_a_phone

pytestmark = pytest.mark.browser

QUERY = "mineria"
THEME = "mining"
THEME_NAMES = {"es": "Minería", "en": "Mining"}

SEARCH_BOX = "#search-q"
HEADING = "#results-heading"
HITS = "ol.hits > li.hit"
FACETS = "aside.facets"
RIS_LINK = 'p.search-exports a[href*="export.ris"]'


def _lang(page):
    return page.locator("html").get_attribute("lang")


def _open(page, url):
    response = page.goto(url)
    assert response is not None and response.ok, (
        f"GET {url} answered {response and response.status}"
    )
    return response


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _params(page):
    return parse_qs(urlsplit(page.url).query)


def _count(page):
    """The number of records the results heading announces."""
    heading = page.locator(HEADING)
    expect(heading).to_have_attribute("role", "status")
    text = heading.inner_text()
    numbers = re.findall(r"\d+", text)
    assert numbers, f"the results heading announces no count: {text!r}"
    return int(numbers[0])


def _submit_search(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _assert_results_for_mining(page):
    count = _count(page)
    assert count > 0, f"no results for {QUERY!r} on {page.url}"
    hits = page.locator(HITS)
    assert hits.count() == min(count, PER_PAGE), (
        f"the heading announces {count} records, the page lists {hits.count()}"
    )
    marks = page.locator(f"{HITS} .snippet mark")
    assert marks.count() > 0, "no highlighted words in the snippets"
    highlighted = [_fold(text) for text in marks.all_inner_texts()]
    assert any("miner" in word for word in highlighted), (
        f"the highlighted words do not include the search: {highlighted}"
    )
    return count


def _facet_link(page, language):
    """The sidebar link for the Mining theme, found by its name: "Minería (3)"."""
    name = THEME_NAMES[language]
    link = page.locator(f"{FACETS} .facet a", has_text=re.compile(rf"\b{name} \(\d+\)"))
    assert link.count() == 1, f"expected one facet link for {name!r} on {page.url}"
    return link


def _theme_in(href):
    return parse_qs(urlsplit(href).query).get("theme", [])


def _switch_to(page, code):
    """Follow the language switch to `code` and wait for the other language's page."""
    link = page.locator(f'nav.language-switch a[hreflang="{code}"]')
    assert link.count() == 1, f"no language switch link to '{code}' on {page.url}"
    with page.expect_navigation():
        link.click()
    assert _lang(page) == code, f"after switching to '{code}', {page.url} has lang={_lang(page)!r}"


def _ris_records(text):
    records, current = [], {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert not current, f"a RIS record without its closing 'ER  - ': {current}"
    return records


def test_search_narrow_by_theme_switch_language_and_export_ris(page, demo_site):
    _open(page, "/es/buscar/")
    assert _lang(page) == "es"
    box = page.locator(SEARCH_BOX)
    expect(box).to_have_attribute("type", "search")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    box.fill(QUERY)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/es/buscar/\?.*q=mineria"))
    assert urlsplit(page.url).path == "/es/buscar/"
    expect(page.locator(SEARCH_BOX)).to_have_value(QUERY)
    assert _params(page).get("sort", ["relevance"]) == ["relevance"], (
        f"a typed search is not ordered by best match: {page.url}"
    )
    _assert_results_for_mining(page)

    # Narrow to the Mining theme in the sidebar.
    link = _facet_link(page, "es")
    expect(link).not_to_have_attribute("aria-current", "true")
    assert _theme_in(link.get_attribute("href")) == [THEME], link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    params = _params(page)
    assert params.get("theme") == [THEME] and params.get("q") == [QUERY], page.url
    link = _facet_link(page, "es")
    expect(link).to_have_attribute("aria-current", "true")
    assert _theme_in(link.get_attribute("href")) == [], "the chosen theme's link does not remove it"
    count = _assert_results_for_mining(page)
    for hit in page.locator(HITS).all():
        title = hit.locator("h3").inner_text()
        tags = hit.locator(".tags .tag").all_inner_texts()
        assert THEME_NAMES["es"] in tags, f"{title!r} is not tagged Minería: {tags}"
    titles_es = page.locator(f"{HITS} h3 a").all_inner_texts()
    assert "No a la minería: la larga lucha de Santa Marta" in titles_es, titles_es

    # The language switch keeps the search and its filter.
    _switch_to(page, "en")
    assert urlsplit(page.url).path == "/search/", page.url
    params = _params(page)
    assert params.get("q") == [QUERY] and params.get("theme") == [THEME], page.url
    expect(page.locator(SEARCH_BOX)).to_have_value(QUERY)
    link = _facet_link(page, "en")
    expect(link).to_have_attribute("aria-current", "true")
    assert _count(page) == count, "switching language changed the number of results"
    for hit in page.locator(HITS).all():
        assert THEME_NAMES["en"] in hit.locator(".tags .tag").all_inner_texts()
    titles = page.locator(f"{HITS} h3 a").all_inner_texts()

    # Download the results as RIS.
    with page.expect_download() as download_info:
        page.locator(RIS_LINK).click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".ris"), download.suggested_filename
    with open(download.path(), encoding="utf-8") as ris:
        text = ris.read()
    assert text.startswith("TY  - "), f"not RIS: {text[:80]!r}"
    assert re.search(r"^ER  - ", text, re.MULTILINE), "no 'ER  - ' line in the RIS file"
    records = _ris_records(text)
    assert len(records) == count, f"{len(records)} RIS records for {count} results"
    ris_titles = [record.get("TI", [""])[0] for record in records]
    for title in titles:
        # A recording segment's reference also names its moment: "… (at 0:12)".
        found = any(ris == title or ris.startswith(f"{title} (at ") for ris in ris_titles)
        assert found, f"{title!r} missing from the RIS file: {ris_titles}"
    for record in records:
        urls = record.get("UR", [])
        assert len(urls) == 1 and urls[0].startswith("http"), f"bad UR in {record}"
        assert THEME_NAMES["en"] in record.get("KW", []), f"RIS record not about mining: {record}"


def test_keyboard_reader_searches_and_reaches_the_facets(page, demo_site):
    _open(page, "/es/buscar/")
    # The skip link, then straight into the form.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(SEARCH_BOX)).to_be_focused()
    page.keyboard.type(QUERY)
    _submit_search(page)
    assert _params(page).get("q") == [QUERY], page.url
    _assert_results_for_mining(page)

    # Tab on through the results until the focus reaches the facet sidebar: the first stop
    # there is the first facet link.
    first_facet_link = page.locator(f"{FACETS} a").first
    focusable = page.locator("main a, main input, main select, main button, main summary")
    for _ in range(focusable.count() + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!document.activeElement.closest('{FACETS}')"):
            break
    else:
        pytest.fail("Tab never reached the facet sidebar")
    expect(first_facet_link).to_be_focused()

    # Following the focused facet link with Enter narrows the search.
    href = first_facet_link.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _params(page) == parse_qs(urlsplit(href).query), page.url


def test_search_page_has_no_horizontal_scroll_on_a_360px_phone(page, demo_site):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    paths = [
        "/es/buscar/",
        f"/es/buscar/?q={QUERY}",
        f"/es/buscar/?q={QUERY}&theme={THEME}",
        f"/search/?q={QUERY}&theme={THEME}",
        "/search/?q=zzzznothing",
    ]
    too_wide = []
    for path in paths:
        _open(page, path)
        page.locator("details.search-options summary").click()  # the options open too
        if problem := too_wide_for_a_phone(page, path):
            too_wide.append(problem)
    assert not too_wide, f"search pages wider than {PHONE_WIDTH}px:\n  " + "\n  ".join(too_wide)
