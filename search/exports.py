"""A result set as CSV, RIS and CSL-JSON, each record citable: title, creator (the
narrators' public names, or a photo's credit), date, language, themes, places, the archive
as publisher, its URL and the date it was accessed.

Dates stay as honest as the archive's: "c. 1989" and "1980s" are written as the archive
renders them (HistoricalDate.render) beside machine-readable bounds, never as an exact year.
"""

import csv
import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _

from archive import site_url
from archive.languages import current
from archive.models.dates import Precision
from search.presenters import moment

PUBLISHER = "Memoria: archive of the US–El Salvador sister-city movement"
MAX_EXPORT = 5000
# A recording segment is a moment of the interview: CSL "interview" (with the time in
# its title and note, since a locator belongs to a citation, not to an item), RIS SOUND
# (a sound recording) with the time in a note too.
CSL_TYPES = {"story": "interview", "photo": "graphic", "event": "webpage", "segment": "interview"}
# RIS has no interview type: Zotero's RIS translator writes its interviews as PCOMM with the
# medium in M3, and EndNote reads PCOMM as a personal communication. GEN, which we used
# before, is read by Zotero as a journal article.
RIS_TYPES = {"story": "PCOMM", "photo": "ART", "event": "ELEC", "segment": "SOUND"}
RIS_TYPE_OF_WORK = {"story": "Interview", "photo": "Photograph", "segment": "Interview"}


def all_hits(query, search):
    """Every hit of the query (up to MAX_EXPORT), page by page."""
    query.per_page, query.page, query.facets = 500, 1, False
    hits = []
    while len(hits) < MAX_EXPORT:
        results = search(query)
        hits.extend(results.hits)
        if not results.hits or len(hits) >= results.count:
            break
        query.page += 1
    return hits[:MAX_EXPORT]


def _is_exact(date):
    """A single day, month or year, known for sure."""
    return not (date.circa or date.end_year or date.precision == Precision.DECADE)


def _date_bounds(date):
    """(from, to) as ISO text: the day or month itself, else the first and last year the
    date may mean ("1980s" is 1980 to 1989, "1980–1992" is 1980 to 1992)."""
    if date.precision in (Precision.DAY, Precision.MONTH):
        return date.iso(), date.iso()
    return f"{date.first_year:04d}", f"{date.last_year:04d}"


def _at(time):
    return _("at %(time)s") % {"time": time}


def _record(hit, request, labels):
    date = hit.date
    date_from, date_to = _date_bounds(date) if date else ("", "")
    time = moment(hit)
    return {
        "id": hit.key,
        "kind": hit.kind,
        "title": hit.title,
        "time": time,
        # Citations name the moment: the title a reference manager keeps says it.
        "cited_title": f"{hit.title} ({_at(time)})" if time else hit.title,
        "narrator": hit.narrator,
        # As the archive shows it, in the export's language: "c. 1989", "década de 1980".
        "date": date.render(current()) if date else "",
        "date_from": date_from,
        "date_to": date_to,
        "date_approximate": ("no" if _is_exact(date) else "yes") if date else "",
        "language": hit.language,
        "themes": [labels.themes.get(slug, slug) for slug in hit.theme_slugs],
        "places": [labels.places.get(slug, slug) for slug in hit.place_slugs],
        "url": site_url.absolute(hit.url),
    }


def to_csv(hits, request, labels):
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [
        "id", "kind", "title", "time", "narrator", "date", "date_from", "date_to",
        "date_approximate", "language", "themes", "places", "url",
    ]  # fmt: skip
    writer.writerow([*columns, "accessed"])
    accessed = timezone.localdate().isoformat()
    for hit in hits:
        record = _record(hit, request, labels)
        row = [
            "; ".join(value) if isinstance(value, list) else value
            for value in (record[name] for name in columns)
        ]
        writer.writerow([_safe_cell(value) for value in row] + [accessed])
    # A byte-order mark so spreadsheet programs read the accents as UTF-8.
    return "\ufeff" + out.getvalue()


def _safe_cell(value):
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _ris_line(tag, value):
    value = " ".join(str(value).split())  # RIS is one line per field
    return f"{tag}  - {value}"


def _names(record):
    return [name for name in (part.strip() for part in record["narrator"].split(",")) if name]


def _ris_date(date, shown):
    """RIS DA is YYYY/MM/DD/other info: a date that is not exact keeps its month and day
    empty and says how the archive gives it in the other-info part ("1989///c. 1989")."""
    if not _is_exact(date):
        return f"{date.year:04d}///{shown}"
    month = f"{date.month:02d}" if date.month and date.precision != Precision.YEAR else ""
    day = f"{date.day:02d}" if month and date.day and date.precision == Precision.DAY else ""
    return f"{date.year:04d}/{month}/{day}/"


def to_ris(hits, request, labels):
    lines = []
    accessed = timezone.localdate().strftime("%Y/%m/%d")
    for hit in hits:
        record = _record(hit, request, labels)
        lines.append(_ris_line("TY", RIS_TYPES.get(hit.kind, "GEN")))
        lines.append(_ris_line("TI", record["cited_title"]))
        for name in _names(record):
            lines.append(_ris_line("AU", name))
        if hit.kind in RIS_TYPE_OF_WORK:
            lines.append(_ris_line("M3", RIS_TYPE_OF_WORK[hit.kind]))
        if hit.date:
            lines.append(_ris_line("PY", f"{hit.date.year:04d}"))
            lines.append(_ris_line("DA", _ris_date(hit.date, record["date"])))
            if not _is_exact(hit.date):
                # Zotero keeps only the year of DA: a note carries the date as given.
                lines.append(_ris_line("N1", f"{_('Date')}: {record['date']}"))
        if record["time"]:
            time_label = _("Time in the recording")
            lines.append(_ris_line("N1", f"{time_label}: {record['time']}"))
        lines.append(_ris_line("LA", record["language"]))
        for keyword in record["themes"] + record["places"]:
            lines.append(_ris_line("KW", keyword))
        lines.append(_ris_line("PB", PUBLISHER))
        lines.append(_ris_line("UR", record["url"]))
        lines.append(_ris_line("Y2", accessed))
        lines.append(_ris_line("ID", record["id"]))
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def to_csl_json(hits, request, labels):
    today = timezone.localdate()
    items = []
    for hit in hits:
        record = _record(hit, request, labels)
        item = {
            "id": record["id"],
            "type": CSL_TYPES.get(hit.kind, "webpage"),
            "title": record["cited_title"],
            "language": record["language"],
            "publisher": PUBLISHER,
            "URL": record["url"],
            "accessed": {"date-parts": [[today.year, today.month, today.day]]},
            "keyword": ", ".join(record["themes"] + record["places"]),
        }
        if record["time"]:
            item["note"] = _at(record["time"])
        names = _names(record)
        if names:
            item["author"] = [{"literal": name} for name in names]
        if hit.date:
            item["issued"] = _csl_date(hit.date)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def _csl_date(date):
    """A CSL date: one date-parts entry for a day, month or year, two (first and last
    year) for a decade or a period; "circa" when the archive says it is approximate."""
    if date.end_year or date.precision == Precision.DECADE:
        parts = [[date.first_year], [date.last_year]]
    else:
        parts = [date.year]
        if date.month and date.precision in (Precision.MONTH, Precision.DAY):
            parts.append(date.month)
            if date.day and date.precision == Precision.DAY:
                parts.append(date.day)
        parts = [parts]
    issued = {"date-parts": parts}
    if date.circa:
        issued["circa"] = True
    return issued
