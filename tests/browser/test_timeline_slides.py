"""Slide mode of the timeline embed as a teacher presents it in class: on a phone (375 px),
from the keyboard only. Previous/Next buttons that move and a "3 / 6" counter that follows,
the "Slide mode" button showing it is on, the event's photo with its alt text and credit,
a focus outline inside the slide; the time axis shows its first marker and its era labels
whole; without script the list still reads.

The timeline is `rich_timeline` (conftest.py): six events, the fourth with a photo, plus
here an era of one year whose label is longer than its band."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}
EMBED = "/embed/timeline/our-timeline/"


@pytest.fixture
def timeline_with_a_short_era(rich_timeline):
    from timelines.models import TimelineEra, TimelinePage

    TimelineEra.objects.create(
        page=TimelinePage.objects.get(slug="our-timeline"),
        label_en="State of Exception",
        label_es="Régimen de excepción",
        start_year=2000,
    )
    return rich_timeline


def _current(page):
    return page.locator(".card.current")


def test_previous_next_and_the_counter_from_the_keyboard_on_a_phone(page, rich_timeline):
    page.set_viewport_size(PHONE)
    page.goto(EMBED)
    toggle = page.locator("#slides")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    off = toggle.evaluate("b => getComputedStyle(b).backgroundColor")
    expect(page.locator("#next")).to_be_hidden()  # the list has no slide controls
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("slide")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert toggle.evaluate("b => getComputedStyle(b).backgroundColor") != off  # seen as on

    count, previous = page.locator("#count"), page.locator("#prev")
    following = page.locator("#next")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_contain_text("1 / 6")
    expect(previous).to_have_attribute("aria-disabled", "true")
    expect(previous).to_have_attribute("aria-label", "Previous event")
    expect(following).to_have_attribute("aria-label", "Next event")
    # From the slide, Tab reaches the buttons; Enter on Next moves and keeps the focus there.
    page.keyboard.press("Tab")
    expect(previous).to_be_focused()
    page.keyboard.press("Tab")
    expect(following).to_be_focused()
    for expected in ("2 / 6", "3 / 6", "4 / 6"):
        page.keyboard.press("Enter")
        expect(count).to_contain_text(expected)
    expect(following).to_be_focused()
    expect(_current(page)).to_have_attribute("id", rich_timeline[3])
    expect(page.locator(".card:visible")).to_have_count(1)

    # The fourth event's photo, with its alt text and credit.
    photo = _current(page).locator("img")
    expect(photo).to_be_visible()
    expect(photo).to_have_attribute("alt", "A one-storey school building with a tin roof")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(_current(page).locator("figcaption")).to_have_text("Arcatao community archive")

    previous.focus()
    page.keyboard.press("Enter")
    expect(count).to_contain_text("3 / 6")
    expect(_current(page)).to_have_attribute("id", rich_timeline[2])
    # Everything fits the phone's width, the buttons within its screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for button in (previous, following):
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] + box["height"] <= PHONE["height"]

    # The arrow keys move the slide and focus it: its outline is drawn inside the slide.
    page.keyboard.press("ArrowRight")
    expect(count).to_contain_text("4 / 6")
    slide = _current(page)
    expect(slide).to_be_focused()
    outline = slide.evaluate(
        "c => [getComputedStyle(c).outlineStyle, parseFloat(getComputedStyle(c).outlineWidth),"
        " parseFloat(getComputedStyle(c).outlineOffset)]"
    )
    assert outline[0] == "solid" and outline[2] <= -outline[1], outline

    page.keyboard.press("End")
    expect(count).to_contain_text("6 / 6")
    expect(following).to_have_attribute("aria-disabled", "true")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".card:visible")).to_have_count(6)
    expect(following).to_be_hidden()


def test_the_spanish_buttons_and_counter(page, rich_timeline):
    page.set_viewport_size(PHONE)
    page.goto(f"{EMBED}?lang=es#slide-{rich_timeline[1]}")
    expect(page.locator("html")).to_have_class("slide")
    expect(page.locator("#prev")).to_have_attribute("aria-label", "Acontecimiento anterior")
    expect(page.locator("#next")).to_have_attribute("aria-label", "Acontecimiento siguiente")
    expect(page.locator("#prev")).to_contain_text("Anterior")
    expect(page.locator("#next")).to_contain_text("Siguiente")
    expect(page.locator("#count")).to_contain_text("2 / 6")
    expect(page.locator("#count")).to_contain_text("Acontecimiento 2 de 6")
    page.locator("#next").click()
    expect(page.locator("#count")).to_contain_text("Acontecimiento 3 de 6")
    expect(page.locator("#live")).to_contain_text("Acuerdos de paz")


def test_the_axis_shows_its_first_marker_and_whole_era_labels(page, timeline_with_a_short_era):
    for viewport in (PHONE, {"width": 1280, "height": 720}):
        page.set_viewport_size(viewport)
        page.goto(EMBED)
        axis = page.locator(".axis")
        expect(page.locator(".era")).to_have_count(2)
        assert axis.evaluate("a => a.scrollLeft") == 0
        left = axis.bounding_box()["x"]
        first = page.locator(".mk").first.bounding_box()
        assert first["x"] - 3 >= left, (first, left)  # its "current" ring too (3 px)
        clipped = page.locator(".era").evaluate_all(
            "bands => bands.filter(b => b.scrollWidth > b.clientWidth).map(b => b.textContent)"
        )
        assert clipped == []
        # The last year's label is whole at the end of the axis.
        axis.evaluate("a => a.scrollTo({left: a.scrollWidth, behavior: 'instant'})")
        last_tick = page.locator(".tick").last.bounding_box()
        box = axis.bounding_box()
        assert last_tick["x"] + last_tick["width"] <= box["x"] + box["width"]


def test_without_script_the_list_reads(open_device, rich_timeline):
    page = open_device(java_script_enabled=False, viewport=PHONE)
    page.goto(EMBED)
    expect(page.locator(".card")).to_have_count(6)
    expect(page.locator(".card:visible")).to_have_count(6)
    expect(page.locator("#slides")).to_be_hidden()
    expect(page.locator(".deck")).to_be_hidden()
    expect(page.locator(".card img")).to_be_visible()
