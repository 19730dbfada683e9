"""Story text and dates as a spreadsheet cell holds them, both ways."""

import re
from html.parser import HTMLParser

from archive.models.dates import Precision
from stories.spreadsheet.core import SEPARATOR


def normalise_text(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_body(text):
    """Paragraphs separated by one blank line, lines trimmed, runs of spaces collapsed:
    the form export_csv writes, so an unchanged body compares equal."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", normalise_text(text)):
        lines = [re.sub(r"\s+", " ", line).strip() for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


class _RichTextToText(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()
        elif tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self.current.append(re.sub(r"\s+", " ", data))

    def _flush(self):
        text = "".join(self.current).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def text(self):
        self._flush()
        return "\n\n".join(self.paragraphs)


def body_text(body):
    """The paragraphs of a story body as plain text (other blocks are left out)."""
    paragraphs = []
    for block in body or []:
        if block.block_type == "paragraph":
            parser = _RichTextToText()
            parser.feed(getattr(block.value, "source", str(block.value)))
            parser.close()
            paragraphs.append(parser.text())
    return normalise_body("\n\n".join(paragraphs))


def has_other_blocks(body):
    return any(block.block_type != "paragraph" for block in body or [])


def format_date(value):
    """A HistoricalDate as text HistoricalDate.parse reads back exactly (unlike .iso(),
    which drops "circa" and the decade)."""
    if value is None:
        return ""
    if value.precision == Precision.DECADE:
        text = f"{value.year:04d}s"
    elif value.precision == Precision.DAY and value.month and value.day:
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    elif value.precision == Precision.MONTH and value.month:
        text = f"{value.year:04d}-{value.month:02d}"
    elif value.end_year and value.end_year != value.year:
        text = f"{value.year:04d}-{value.end_year:04d}"
    else:
        text = f"{value.year:04d}"
    return f"c. {text}" if value.circa else text


def split_list(text):
    seen, items = set(), []
    for part in (text or "").split(SEPARATOR):
        part = part.strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            items.append(part)
    return items
