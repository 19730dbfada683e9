"""A result set as CSV, RIS and CSL-JSON, each record citable: title, narrator (the
public name only), date, language, themes, places, the archive as publisher, its URL and
the date it was accessed."""

import csv
import io
import json

from django.utils import timezone

from archive import site_url

PUBLISHER = "Memoria: archive of the US–El Salvador sister-city movement"
MAX_EXPORT = 5000
CSL_TYPES = {"story": "interview", "photo": "graphic", "event": "webpage"}
RIS_TYPES = {"story": "GEN", "photo": "ART", "event": "ELEC"}


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


def _record(hit, request, labels):
    return {
        "id": hit.key,
        "kind": hit.kind,
        "title": hit.title,
        "narrator": hit.narrator,
        "date": hit.date.iso() if hit.date else "",
        "year": hit.date.year if hit.date else None,
        "language": hit.language,
        "themes": [labels.themes.get(slug, slug) for slug in hit.themes],
        "places": [labels.places.get(slug, slug) for slug in hit.places],
        "url": site_url.absolute(hit.url),
    }


def to_csv(hits, request, labels):
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ["id", "kind", "title", "narrator", "date", "language", "themes", "places", "url"]
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


def to_ris(hits, request, labels):
    lines = []
    accessed = timezone.localdate().strftime("%Y/%m/%d")
    for hit in hits:
        record = _record(hit, request, labels)
        lines.append(_ris_line("TY", RIS_TYPES.get(hit.kind, "GEN")))
        lines.append(_ris_line("TI", record["title"]))
        for name in filter(None, (part.strip() for part in record["narrator"].split(","))):
            lines.append(_ris_line("AU", name))
        if record["date"]:
            lines.append(_ris_line("PY", record["year"]))
            lines.append(_ris_line("DA", record["date"].replace("-", "/")))
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
            "title": record["title"],
            "language": record["language"],
            "publisher": PUBLISHER,
            "URL": record["url"],
            "accessed": {"date-parts": [[today.year, today.month, today.day]]},
            "keyword": ", ".join(record["themes"] + record["places"]),
        }
        names = [part.strip() for part in record["narrator"].split(",") if part.strip()]
        if names:
            item["author"] = [{"literal": name} for name in names]
        if hit.date:
            parts = [hit.date.year]
            if hit.date.month and hit.date.precision in ("month", "day"):
                parts.append(hit.date.month)
                if hit.date.day and hit.date.precision == "day":
                    parts.append(hit.date.day)
            item["issued"] = {"date-parts": [parts]}
            if hit.date.circa:
                item["issued"]["circa"] = True
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
