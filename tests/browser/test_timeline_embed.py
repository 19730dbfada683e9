"""The timeline embed in a real browser, as an educator's page frames it: keyboard, slide
mode and its #slide-… fragment, the Spanish embed, a 320 px column; and nothing from
another host (conftest.py fails the test on any such request or any script error)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _framed(page, live_server, query=""):
    """An educator's page with the embed in an <iframe>: the embed's frame.

    The lesson page is answered by a route in this test, at the live server's address:
    Chromium's Private Network Access refuses to let a page from any other address (even a
    routed one) frame localhost, and an about:blank parent (page.set_content) has an opaque
    origin, which `frame-ancestors *` rightly does not match. X-Frame-Options: DENY would
    refuse even this same-origin frame, so the test still shows the embed is frameable.
    Everything the embed asks for goes through conftest.py's check for other hosts."""
    src = f"{live_server.url}/embed/timeline/our-timeline/{query}"
    lesson = (
        "<!doctype html><title>Lesson</title>"
        f'<iframe src="{src}" width="800" height="450" title="Timeline"></iframe>'
    )
    school = live_server.url + "/lesson.html"
    page.route(school, lambda route: route.fulfill(content_type="text/html", body=lesson))
    page.goto(school)
    frame = page.frame_locator("iframe")
    expect(frame.locator(".card").first).to_be_visible()
    return frame, page.frames[1]


def _current(frame):
    return frame.locator(".card.current")


def test_keyboard_moves_through_the_events_and_announces_them(page, live_server, timeline):
    frame, inner = _framed(page, live_server)
    expect(frame.locator(".card")).to_have_count(3)
    expect(_current(frame)).to_have_attribute("id", timeline[0])
    frame.locator(f"#{timeline[0]}").click()
    page.keyboard.press("ArrowRight")
    expect(_current(frame)).to_have_count(1)
    expect(_current(frame)).to_have_attribute("id", timeline[1])
    expect(frame.locator(f"#{timeline[1]}")).to_be_focused()
    expect(frame.locator("#live")).to_contain_text("Peace accords")
    expect(frame.locator(".mk.on")).to_have_count(1)
    page.keyboard.press("End")
    expect(_current(frame)).to_have_attribute("id", timeline[2])
    expect(frame.locator("#live")).to_contain_text("New century")
    page.keyboard.press("ArrowRight")  # stays on the last one
    expect(_current(frame)).to_have_attribute("id", timeline[2])
    page.keyboard.press("Home")
    expect(_current(frame)).to_have_attribute("id", timeline[0])
    page.keyboard.press("ArrowLeft")
    expect(_current(frame)).to_have_attribute("id", timeline[0])
    expect(frame.locator("#live")).to_contain_text("Sistering begins")
    link = frame.locator("#lang")
    assert "lang=es" in link.get_attribute("href")


