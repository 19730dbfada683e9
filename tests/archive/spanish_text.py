"""What a Spanish reader actually reads on a page, and which of it is the English interface.

The English interface is every msgid of the Spanish catalog whose msgstr differs (so "Memoria"
or "CSV" are not English), found as whole words in the page's visible text and the attributes
a reader perceives (alt, title, aria-label, placeholder). Text inside an element marked
lang="en" is a testimony or record written in English, shown as such on purpose; it is skipped.
"""

import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "archive/locale/es/LC_MESSAGES/django.mo"
PERCEIVED_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SKIPPED_ELEMENTS = {"script", "style", "template", "head"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}  # fmt: skip
# Sample labels written into content rather than the catalog (demo records, credits).
SAMPLE_LABELS = re.compile(r"\(sample\)|\bSample\b|\bsample illustration\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, hidden): hidden once inside a skipped or lang="en" element
        self.pieces = []

    def _hidden(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (
            self._hidden() or tag in SKIPPED_ELEMENTS or (attrs.get("lang") or "").startswith("en")
        )
        if not hidden:
            self.pieces += [attrs[name] for name in PERCEIVED_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.pieces.append(attrs["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.pieces.append(data)


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    # Inline markup (a search hit's <mark>) must not split a phrase.
    return " ".join(" ".join(parser.pieces).split())


@cache
def _english_interface():
    """[(msgid, pattern)] for every catalog string whose Spanish differs from its English."""
    with CATALOG.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    patterns = []
    for msgid, msgstr in catalog.items():
        if isinstance(msgid, tuple):  # a plural form: (msgid, n)
            msgid = msgid[0]
        msgid = msgid.split("\x04", 1)[-1]  # drop a msgctxt; "" is the catalog's header
        if (
            not msgid
            or msgid == msgstr
            or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", msgid))
        ):
            continue
        literal = ".{0,120}?".join(re.escape(part) for part in PLACEHOLDER.split(msgid))
        patterns.append((msgid, re.compile(rf"(?<![\w%]){literal}(?!\w)")))
    return patterns


def english_interface_text(html, ignored=()):
    """The English interface strings and sample labels a Spanish reader would see, once the
    `ignored` texts (English content shown as such, e.g. a cited title) are taken out."""
    text = visible_text(html)
    for quoted in ignored:
        text = text.replace(quoted, "")
    found = {msgid for msgid, pattern in _english_interface() if pattern.search(text)}
    found |= set(SAMPLE_LABELS.findall(text))
    return sorted(found)
