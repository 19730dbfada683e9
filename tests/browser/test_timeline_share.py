"""The "Copy" button beside a timeline's embed code: pressed from the keyboard it copies the
code and says so in a live region, in the page's language; where the browser gives no
clipboard it leaves the code selected to copy by hand."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _press_copy(page):
    button = page.get_by_role("button", name=COPY[page.locator("html").get_attribute("lang")])
    button.focus()
    page.keyboard.press("Enter")


COPY = {"en": "Copy", "es": "Copiar"}


@pytest.mark.parametrize(
    ("path", "language", "copied"),
    [("/our-timeline/", "en", "Copied"), ("/es/nuestra-linea/", "es", "Copiado")],
)
def test_copy_puts_the_embed_code_on_the_clipboard(
    page, live_server, timeline, path, language, copied
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    _press_copy(page)
    status = page.locator("#share-copy-status")
    expect(status).to_have_text(copied)
    expect(status).to_have_attribute("aria-live", "polite")
    code = page.locator("#share-code").input_value()
    assert code.startswith("<iframe") and f"lang={language}" in code
    assert page.evaluate("navigator.clipboard.readText()") == code


def test_without_a_clipboard_the_code_is_selected(page, live_server, timeline):
    # As on a page served over plain http from another address, where browsers give no
    # navigator.clipboard.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/es/nuestra-linea/")
    _press_copy(page)
    code = page.locator("#share-code")
    expect(code).to_be_focused()
    selected = code.evaluate("c => c.value.slice(c.selectionStart, c.selectionEnd)")
    assert selected == code.input_value()
    # Chromium still copies the selection with the older copy command; a browser that
    # does not leaves it selected and says so.
    expect(page.locator("#share-copy-status")).to_have_text(
        re.compile("^(Copiado|El código está seleccionado: pulse Ctrl\\+C .*)$")
    )
