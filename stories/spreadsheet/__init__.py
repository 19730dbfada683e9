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
  Each reviewer gets one e-mail listing the file's stories, not one per row.
* All or nothing: one refused row refuses the whole file, with each row's reasons.
* The body in the spreadsheet holds the story's paragraphs. Photos, quotes, transcripts
  and embeds stay in the archive: a row whose body text is unchanged keeps the body as
  it is; changing the text of a story that has such blocks is refused (edit it in the
  admin instead).
* Files are UTF-8 (with or without the byte-order mark Excel writes), separated by commas
  or semicolons (Excel with Spanish settings). Exports start with a byte-order mark so
  Excel reads accents correctly, and cells starting with = + - @ are prefixed with ' so a
  spreadsheet does not run them as formulas; imports remove that prefix again.

The modules, in the order a file goes through them: `reading` (bytes to rows), `lookups`
(themes, places and narrators by name), `text` (paragraphs and dates), `planning` (rows to
a plan, nothing saved), `applying` (the plan saved as drafts sent to review), `notifying`
(one e-mail per reviewer per import); `export` writes the same columns back; `core` holds
the columns, actions and plan shapes.
"""

from stories.spreadsheet.applying import apply
from stories.spreadsheet.core import (
    COLUMNS,
    CREATE,
    MAX_FILE_BYTES,
    REFUSE,
    REQUIRED_COLUMNS,
    UNCHANGED,
    UPDATE,
    ImportRefused,
    SpreadsheetError,
)
from stories.spreadsheet.export import export_csv
from stories.spreadsheet.planning import plan, plan_file
from stories.spreadsheet.reading import read_rows
from stories.spreadsheet.text import body_text, format_date

__all__ = [
    "COLUMNS",
    "CREATE",
    "MAX_FILE_BYTES",
    "REFUSE",
    "REQUIRED_COLUMNS",
    "UNCHANGED",
    "UPDATE",
    "ImportRefused",
    "SpreadsheetError",
    "apply",
    "body_text",
    "export_csv",
    "format_date",
    "plan",
    "plan_file",
    "read_rows",
]
