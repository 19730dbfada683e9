"""Stories as CSV rows, in the columns an import reads back."""

import csv
import io

from archive.languages import CODES, current
from archive.models import Place, Theme
from stories.spreadsheet.core import COLUMNS, FORMULA_START
from stories.spreadsheet.lookups import Vocabulary
from stories.spreadsheet.text import body_text, format_date, normalise_text


def _safe_cell(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


def story_values(story, themes=None, places=None, language=None):
    """A story's columns as text, the way export_csv writes them."""
    language = (language or current())[:2]
    themes = themes or Vocabulary(Theme)
    places = places or Vocabulary(Place)
    values = {}
    for code in CODES:
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
    themes, places = Vocabulary(Theme), Vocabulary(Place)
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    for story in stories:
        story = story.specific.get_latest_revision_as_object()
        values = story_values(story, themes, places, language)
        writer.writerow([_safe_cell(values[column]) for column in COLUMNS])
    return output.getvalue()