def test_slide_mode_and_its_fragment(page, live_server, timeline):
    frame, inner = _framed(page, live_server, "?start=" + timeline[1])
    expect(_current(frame)).to_have_attribute("id", timeline[1])
    assert inner.evaluate("location.hash") == ""  # ?start is not slide mode
    frame.locator("#slides").click()
    expect(frame.locator("html")).to_have_class("slide")
    expect(frame.locator("#slides")).to_have_attribute("aria-pressed", "true")
    assert inner.evaluate("location.hash") == f"#slide-{timeline[1]}"
    expect(frame.locator(f"#{timeline[0]}")).to_be_hidden()
    expect(frame.locator(f"#{timeline[1]}")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(frame.locator(f"#{timeline[2]}")).to_be_visible()
    expect(frame.locator(f"#{timeline[1]}")).to_be_hidden()
    assert inner.evaluate("location.hash") == f"#slide-{timeline[2]}"
    # A swipe to the right (finger moving right) goes back, as on a tablet.
    main = frame.locator("main")
    main.dispatch_event("pointerdown", {"pointerType": "touch", "clientX": 500, "clientY": 200})
    main.dispatch_event("pointerup", {"pointerType": "touch", "clientX": 300, "clientY": 210})
    expect(_current(frame)).to_have_attribute("id", timeline[2])  # leftwards: stays at the end
    main.dispatch_event("pointerdown", {"pointerType": "touch", "clientX": 100, "clientY": 200})
    main.dispatch_event("pointerup", {"pointerType": "touch", "clientX": 400, "clientY": 190})
    expect(_current(frame)).to_have_attribute("id", timeline[1])
    assert inner.evaluate("location.hash") == f"#slide-{timeline[1]}"
    frame.locator("#slides").click()  # back to the list
    expect(frame.locator(f"#{timeline[0]}")).to_be_visible()
    assert inner.evaluate("location.hash") == ""

    # Opening the embed with the fragment shows that slide, 16:9.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"/embed/timeline/our-timeline/#slide-{timeline[2]}")
    expect(page.locator("html")).to_have_class("slide")
    expect(page.locator(f"#{timeline[2]}")).to_be_visible()
    expect(page.locator(".card:visible")).to_have_count(1)
    expect(page.locator("#live")).to_contain_text("New century")


def test_spanish_embed(page, live_server, timeline):
    frame, _inner = _framed(page, live_server, "?lang=es&from=1990")
    expect(frame.locator("html")).to_have_attribute("lang", "es")
    expect(frame.locator(".card h2")).to_have_count(2)
    expect(frame.locator(".card h2").first).to_contain_text("Acuerdos de paz")
    expect(frame.locator(".card h2").last).to_contain_text("Nuevo siglo")
    expect(frame.locator("body")).not_to_contain_text("Peace accords")
    link = frame.locator("#lang")
    href = link.get_attribute("href")
    assert "lang=en" in href and "from=1990" in href


def test_a_320px_column(page, live_server, timeline):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/embed/timeline/our-timeline/")
    expect(page.locator(".card")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    boxes = [page.locator(f"#{card}").bounding_box() for card in timeline[:2]]
    assert boxes[1]["y"] > boxes[0]["y"]  # stacked, not side by side
    axis = page.locator(".axis")
    assert axis.evaluate("a => a.scrollWidth > a.clientWidth")  # the axis scrolls instead


def test_two_thousand_events_stay_quick(page, live_server, timeline):
    """Each step toggles two cards and the live region; it does not re-render the list."""
    from archive.models import HistoricalDate
    from timelines.models import TimelineEvent, TimelinePage

    # slug_en: a bare "slug" means the active language's slug, and earlier tests may leave
    # Spanish active.
    timeline_page = TimelinePage.objects.get(slug_en="our-timeline")
    events = []
    for number in range(2000):
        event = TimelineEvent(
            page=timeline_page, sort_order=10 + number, headline_en=f"Event {number}"
        )
        event.set_historical_date(HistoricalDate.parse(str(1900 + number % 120)))
        events.append(event)
    TimelineEvent.objects.bulk_create(events)
    page.goto("/embed/timeline/our-timeline/")
    expect(page.locator(".card")).to_have_count(2003)
    page.locator(".card").first.click()
    # Counted, not timed (a loaded machine makes any time limit flaky): the list's nodes
    # stay; only the classes of the cards left and reached change.
    changes = page.evaluate(
        """() => {
          const live = document.getElementById("live");
          const counts = {nodes: 0, cards: new Set()};
          const count = (records) => {
            for (const record of records) {
              if (live.contains(record.target)) continue;
              if (record.type === "childList")
                counts.nodes += record.addedNodes.length + record.removedNodes.length;
              else if (record.target.classList.contains("card"))
                counts.cards.add(record.target);
            }
          };
          const observer = new MutationObserver(count);
          observer.observe(document.body, {childList: true, subtree: true, attributes: true});
          for (let i = 0; i < 200; i++)
            document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight"}));
          count(observer.takeRecords());
          observer.disconnect();
          return {nodes: counts.nodes, cards: counts.cards.size};
        }"""
    )
    expect(page.locator(".card.current")).to_have_count(1)
    assert page.locator(".card").nth(200).get_attribute("class") == "card current"
    assert changes == {"nodes": 0, "cards": 201}, changes
    page.keyboard.press("End")
    expect(page.locator(".card").last).to_be_focused()
    expect(page.locator("#live")).to_contain_text("2003/2003")


def _long_timeline(events):
    from stories.site_structure import ensure_site_structure
    from tests.factories import make_long_timeline

    home, _index = ensure_site_structure()
    return make_long_timeline(home, events)


def test_a_long_timeline_loads_the_rest_after_its_first_view(page, live_server):
    from timelines.views.embed import FIRST_VIEW_CARDS

    ids = _long_timeline(FIRST_VIEW_CARDS + 15)
    page.goto("/embed/timeline/long/")
    # The rest arrives by itself: every card and marker, and the "Show all" link goes.
    expect(page.locator(".card")).to_have_count(len(ids))
    expect(page.locator(".mk")).to_have_count(len(ids))
    expect(page.locator("#more")).to_have_count(0)
    page.keyboard.press("End")
    expect(page.locator(".card.current")).to_have_attribute("id", ids[-1])
    expect(page.locator("#live")).to_contain_text(f"{len(ids)}/{len(ids)}")

    # A presentation's link to a slide beyond the first view opens that slide.
    page.goto(f"/embed/timeline/long/#slide-{ids[-2]}")
    expect(page.locator("html")).to_have_class("slide")
    expect(page.locator(".card.current")).to_have_attribute("id", ids[-2])
    expect(page.locator(".card:visible")).to_have_count(1)


def test_without_script_a_long_timeline_offers_all_its_events(
    browser, live_server, django_db_serialized_rollback
):
    from timelines.views.embed import FIRST_VIEW_CARDS

    ids = _long_timeline(FIRST_VIEW_CARDS + 3)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/embed/timeline/long/")
        expect(page.locator(".card")).to_have_count(FIRST_VIEW_CARDS)
        page.locator("#more a").click()
        expect(page.locator(".card")).to_have_count(len(ids))
    finally:
        context.close()


def test_a_deck_opened_from_disk_frames_the_embed(page, live_server, timeline, tmp_path):
    """reveal.js and exported HTML decks are opened as file://…: the embed must load in
    them too (`frame-ancestors *` matches only http(s) pages, so it needs `file:` besides)."""
    deck = tmp_path / "deck.html"
    deck.write_text(
        "<!doctype html><title>Deck</title>"
        f'<iframe src="{live_server.url}/embed/timeline/our-timeline/" width="800" height="450"'
        ' title="Timeline"></iframe>',
        encoding="utf-8",
    )
    page.goto(deck.as_uri())
    frame = page.frame_locator("iframe")
    expect(frame.locator(".card")).to_have_count(3)
    expect(frame.locator(".card").first).to_be_visible()
