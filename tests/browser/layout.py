"""Phone-width checks shared by the browser tests."""

PHONE_WIDTH = 360

OVERFLOWING_ELEMENTS = """(width) => Array.from(document.querySelectorAll('body *'))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 8)
    .map((el) => el.tagName.toLowerCase()
        + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)')"""


def too_wide_for_a_phone(page, path):
    """None when the page at `path` (already open) fits PHONE_WIDTH, else what sticks out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE_WIDTH:
        return None
    culprits = page.evaluate(OVERFLOWING_ELEMENTS, PHONE_WIDTH)
    return f"{path}: scrollWidth {width}px; widest: {', '.join(culprits)}"
