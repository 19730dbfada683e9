"""The columns a spreadsheet has, what an import may do with each row, and the shapes a
plan is made of."""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stories.models import StoryPage

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
