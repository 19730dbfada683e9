"""Reading an uploaded file: encoding, delimiter, headings, rows."""

import csv
import io

from django.utils.translation import gettext

from stories.spreadsheet.core import (
    ALIASES,
    COLUMNS,
    FORMULA_START,
    MAX_FILE_BYTES,
    REQUIRED_COLUMNS,
    Row,
    SpreadsheetError,
)


def raw_bytes(file):
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
    text = decode(raw_bytes(file))
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
