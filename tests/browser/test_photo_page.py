"""A member's photo page in a real browser, in both languages: the photo and its title
first, then its place, theme and credit, then the public story that shows it; on a desktop
and on a phone, and by keyboard as far as the story."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.layout import PHONE_WIDTH, too_wide_for_a_phone

pytestmark = pytest.mark.browser


def _members_photo_in_a_public_story():
    """A photo as a member's submission stores it (a caption, no place, theme or credit),
    shown by a public story set in Arcatao on the theme Water: (photo, {language: story path})."""
    from django.utils import translation

    from stories.models import StoryIndexPage
    from tests.factories import (
        make_narrator,
        make_photo,
        make_place,
        make_story,
        make_theme,
        photo_block,
    )

    photo = make_photo("Our river", "river.jpg", caption_en="Our river", caption_es="Nuestro río")
    story = make_story(
        StoryIndexPage.objects.get(),
        narrators=[make_narrator(pseudonym="Rosa del Río")],
        places=[make_place("arcatao", "Arcatao")],
        themes=[make_theme("water", "Water", "Agua")],
        title_en="The river we saved",
        title_es="El río que salvamos",
        body_en=photo_block(photo),
        body_es=photo_block(photo),
    )
    paths = {}
    for language in ("en", "es"):
        with translation.override(language):
            paths[language] = story.get_url()
    return photo, paths


def _top_to_bottom(page, selectors):
    """The boxes of these elements of the page, asserting each starts below the one before."""
    boxes = []
    for selector in selectors:
        locator = page.locator(selector)
        expect(locator).to_be_visible()
        boxes.append((selector, locator.bounding_box()))
    for (above, upper), (below, lower) in zip(boxes, boxes[1:], strict=False):
        assert lower["y"] >= upper["y"] + upper["height"] - 1, (
            f"{below} does not come below {above}: {lower} / {upper}"
        )
    return boxes


@pytest.mark.parametrize("width", [1280, PHONE_WIDTH])
@pytest.mark.parametrize(
    ("prefix", "labels"),
    [
        ("", ["Place", "Theme", "Credit", "Story with this photo"]),
        ("/es", ["Lugar", "Tema", "Crédito", "Historia con esta foto"]),
    ],
)
def test_the_photo_and_its_title_come_first_then_what_is_known_then_its_story(
    page, demo_site, width, prefix, labels
):
    photo, story_paths = _members_photo_in_a_public_story()
    page.set_viewport_size({"width": width, "height": 900})
    with translation.override("es" if prefix else "en"):  # Spanish paths are translated
        path = reverse("photo_detail", args=[photo.pk])
    response = page.goto(path)
    assert response is not None and response.ok, f"GET {path} answered {response.status}"

    boxes = dict(_top_to_bottom(page, ["main figure img", "main h1", "main dl", "main section h2"]))
    image = boxes["main figure img"]
    assert boxes["main dl"]["x"] >= image["x"] - 1, "the details sit left of the photo"
    assert [text.strip() for text in page.locator("main dt").all_inner_texts()] == labels[:3]
    expect(page.locator("main section h2")).to_have_text(labels[3])
    language = "es" if prefix else "en"
    story_link = page.locator("main section a")
    expect(story_link).to_have_attribute("href", story_paths[language])
    expect(page.locator("main dl")).to_contain_text("Rosa del Río")
    if width == PHONE_WIDTH:
        assert image["width"] <= PHONE_WIDTH
        assert too_wide_for_a_phone(page, path) is None, too_wide_for_a_phone(page, path)


def test_keyboard_reader_goes_from_the_photo_to_its_story(page, demo_site):
    photo, story_paths = _members_photo_in_a_public_story()
    page.goto(f"/es/fotos/{photo.pk}/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")

    # From the top of the content, Tab meets the place, the theme, then the story.
    reached = []
    for _ in range(page.locator("main a").count()):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        reached.append(focused.get_attribute("href"))
        if reached[-1] == story_paths["es"]:
            outline = focused.evaluate("(el) => getComputedStyle(el).outlineStyle")
            assert outline != "none", "the focused story link has no visible focus outline"
            break
    else:
        pytest.fail(f"Tab never reached the story; it went through {reached}")
    assert reached == ["/es/lugares/arcatao/", "/es/temas/agua/", story_paths["es"]]

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == story_paths["es"]
    expect(page.locator("h1")).to_have_text("El río que salvamos")
