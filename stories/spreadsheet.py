"""Stories to and from a spreadsheet (CSV): `import_stories` / `export_stories` and the
admin's "Import stories" page (stories/import_views.py).

The columns (the first row of the file names them; order does not matter):

    slug_en, slug_es            the story's address in each language (optional)
    title_en, title_es          required columns; each row needs a title in one language
    summary_en, summary_es      plain text
    body_en, body_es            plain text; a blank line starts a new paragraph
    sensitive_content_note_en, sensitive_content_note_es
    original_language           en or es
    translation_status_en, translation_status_es
                                original, needed, draft or reviewed
    date                        1989, c. 1989, 1980s, década de 1980, 1986-03, 1986-03-15,
                                1980-1992
    themes, places              names (English or Spanish) or slugs, separated by ";"
    narrators                   public names or pseudonyms, separated by ";". Never a real
                                name: a new name becomes a narrator with that pseudonym and
                                consent "not asked yet"
    tags                        separated by ";"
    visibility                  public, members or embargoed
    embargo_until               2030-01-31 (needed for an embargoed story)

Rules:

* Idempotent: a row whose slug (given, or made from its title) is the English or Spanish
  slug of an existing story updates that story; otherwise it creates one. Importing the
  same file twice changes nothing the second time ("unchanged").
* A column missing from the file leaves that field of existing stories alone; an empty
  cell in a column that is there empties the field.
* Every story created or changed is saved as a draft revision and sent to the "Story
  review" workflow (as member submissions are). Nothing is ever published by an import.
* All or nothing: one refused row refuses the whole file, with each row's reasons.
* The body in the spreadsheet holds the story's paragraphs. Photos, quotes, transcripts
  and embeds stay in the archive: a row whose body text is unchanged keeps the body as
  it is; changing the text of a story that has such blocks is refused (edit it in the
  admin instead).
* Files are UTF-8 (with or without the byte-order mark Excel writes), separated by commas
  or semicolons (Excel with Spanish settings). Exports start with a byte-order mark so
  Excel reads accents correctly, and cells starting with = + - @ are prefixed with ' so a
  spreadsheet does not run them as formulas; imports remove that prefix again.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date as Date
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import ConsentScope, Narrator, Place, Theme
from archive.models.dates import HistoricalDate, Precision
from stories.models import (
    LANGUAGE_NAMES,
    StoryIndexPage,
    StoryPage,
    TranslationStatus,
    Visibility,
)

LANGUAGES = ("en", "es")
COLUMNS = [
    "slug_en",
    "slug_es",
    "title_en",
    "title_es",
    "summary_en",
    "summary_es",
    "body_en",
    "body_es",
    "sensitive_content_note_en",
    "sensitive_content_note_es",
    "original_language",
    "translation_status_en",
    "translation_status_es",
    "date",
    "themes",
    "places",
    "narrators",
    "tags",
    "visibility",
    "embargo_until",
]
REQUIRED_COLUMNS = ["title_en", "title_es"]
# Singular headings people naturally type.
ALIASES = {"narrator": "narrators", "theme": "themes", "place": "places", "tag": "tags"}
SEPARATOR = ";"
MAX_FILE_BYTES = 5 * 1024 * 1024
TITLE_MAX_LENGTH = 255
TAG_MAX_LENGTH = 100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CREATE, UPDATE, UNCHANGED, REFUSE = "create", "update", "unchanged", "refuse"
ACTION_LABELS = {
    CREATE: _("create"),
    UPDATE: _("update"),
    UNCHANGED: _("unchanged"),
    REFUSE: _("refused"),
}


class SpreadsheetError(ValueError):
    """The file cannot be read at all (encoding, headings)."""


class ImportRefused(Exception):
    """apply() was given a plan with refused rows, or a row failed while saving."""

    def __init__(self, plan, message=""):
        self.plan = plan
        super().__init__(message or gettext("The file was refused; nothing was imported."))


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the headings are row 1
    values: dict  # column -> text, only the columns the file has


@dataclass
class Problem:
    column: str  # "" when it concerns the whole row or file
    message: str

    def __str__(self):
        return f"{self.column}: {self.message}" if self.column else str(self.message)


@dataclass
class PlannedRow:
    number: int
    action: str
    title: str = ""
    story: StoryPage | None = None  # the existing story a row updates
    draft: StoryPage | None = None  # its latest revision, which the row is compared with
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # columns that change
    values: dict = field(default_factory=dict)  # column -> parsed value
    new_narrators: list = field(default_factory=list)

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    @property
    def details(self):
        if self.problems:
            return " ".join(str(problem) for problem in self.problems)
        parts = []
        if self.changes and self.action == UPDATE:
            parts.append(gettext("changes: %(columns)s") % {"columns": ", ".join(self.changes)})
        if self.new_narrators:
            parts.append(
                gettext("new narrator (consent not asked yet): %(names)s")
                % {"names": ", ".join(self.new_narrators)}
            )
        return "; ".join(parts)


@dataclass
class Plan:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # Problems with the file as a whole
    columns: list = field(default_factory=list)
    source_digest: str = ""

    @property
    def refused(self):
        return bool(self.errors) or any(row.action == REFUSE for row in self.rows)

    @property
    def problems(self):
        """Every reason for refusing, file-level first, as (row number or None, Problem)."""
        found = [(None, problem) for problem in self.errors]
        for row in self.rows:
            found.extend((row.number, problem) for problem in row.problems)
        return found

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in ACTION_LABELS}

    def digest(self):
        """Fingerprint of what the plan would do: the admin's confirm step checks the
        archive has not changed since the preview."""
        parts = [self.source_digest]
        for row in self.rows:
            story = row.story.pk if row.story else ""
            parts.append(f"{row.number}:{row.action}:{story}:{','.join(row.changes)}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


# --- Reading the file ---------------------------------------------------------------------
def _raw_bytes(file):
    if isinstance(file, bytes):
        return file
    if isinstance(file, str):
        with open(file, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    return data.encode("utf-8") if isinstance(data, str) else data


def decode(data):
    """The file's text. UTF-8 with or without a byte-order mark; anything else is refused
    with a message saying how to save the file."""
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetError(
            gettext("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(
            gettext(
                "The file is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” and "
                "try again."
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SpreadsheetError(
            gettext(
                "The file is not UTF-8 text (first unreadable character on line %(line)s). "
                "Save it as “CSV UTF-8” and try again."
            )
            % {"line": line}
        ) from error


def _delimiter(text):
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _clean_cell(value):
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        value = value[1:]  # the prefix export_csv adds against formula injection
    return value.strip()


def read_rows(file):
    """The file's rows: [Row], each with the text of the columns the file has.

    `file` is bytes, a path, or a file opened in binary mode (an upload). Raises
    SpreadsheetError when the file cannot be read or its headings are wrong: an unknown
    heading is refused rather than ignored, as it is usually a misspelt column."""
    text = decode(_raw_bytes(file))
    if not text.strip():
        raise SpreadsheetError(gettext("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        records = list(reader)
    except csv.Error as error:
        raise SpreadsheetError(
            gettext("The file is not a readable CSV file (%(error)s).") % {"error": error}
        ) from error
    headings = [_heading(cell) for cell in records[0]]
    problems = []
    seen = set()
    for heading in headings:
        if not heading:
            continue
        if heading not in COLUMNS:
            problems.append(
                gettext("Unknown column “%(column)s”. Known columns: %(known)s.")
                % {"column": heading, "known": ", ".join(COLUMNS)}
            )
        elif heading in seen:
            problems.append(gettext("The column “%(column)s” appears twice.") % {"column": heading})
        seen.add(heading)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        problems.append(
            gettext("Missing required column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if problems:
        raise SpreadsheetError(" ".join(problems))

    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets often end with empty rows
        values = {}
        for position, heading in enumerate(headings):
            if heading:
                values[heading] = _clean_cell(record[position]) if position < len(record) else ""
        extra = [cell for cell in record[len(headings) :] if cell.strip()]
        for position, heading in enumerate(headings):
            if not heading and position < len(record) and record[position].strip():
                extra.append(record[position])
        if extra:
            values["__extra__"] = "yes"
        rows.append(Row(number=number, values=values))
    return rows


def _heading(cell):
    name = cell.strip().lstrip("\ufeff").strip().lower()
    return ALIASES.get(name, name)


# --- Vocabulary lookups ----------------------------------------------------------------------
class _Vocabulary:
    """Themes or places by slug or by name in either language (case-insensitive)."""

    def __init__(self, model):
        self.by_key = {}
        self.items = {}
        for item in model.objects.all():
            self.items[item.pk] = item
            for key in {item.slug, item.name_en, item.name_es}:
                if key:
                    self.by_key.setdefault(key.strip().casefold(), set()).add(item.pk)

    def find(self, text):
        """(item, None) or (None, "unknown"/"ambiguous")."""
        found = self.by_key.get(text.strip().casefold(), set())
        if len(found) == 1:
            return self.items[next(iter(found))], None
        return None, ("ambiguous" if found else "unknown")

    def label(self, item, language):
        """The item's name in `language` when that name leads back to it alone, else its
        slug: exports must import again unchanged."""
        name = getattr(item, f"name_{language}", "") or item.name_en or item.name or ""
        if name and self.by_key.get(name.strip().casefold()) == {item.pk}:
            return name
        return item.slug


class _Narrators:
    """Narrators by their public name: the pseudonym, or the name of one who has none."""

    def __init__(self):
        self.by_name = {}
        for narrator in Narrator.objects.all():
            name = (narrator.pseudonym or narrator.real_name).strip()
            if name:
                self.by_name.setdefault(name.casefold(), []).append(narrator)

    def find(self, name):
        found = self.by_name.get(name.strip().casefold(), [])
        if len(found) > 1:
            return None, "ambiguous"
        return (found[0], None) if found else (None, "new")


def _choices(pairs):
    """Accept a choice's value or its label in either language."""
    accepted = {}
    for value, label in pairs:
        accepted[str(value).casefold()] = value
        for language in LANGUAGES:
            with translation.override(language):
                accepted[str(label).casefold()] = value
    return accepted


