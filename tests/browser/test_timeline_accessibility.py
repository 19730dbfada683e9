"""axe-core (tests/browser/js, run inside Chromium) finds no serious or critical accessibility
violations in the timeline embed, in English and Spanish, as a list and in slide mode, at
full width and in a 320 px column, nor on the public timeline page in either language
(which also frames the embed as its preview: axe checks inside that frame too).

The timeline is `rich_timeline` (conftest.py): eras, a period in a lane, a photo with alt
text and credit, a source and an untranslated event, so every kind of card is checked."""

import pytest
from playwright.sync_api import expect

from tests.browser.npm import run_axe

pytestmark = pytest.mark.browser


def _assert_no_violations(page_or_frame, where):
    violations = run_axe(page_or_frame)
    assert not violations, f"axe-core: serious/critical violations in {where}:\n  " + (
        "\n  ".join(violations)
    )


def _check_embed(page, language, width):
    where = f"the {language} embed at {width}px"
    page.set_viewport_size({"width": width, "height": 720})
    page.goto(f"/embed/timeline/our-timeline/?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".card").first).to_be_visible()
    _assert_no_violations(page, where + " (list)")

    page.locator(".card").first.click()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".card.current")).to_have_count(1)
    page.locator("#slides").click()
    expect(page.locator("html")).to_have_class("slide")
    expect(page.locator(".card:visible")).to_have_count(1)
    _assert_no_violations(page, where + " (slide mode)")
    # The slide with the photo.
    page.goto(f"/embed/timeline/our-timeline/?lang={language}#slide-{_photo_card(page)}")
    expect(page.locator("html")).to_have_class("slide")
    expect(page.locator(".card.current img")).to_be_visible()
    _assert_no_violations(page, where + " (slide mode, photo)")


def _photo_card(page):
    return page.locator(".card:has(img)").first.get_attribute("id")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [1280, 320])
def test_embed(page, rich_timeline, language, width):
    _check_embed(page, language, width)


@pytest.mark.parametrize(
    ("path", "language"), [("/our-timeline/", "en"), ("/es/nuestra-linea/", "es")]
)
def test_timeline_page(page, rich_timeline, path, language):
    response = page.goto(path)
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".timeline-event")).to_have_count(len(rich_timeline))
    # The embed preview is lazy: bring it into view so its document is there to check.
    preview = page.locator(".timeline-share iframe")
    preview.scroll_into_view_if_needed()
    expect(page.frame_locator(".timeline-share iframe").locator(".card").first).to_be_visible()
    _assert_no_violations(page, path)
    page.set_viewport_size({"width": 320, "height": 640})
    _assert_no_violations(page, f"{path} at 320px")
