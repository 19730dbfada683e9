"""Our /timelines/<slug>/timelinejs.json renders in TimelineJS 3.9 itself (the npm package
@knight-lab/timelinejs pinned in tests/browser/js/package.json), as an educator's page that
embeds TimelineJS with our URL would show it: the title slide, every event's headline on
the time axis, the era, the lane (group), a period with an end year, the photo with its alt
text, and the Spanish data with TimelineJS's own Spanish interface.

TimelineJS, its stylesheet and its locale files are answered from node_modules at the live
server's address (tests/browser/npm.py), and it is told to need nothing from other hosts:
`script_path` points at our copy of dist/js/ (it loads locale/<lang>.json from there) and
`font: null` keeps it from loading its default font stylesheet, whose PT Sans/PT Serif come
from fonts.gstatic.com. conftest.py would fail the test on any request to another host, and
on any console error or uncaught exception.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.npm import npm_file, npm_url, serve_npm
from tests.browser.timeline_data import EVENTS, PHOTO_EVENT, RANGE_EVENT, UNTRANSLATED_EVENT

pytestmark = pytest.mark.browser

DIST = "@knight-lab/timelinejs/dist"
PAGE = """<!doctype html>
<html lang="{language}">
<head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="{css}">
<script src="{js}"></script></head>
<body style="margin:0">
<div id="timeline-embed" style="width:1000px;height:650px"></div>
<script>
  window.timeline = new TL.Timeline("timeline-embed", "{data}", {{
    language: "{language}",
    script_path: "{script_path}",
    font: null,
  }});
</script>
</body>
</html>"""


def _open(page, live_server, language):
    """The test page with TimelineJS showing our JSON in `language`, once it is ready."""
    npm_file(f"{DIST}/js/timeline.js")
    serve_npm(page, live_server)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    html = PAGE.format(
        language=language,
        css=npm_url(live_server, f"{DIST}/css/timeline.css"),
        js=npm_url(live_server, f"{DIST}/js/timeline.js"),
        script_path=npm_url(live_server, f"{DIST}/js/"),
        data=f"{live_server.url}/timelines/our-timeline/timelinejs.json?lang={language}",
    )
    url = live_server.url + "/timelinejs-test.html"
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(url)
    page.wait_for_function("window.timeline && window.timeline.ready === true")
    errors = page.evaluate("timeline.config.messages.errors")
    assert errors == [], f"TimelineJS rejected our JSON: {errors}"
    return requested


def _headlines(page):
    return page.locator(".tl-timemarker .tl-headline").all_inner_texts()


def test_english_json_renders_in_timelinejs(page, live_server, rich_timeline):
    requested = _open(page, live_server, "en")
    # Everything came from the live server (conftest.py would have failed us otherwise),
    # and no font stylesheet was asked for even there.
    assert not [url for url in requested if "/css/fonts/" in url]

    title = page.locator(".tl-slide-titleslide")
    expect(title.locator(".tl-headline")).to_have_text("Our timeline")
    expect(title).to_contain_text("Three decades of sister cities.")
    expect(title.locator(".tl-headline")).to_be_visible()

    # Every event has its marker on the time axis, with our headline.
    english = [headline for _date, headline, _spanish in EVENTS] + [
        RANGE_EVENT["headline_en"],
        PHOTO_EVENT["headline_en"],
        UNTRANSLATED_EVENT["headline_en"],
    ]
    assert sorted(_headlines(page)) == sorted(english)
    assert page.evaluate("timeline.config.events.length") == len(rich_timeline)
    # TimelineJS keeps our unique ids: the slides and markers are found by them.
    first = rich_timeline[0]
    expect(page.locator(f"#{first}-marker")).to_have_count(1)

    # Next: the first event (1986), as a reader clicking through sees it.
    page.locator(".tl-slidenav-next").first.click()
    page.wait_for_function(f"timeline.current_id === {first!r}")
    slide = page.locator(f".tl-slide#{first}")
    expect(slide.locator(".tl-headline")).to_have_text("Sistering begins")
    expect(slide.locator(".tl-headline")).to_be_visible()
    expect(slide.locator(".tl-headline-date")).to_contain_text("1986")
    expect(slide.locator(".tl-text-content")).to_contain_text("Text.")

    # The era, the lane (group) and the period with an end year.
    expect(page.locator(".tl-timeera").first).to_contain_text("Civil war")
    expect(page.locator(".tl-timegroup-message").filter(has_text="Delegations")).to_have_count(1)
    ranged = rich_timeline[1]  # 1987–1991
    assert page.evaluate(f"timeline.config.event_dict[{ranged!r}].end_date.data.year") == 1991
    expect(page.locator(f"#{ranged}-marker")).to_have_class(
        re.compile(r"\btl-timemarker-with-end\b")
    )
    page.evaluate(f"timeline.goToId({ranged!r})")
    expect(page.locator(f".tl-slide#{ranged} .tl-headline")).to_have_text(
        RANGE_EVENT["headline_en"]
    )
    expect(page.locator(f".tl-slide#{ranged}")).to_contain_text(RANGE_EVENT["source"])

    # The photo, with our alt text and credit.
    photo = next(
        card
        for card in rich_timeline
        if page.evaluate(f"!!timeline.config.event_dict[{card!r}].media")
    )
    page.evaluate(f"timeline.goToId({photo!r})")
    image = page.locator(f".tl-slide#{photo} img.tl-media-image")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", "A one-storey school building with a tin roof")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0  # loaded from the live server
    expect(page.locator(f".tl-slide#{photo} .tl-credit")).to_have_text("Arcatao community archive")


def test_spanish_json_renders_with_timelinejs_spanish_interface(page, live_server, rich_timeline):
    requested = _open(page, live_server, "es")
    locale = npm_url(live_server, f"{DIST}/js/locale/es.json")
    assert locale in requested  # TimelineJS's Spanish strings, from our copy
    expect(page.locator(".tl-slide-titleslide .tl-headline")).to_have_text(
        "Nuestra línea de tiempo"
    )
    expect(page.locator(".tl-slide-titleslide")).to_contain_text(
        "Tres décadas de ciudades hermanas."
    )
    headlines = _headlines(page)
    for _date, _english, spanish in EVENTS:
        assert spanish in headlines
    assert RANGE_EVENT["headline_es"] in headlines
    # No Spanish text yet: the English headline, with our note on the slide.
    assert UNTRANSLATED_EVENT["headline_en"] in headlines
    page.locator(".tl-slidenav-next").first.click()
    first = rich_timeline[0]
    page.wait_for_function(f"timeline.current_id === {first!r}")
    expect(page.locator(f".tl-slide#{first} .tl-headline")).to_have_text(
        "Comienza el hermanamiento"
    )
    expect(page.locator(".tl-timeera").first).to_contain_text("Guerra civil")
    # TimelineJS's own interface speaks Spanish, from our copy of locale/es.json.
    assert page.evaluate("timeline.language.lang") == "es"
    expect(page.get_by_role("button", name="Volver al título")).to_have_count(1)
