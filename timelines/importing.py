"""Read a TimelineJS 3 JSON file into a new TimelinePage (manage.py import_timelinejs).

Whatever cannot be kept (media from other sites, backgrounds, dates we cannot read, keys we
do not know) is listed in the report: nothing is dropped silently.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import slugify

from archive.languages import CODES
from archive.models import ArchiveImage, ArchiveRendition, HistoricalDate, Precision
from timelines.models import TimelineEra, TimelineEvent, TimelinePage

EVENT_KEYS = {"start_date", "end_date", "text", "media", "group", "unique_id", "display_date"}
# Paragraphs our export adds around an event's own text (timelines/building.py).
_MEMORIA_PARAGRAPH = r'<p class="memoria-(link|source|note)">(.*?)</p>'


@dataclass
class ImportReport:
    page: TimelinePage | None = None
    events: int = 0
    eras: int = 0
    problems: list = field(default_factory=list)

    def note(self, where, message):
        self.problems.append(f"{where}: {message}")


class DryRun(Exception):
    """Raised inside the transaction so a dry run leaves the database untouched."""


def import_timelinejs(data, parent, *, title=None, language="en", dry_run=False):
    report = ImportReport()
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ValueError("Not TimelineJS data: no list of events.")
    try:
        with transaction.atomic():
            _import(data, parent, title, language, report)
            if dry_run:
                raise DryRun
    except DryRun:
        report.page = None
    return report


def _import(data, parent, title, language, report):
    slide = data.get("title") or {}
    _unmapped(slide, {"text"}, "title", report)
    headline = _plain(slide.get("text", {}).get("headline", ""))
    title = title or headline or "Imported timeline"
    intro, _link, _source = _text(slide.get("text", {}).get("text", ""))
    page = TimelinePage(title=title, slug=_free_slug(parent, slugify(title) or "timeline"))
    for code in CODES:
        # Wagtail needs both; the other language is for editors to translate.
        setattr(page, f"title_{code}", title)
        setattr(page, f"slug_{code}", page.slug)
    setattr(page, f"introduction_{language}", intro)
    parent.add_child(instance=page)
    for number, item in enumerate(data["events"], start=1):
        event = _event(item, f"event {number}", language, report)
        if event is not None:
            event.page, event.sort_order = page, number
            event.save()
            report.events += 1
    for number, item in enumerate(data.get("eras") or [], start=1):
        era = _era(item, f"era {number}", language, report)
        if era is not None:
            era.page, era.sort_order = page, number
            era.save()
            report.eras += 1
    for key in set(data) - {"title", "events", "eras"}:
        report.note("timeline", f"“{key}” not imported")
    report.page = page


def _free_slug(parent, slug):
    candidate, number = slug, 1
    while parent.get_children().filter(Q(slug_en=candidate) | Q(slug_es=candidate)).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _unmapped(item, known, where, report):
    for key in sorted(set(item) - known):
        report.note(where, f"“{key}” not imported ({str(item[key])[:80]})")


def _plain(value):
    return html.unescape(strip_tags(str(value or ""))).strip()


def _text(value):
    """(plain text, link, source) from TimelineJS HTML; our own link/source paragraphs are
    taken back out so a round trip does not fold them into the text."""
    link = source = ""
    for kind, inner in re.findall(_MEMORIA_PARAGRAPH, value or "", re.S):
        if kind == "link":
            found = re.search(r'href="([^"]+)"', inner)
            link = html.unescape(found.group(1)) if found else ""
        elif kind == "source":
            source = _plain(inner).split(" ", 1)[-1] if " " in _plain(inner) else ""
    value = re.sub(_MEMORIA_PARAGRAPH, "", value or "", flags=re.S)
    value = re.sub(r"</p>\s*|<br\s*/?>", "\n\n", value)
    paragraphs = [_plain(part) for part in value.split("\n\n")]
    return "\n\n".join(part for part in paragraphs if part), link, source


def _int(value):
    if isinstance(value, bool):
        raise ValueError
    return int(str(value).strip())


def _date(start, end, display):
    year = _int(start["year"])
    month = _int(start["month"]) if start.get("month") not in (None, "") else None
    day = _int(start["day"]) if start.get("day") not in (None, "") and month else None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    end_year = _int(end["year"]) if end and end.get("year") not in (None, "") else None
    date = HistoricalDate(year, month, day, precision, end_year=end_year)
    # A display date we wrote ("c. 1989", "1980s") says more than the numbers.
    try:
        parsed = HistoricalDate.parse(display) if display else None
    except ValueError:
        parsed = None
    if parsed and parsed.year == year and parsed.month == month:
        date = HistoricalDate(
            year, month, day, parsed.precision, parsed.circa, parsed.end_year or end_year
        )
        if date.precision == Precision.DECADE and end_year == year - year % 10 + 9:
            date = HistoricalDate(year, precision=Precision.DECADE, circa=parsed.circa)
    date.validate()
    return date


def _event(item, where, language, report):
    if not isinstance(item, dict) or not isinstance(item.get("start_date"), dict):
        report.note(where, "skipped: no start_date")
        return None
    _unmapped(item, EVENT_KEYS, where, report)
    start, end = item["start_date"], item.get("end_date")
    display = start.get("display_date") or item.get("display_date") or ""
    try:
        date = _date(start, end, display)
    except (KeyError, TypeError, ValueError):
        report.note(where, f"skipped: date not understood ({start!r}, {end!r})")
        return None
    _lost_date_parts(start, end, date, display, where, report)
    text = item.get("text") or {}
    _unmapped(text, {"headline", "text"}, f"{where} text", report)
    body, link, source = _text(text.get("text", ""))
    headline = _plain(text.get("headline", "")) or date.render(language)
    event = TimelineEvent(group=str(item.get("group") or "")[:80], source=source[:255])
    event.set_historical_date(date)
    setattr(event, f"headline_{language}", headline[:255])
    setattr(event, f"text_{language}", body)
    if link:
        event.story = _story_for(link)
        if event.story is None:
            report.note(where, f"link not matched to an archive story ({link})")
    if item.get("media"):
        event.image = _image_for(item["media"], where, report)
    return event


def _lost_date_parts(start, end, date, display, where, report):
    extra = set(start) - {"year", "month", "day", "display_date"}
    if extra:
        report.note(where, f"start time not imported ({', '.join(sorted(extra))})")
    if end and (set(end) - {"year", "display_date"}):
        report.note(where, f"end date kept as a year only ({end!r})")
    if display and display not in (date.render("en"), date.render("es")):
        report.note(where, f"display date “{display}” not kept")


def _image_for(media, where, report):
    url = str(media.get("url", "")) if isinstance(media, dict) else ""
    path = urlsplit(url).path
    image = None
    if path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL) :]
        rendition = ArchiveRendition.objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition else ArchiveImage.objects.filter(file=name).first()
    if image is None:
        report.note(where, f"media not imported: not an archive photo ({url[:120]})")
    return image


def _story_for(url):
    from stories.models import StoryPage

    slug = [part for part in urlsplit(url).path.split("/") if part][-1:]
    if not slug:
        return None
    return StoryPage.objects.filter(Q(slug_en=slug[0]) | Q(slug_es=slug[0])).first()


def _era(item, where, language, report):
    try:
        start = _int(item["start_date"]["year"])
        end = None if item.get("ongoing") else _int(item["end_date"]["year"])
    except (KeyError, TypeError, ValueError):
        report.note(where, "skipped: start or end year not understood")
        return None
    if not 1500 <= start <= 2100 or (end is not None and not start <= end <= 2100):
        report.note(where, f"skipped: years out of range ({start}–{end})")
        return None
    _unmapped(item, {"start_date", "end_date", "text", "ongoing"}, where, report)
    text = item.get("text") or {}
    label = _plain(text.get("headline", "")) or f"{start}–{end or ''}"
    if text.get("text"):
        report.note(where, f"era text not imported ({_plain(text['text'])[:80]})")
    era = TimelineEra(start_year=start, end_year=end)
    setattr(era, f"label_{language}", label[:120])
    return era