# --- Text and dates ------------------------------------------------------------------------
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


def _has_other_blocks(body):
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


def _split(text):
    seen, items = set(), []
    for part in (text or "").split(SEPARATOR):
        part = part.strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            items.append(part)
    return items


# --- Export -------------------------------------------------------------------------------
def _safe_cell(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


def story_values(story, themes=None, places=None, language=None):
    """A story's columns as text, the way export_csv writes them."""
    language = (language or translation.get_language() or "en")[:2]
    themes = themes or _Vocabulary(Theme)
    places = places or _Vocabulary(Place)
    values = {}
    for code in LANGUAGES:
        values[f"slug_{code}"] = getattr(story, f"slug_{code}") or ""
        values[f"title_{code}"] = getattr(story, f"title_{code}") or ""
        values[f"summary_{code}"] = normalise_text(getattr(story, f"summary_{code}"))
        values[f"body_{code}"] = body_text(getattr(story, f"body_{code}"))
        values[f"sensitive_content_note_{code}"] = normalise_text(
            getattr(story, f"sensitive_content_note_{code}")
        )
        values[f"translation_status_{code}"] = getattr(story, f"translation_status_{code}")
    values["original_language"] = story.original_language
    values["date"] = format_date(story.historical_date)
    values["themes"] = "; ".join(
        sorted(themes.label(theme, language) for theme in story.themes.all())
    )
    values["places"] = "; ".join(
        sorted(places.label(place, language) for place in story.places.all())
    )
    values["narrators"] = "; ".join(sorted(n.display_name for n in story.narrators.all()))
    values["tags"] = "; ".join(sorted(tag.name for tag in story.tags.all()))
    values["visibility"] = story.visibility
    values["embargo_until"] = story.embargo_until.isoformat() if story.embargo_until else ""
    return values


def export_csv(stories, language=None):
    """CSV text (with a UTF-8 byte-order mark) of `stories`, one row each, in COLUMNS.
    Each story is written as its latest revision: what editors see in the editor."""
    themes, places = _Vocabulary(Theme), _Vocabulary(Place)
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    for story in stories:
        story = story.specific.get_latest_revision_as_object()
        values = story_values(story, themes, places, language)
        writer.writerow([_safe_cell(values[column]) for column in COLUMNS])
    return output.getvalue()


# --- Planning -------------------------------------------------------------------------------
def story_index():
    index = StoryIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no story index; run ensure_site_structure first.")
    return index


class _Planner:
    def __init__(self, index, user=None):
        from django.contrib.auth.models import AnonymousUser

        self.index = index
        self.user = user or AnonymousUser()
        self.themes = _Vocabulary(Theme)
        self.places = _Vocabulary(Place)
        self.narrators = _Narrators()
        self.visibilities = _choices(Visibility.choices)
        self.languages = _choices(LANGUAGE_NAMES.items())
        self.statuses = _choices(TranslationStatus.choices)
        self.stories_by_slug = {}
        for story in StoryPage.objects.child_of(index).specific():
            for code in LANGUAGES:
                slug = getattr(story, f"slug_{code}")
                if slug:
                    self.stories_by_slug.setdefault(slug, {})[story.pk] = story
        self.slugs_in_file = {}  # slug -> row number
        self.stories_in_file = {}  # story pk -> row number

    # One row -----------------------------------------------------------------------------
    def plan_row(self, row):
        item = PlannedRow(number=row.number, action=CREATE)
        text = row.values
        problems = item.problems

        def refuse(column, message):
            problems.append(Problem(column, message))

        if "__extra__" in text:
            refuse("", gettext("This row has more cells than there are columns."))

        values = item.values
        titles = {code: text.get(f"title_{code}", "") for code in LANGUAGES}
        if not any(titles.values()):
            refuse("title_en", gettext("A title is needed in English or Spanish."))
        for code, title in titles.items():
            if len(title) > TITLE_MAX_LENGTH:
                refuse(
                    f"title_{code}",
                    gettext("Longer than %(max)s characters.") % {"max": TITLE_MAX_LENGTH},
                )
        item.title = " / ".join(dict.fromkeys(title for title in titles.values() if title))

        # Slugs: given or made from the title; a missing language borrows the other's
        # (as StoryPage.full_clean does), so a re-import compares equal. An existing story
        # keeps its slugs (its addresses) unless the file gives new ones.
        slugs, given_slugs = {}, {}
        for code in LANGUAGES:
            given = text.get(f"slug_{code}", "")
            if given:
                given_slugs[code] = given
                if slugify(given, allow_unicode=True) != given or len(given) > TITLE_MAX_LENGTH:
                    refuse(
                        f"slug_{code}",
                        gettext(
                            "“%(slug)s” is not a valid slug: use lower-case letters, "
                            "numbers and hyphens."
                        )
                        % {"slug": given},
                    )
                slugs[code] = given
            elif titles[code]:
                made = slugify(titles[code])[:80].strip("-")
                if not made:
                    refuse(
                        f"slug_{code}",
                        gettext("Cannot make a slug from the title; fill in this column."),
                    )
                slugs[code] = made
        for code, other in (("en", "es"), ("es", "en")):
            titles[code] = titles[code] or titles[other]
            slugs[code] = slugs.get(code) or slugs.get(other, "")
            values[f"title_{code}"] = titles[code]

        for column in (
            "summary_en",
            "summary_es",
            "sensitive_content_note_en",
            "sensitive_content_note_es",
        ):
            if column in text:
                values[column] = normalise_text(text[column])
        for code in LANGUAGES:
            if f"body_{code}" in text:
                values[f"body_{code}"] = normalise_body(text[f"body_{code}"])

        self._choice(text, values, "original_language", self.languages, refuse, allowed="en, es")
        for code in LANGUAGES:
            self._choice(
                text,
                values,
                f"translation_status_{code}",
                self.statuses,
                refuse,
                allowed=", ".join(TranslationStatus.values),
            )
        self._choice(
            text,
            values,
            "visibility",
            self.visibilities,
            refuse,
            allowed=", ".join(Visibility.values),
        )

        if "date" in text:
            values["date"] = None
            if text["date"]:
                try:
                    values["date"] = HistoricalDate.parse(text["date"])
                except ValueError:
                    refuse(
                        "date",
                        gettext(
                            "“%(value)s” is not a date we understand. Use e.g. 1989, c. 1989, "
                            "1980s, 1986-03 or 1986-03-15."
                        )
                        % {"value": text["date"]},
                    )
        if "embargo_until" in text:
            values["embargo_until"] = None
            if text["embargo_until"]:
                try:
                    values["embargo_until"] = Date.fromisoformat(text["embargo_until"])
                except ValueError:
                    refuse(
                        "embargo_until",
                        gettext("“%(value)s” is not a date: use YYYY-MM-DD, e.g. 2030-01-31.")
                        % {"value": text["embargo_until"]},
                    )

        for column, vocabulary, unknown, ambiguous in (
            (
                "themes",
                self.themes,
                gettext("Unknown theme “%(name)s”."),
                gettext("“%(name)s” names more than one theme; use its slug."),
            ),
            (
                "places",
                self.places,
                gettext("Unknown place “%(name)s”. Add it in the admin first."),
                gettext("“%(name)s” names more than one place; use its slug."),
            ),
        ):
            if column in text:
                found = []
                for name in _split(text[column]):
                    thing, error = vocabulary.find(name)
                    if error:
                        message = unknown if error == "unknown" else ambiguous
                        refuse(column, message % {"name": name})
                    else:
                        found.append(thing)
                values[column] = found

        if "narrators" in text:
            found = []
            for name in _split(text["narrators"]):
                narrator, error = self.narrators.find(name)
                if error == "ambiguous":
                    refuse(
                        "narrators",
                        gettext(
                            "More than one narrator is called “%(name)s”; add this one "
                            "in the admin."
                        )
                        % {"name": name},
                    )
                elif error == "new":
                    if len(name) > 200:
                        refuse("narrators", gettext("A narrator's name is too long."))
                    found.append(name)
                    item.new_narrators.append(name)
                else:
                    found.append(narrator)
            values["narrators"] = found

        if "tags" in text:
            tags = _split(text["tags"])
            for tag in tags:
                if len(tag) > TAG_MAX_LENGTH:
                    refuse(
                        "tags",
                        gettext("Tag longer than %(max)s characters.") % {"max": TAG_MAX_LENGTH},
                    )
            values["tags"] = tags

        self._match(item, slugs, refuse)
        if item.story is None:
            values.update({f"slug_{code}": slugs[code] for code in LANGUAGES})
            self._defaults_for_new(values)
        else:
            values.update({f"slug_{code}": slug for code, slug in given_slugs.items()})
        visibility = values.get("visibility", item.story.visibility if item.story else None)
        embargo = values.get("embargo_until", item.story.embargo_until if item.story else None)
        if visibility == Visibility.EMBARGOED and not embargo:
            refuse("embargo_until", gettext("An embargoed story needs the date its embargo ends."))

        if problems:
            item.action = REFUSE
            return item
        if item.story is not None:
            self._compare(item, refuse)
            if problems:
                item.action = REFUSE
        return item

    def _choice(self, text, values, column, accepted, refuse, allowed):
        if column not in text:
            return
        raw = text[column]
        if not raw:
            values[column] = None  # derived for new stories, kept for existing ones
            return
        value = accepted.get(raw.casefold())
        if value is None:
            refuse(
                column,
                gettext("Unknown value “%(value)s”; use one of: %(allowed)s.")
                % {"value": raw, "allowed": allowed},
            )
        values[column] = value

    def _match(self, item, slugs, refuse):
        matches = {}
        for code in LANGUAGES:
            slug = slugs.get(code)
            if not slug:
                continue
            earlier = self.slugs_in_file.get(slug)
            if earlier is not None and earlier != item.number:
                refuse(
                    f"slug_{code}",
                    gettext("Row %(row)s has the same slug “%(slug)s”.")
                    % {"row": earlier, "slug": slug},
                )
            self.slugs_in_file.setdefault(slug, item.number)
            matches.update(self.stories_by_slug.get(slug, {}))
        if len(matches) > 1:
            refuse(
                "",
                gettext("Its slugs belong to different stories: %(titles)s.")
                % {"titles": ", ".join(story.title for story in matches.values())},
            )
            return
        if matches:
            story = next(iter(matches.values()))
            earlier = self.stories_in_file.get(story.pk)
            if earlier is not None:
                refuse(
                    "",
                    gettext("Row %(row)s already updates the story “%(title)s”.")
                    % {"row": earlier, "title": story.title},
                )
            self.stories_in_file[story.pk] = item.number
            item.story = story
            item.action = UPDATE

    def _defaults_for_new(self, values):
        """Fill what a new story needs and the file left empty."""
        has_body = {code: bool(values.get(f"body_{code}")) for code in LANGUAGES}
        if not values.get("original_language"):
            written = [code for code in LANGUAGES if has_body[code]]
            values["original_language"] = written[0] if len(written) == 1 else "es"
        original = values["original_language"]
        for code in LANGUAGES:
            column = f"translation_status_{code}"
            if not values.get(column):
                if code == original:
                    values[column] = TranslationStatus.ORIGINAL
                elif has_body[code]:
                    values[column] = TranslationStatus.DRAFT
                else:
                    values[column] = TranslationStatus.NEEDED
        if not values.get("visibility"):
            values["visibility"] = Visibility.PUBLIC

    def _compare(self, item, refuse):
        """Which columns would change the existing story (its latest revision)."""
        draft = item.story.get_latest_revision_as_object()
        item.draft = draft
        current = story_values(draft, self.themes, self.places)
        changes = []
        for column, value in item.values.items():
            if value is None and column in (
                "original_language",
                "translation_status_en",
                "translation_status_es",
                "visibility",
            ):
                continue  # empty: keep
            if column in ("themes", "places"):
                old = {thing.pk for thing in getattr(draft, column).all()}
                new = {thing.pk for thing in value}
            elif column == "narrators":
                old = {narrator.pk for narrator in draft.narrators.all()}
                new = {narrator if isinstance(narrator, str) else narrator.pk for narrator in value}
            elif column == "tags":
                old = {tag.name.casefold() for tag in draft.tags.all()}
                new = {tag.casefold() for tag in value}
            elif column == "date":
                old, new = current["date"], format_date(value)
            elif column == "embargo_until":
                old, new = current["embargo_until"], value.isoformat() if value else ""
            else:
                old, new = current[column], str(value)
            if old != new:
                changes.append(column)
        for code in LANGUAGES:
            if f"body_{code}" in changes and _has_other_blocks(getattr(draft, f"body_{code}")):
                refuse(
                    f"body_{code}",
                    gettext(
                        "This story's text has photos, quotes or other parts a spreadsheet "
                        "cannot hold; change its text in the editor."
                    ),
                )
        lock = item.story.get_lock() if changes else None
        if lock is not None and lock.for_user(self.user):
            refuse(
                "",
                gettext(
                    "This story is locked (by someone, or at a review step you cannot "
                    "edit), so it cannot be changed now."
                ),
            )
        item.changes = changes
        item.action = UPDATE if changes else UNCHANGED


def plan(rows, index=None, source=b"", user=None):
    """What importing `rows` would do: a Plan with one PlannedRow each (create, update,
    unchanged or refuse, with the reasons). Writes nothing. `user` is who will import:
    stories locked for them (e.g. at a review step of another group) are refused."""
    index = index or story_index()
    planner = _Planner(index, user)
    result = Plan(source_digest=hashlib.sha256(source).hexdigest() if source else "")
    if rows:
        result.columns = [column for column in COLUMNS if column in rows[0].values]
    else:
        result.errors.append(Problem("", gettext("The file has no stories in it.")))
    for row in rows:
        result.rows.append(planner.plan_row(row))
    return result


def plan_file(file, index=None, user=None):
    """read_rows + plan; a file that cannot be read becomes a refused Plan."""
    try:
        data = _raw_bytes(file)
        rows = read_rows(data)
    except SpreadsheetError as error:
        return Plan(errors=[Problem("", str(error))])
    return plan(rows, index=index, source=data, user=user)


# --- Applying --------------------------------------------------------------------------------
def apply(plan_to_apply, user=None, index=None):
    """Carry out a plan: all rows or none (one transaction). Returns the stories created
    and updated. Raises ImportRefused for a refused plan, or when a row fails to save."""
    if plan_to_apply.refused:
        raise ImportRefused(plan_to_apply)
    index = index or story_index()
    new_narrators = {}
    stories = []
    with transaction.atomic():
        for item in plan_to_apply.rows:
            if item.action not in (CREATE, UPDATE):
                continue
            try:
                stories.append(_save_row(item, index, user, new_narrators))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    messages = "; ".join(
                        f"{key}: {' '.join(value)}" for key, value in error.message_dict.items()
                    )
                else:
                    messages = " ".join(error.messages)
                item.action = REFUSE
                item.problems.append(Problem("", messages))
                raise ImportRefused(
                    plan_to_apply,
                    gettext("Row %(row)s could not be saved: %(reason)s")
                    % {"row": item.number, "reason": messages},
                ) from error
    return stories


def _narrator_objects(names_or_narrators, new_narrators):
    narrators = []
    for value in names_or_narrators:
        if isinstance(value, str):
            key = value.casefold()
            if key not in new_narrators:
                # Only a public name: the real name, if any, is added by an editor.
                new_narrators[key] = Narrator.objects.create(
                    pseudonym=value, consent_scope=ConsentScope.NOT_ASKED
                )
            value = new_narrators[key]
        narrators.append(value)
    return narrators


def _set_fields(story, values, new_narrators):
    from stories.submission.services import paragraphs_from_text

    for column, value in values.items():
        if column in ("themes", "places"):
            getattr(story, column).set(value)
        elif column == "narrators":
            story.narrators.set(_narrator_objects(value, new_narrators))
        elif column == "tags":
            story.tags.set(value)
        elif column == "date":
            story.set_historical_date(value)
        elif column.startswith("body_"):
            setattr(story, column, paragraphs_from_text(value))
        elif value is None and column in (
            "original_language",
            "translation_status_en",
            "translation_status_es",
            "visibility",
        ):
            continue
        else:
            setattr(story, column, value)


def _save_row(item, index, user, new_narrators):
    from stories.workflow import ensure_submission_workflow

    values = item.values
    if item.action == CREATE:
        # Like a member's submission (stories.submission.services): a draft under the
        # index, then its first revision, then the review workflow.
        story = StoryPage(title=values["title_en"], slug=values["slug_en"], live=False, owner=user)
        _set_fields(story, values, new_narrators)
        story = index.add_child(instance=story)
    else:
        page = item.story
        story = item.draft or page.get_latest_revision_as_object()
        # Only what changes: an unchanged body keeps its photos, quotes and formatting.
        _set_fields(story, {column: values[column] for column in item.changes}, new_narrators)
        if not page.live:
            story.save()  # a draft page's own record follows its latest revision
    story.save_revision(user=user, log_action=True)
    _send_to_review(story, index, user, ensure_submission_workflow)
    return story


def _send_to_review(story, index, user, ensure_workflow):
    from wagtail.models import WorkflowState

    state = story.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    if state is not None:
        return  # already under review: the reviewers see the new revision
    workflow = story.get_workflow() or ensure_workflow(index)
    workflow.start(story, user)
