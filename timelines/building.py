"""What a timeline shows: its curated events plus records drawn automatically.

Everything drawn or linked goes through archive/visibility.py: a story only if it is in
public_stories(), a photo only if it is in public_images(). A curated event keeps its own
headline, but loses its photo or story link while those are not public.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from archive import site_url
from archive.languages import current, translated
from archive.models import ArchiveImage, HistoricalDate, HistoricalEvent, Theme, ThemeTree
from archive.visibility import public_images, public_stories

RENDITION = "max-1200x900"  # what TimelineJS shows; originals are never handed out
KIND_ORDER = {"event": 0, "key_date": 1, "story": 2, "photo": 3}


@dataclass
class Entry:
    kind: str  # event (curated), key_date, story, photo
    unique_id: str
    date: HistoricalDate
    headline: str
    text: str = ""
    language: str = "en"  # the language the text is actually in
    fallback: bool = False  # True when shown in the other language
    url: str = ""
    image: ArchiveImage | None = None
    group: str = ""
    source: str = ""
    is_sample: bool = False
    themes: set = field(default_factory=set)  # theme ids, for the theme filter

    @property
    def sort_key(self):
        return (*self.date.sort_key, KIND_ORDER[self.kind], self.headline)


def timeline_entries(timeline, language, *, theme=None, year_from=None, year_to=None):
    """Entries in chronological order. `theme` (a Theme) and the years narrow them."""
    with translation.override(language):
        entries = _curated(timeline, language)
        drawn_themes = _theme_ids(timeline.themes.all())
        places = list(timeline.places.all())
        if timeline.include_stories:
            entries += _stories(timeline, language, drawn_themes, places)
        if timeline.include_photos:
            entries += _photos(timeline, language, drawn_themes, places)
        if timeline.include_key_dates:
            entries += _key_dates(timeline, language, drawn_themes, places)
    if theme is not None:
        wanted = _theme_ids([theme])
        entries = [entry for entry in entries if entry.themes & wanted]
    entries = [entry for entry in entries if _in_period(entry.date, year_from, year_to)]
    return sorted(entries, key=lambda entry: entry.sort_key)


def _theme_ids(themes):
    return set(ThemeTree().below(*(theme.pk for theme in themes)))


def _in_period(date, year_from, year_to):
    if year_from and date.last_year < year_from:
        return False
    return not (year_to and date.first_year > year_to)


def _drawn(queryset, timeline, theme_ids, places, place_lookup="places__in"):
    if theme_ids:
        queryset = queryset.filter(themes__in=theme_ids)
    if places:
        queryset = queryset.filter(**{place_lookup: places})
    queryset = queryset.filter(date_year__isnull=False).distinct()
    # Overlap with the timeline's own period, as in _in_period.
    if timeline.year_from:
        queryset = queryset.filter(
            Q(date_end_year__gte=timeline.year_from)
            | Q(date_end_year__isnull=True, date_year__gte=timeline.year_from - 9)
        )
    if timeline.year_to:
        queryset = queryset.filter(date_year__lte=timeline.year_to)
    return queryset


def _entry(kind, record, requested, shown, **fields):
    """An Entry for a record shown in language `shown` when `requested` was asked for."""
    prefix = "key-date" if kind == "key_date" else kind
    return Entry(
        kind=kind,
        unique_id=f"{prefix}-{record.pk}",
        date=record.historical_date,
        language=shown,
        fallback=shown != requested,
        **fields,
    )


def _keep(entries, timeline):
    return [e for e in entries if _in_period(e.date, timeline.year_from, timeline.year_to)]


def _curated(timeline, language):
    events = [event for event in timeline.events.select_related("image") if event.date_year]
    # Only this timeline's photos and stories are asked about, whatever the archive's size.
    public_photo_ids = set(
        public_images(among={event.image_id for event in events if event.image_id}).values_list(
            "pk", flat=True
        )
    )
    public_stories_by_id = {
        story.pk: story
        for story in public_stories()
        .filter(pk__in={event.story_id for event in events if event.story_id})
        .prefetch_related("themes")
    }
    entries = []
    for event in events:
        headline, shown = translated(event, "headline", language)
        text, _shown = translated(event, "text", language)
        image = event.image if event.image_id in public_photo_ids else None
        url, themes = "", set()
        story = public_stories_by_id.get(event.story_id)
        if story is not None:
            url = story.get_url()
            themes |= {theme.pk for theme in story.themes.all()}
        if image is not None:
            themes |= set(image.themes.values_list("pk", flat=True))
        entries.append(
            _entry(
                "event",
                event,
                language,
                shown,
                headline=headline,
                text=text,
                url=url,
                image=image,
                group=event.group,
                source=event.source,
                themes=themes,
            )
        )
    return entries


def _stories(timeline, language, theme_ids, places):
    stories = _drawn(public_stories(), timeline, theme_ids, places).prefetch_related("themes")
    entries = []
    for story in stories:
        shown = story.reading_language(language)
        entries.append(
            _entry(
                "story",
                story,
                language,
                shown,
                headline=story.localized("title", language),
                text=story.localized("summary", language) or "",
                url=story.get_url(),
                group=str(_("Stories")),
                is_sample=story.is_sample,
                themes={theme.pk for theme in story.themes.all()},
            )
        )
    return _keep(entries, timeline)


def _photos(timeline, language, theme_ids, places):
    photos = _drawn(public_images(), timeline, theme_ids, places, "place__in")
    entries = []
    for photo in photos.prefetch_related("themes"):
        caption, shown = translated(photo, "caption", language)
        headline = Truncator(caption or photo.title).chars(90)
        entries.append(
            _entry(
                "photo",
                photo,
                language,
                shown,
                headline=headline,
                text=caption if headline != caption else "",
                url=reverse("photo_detail", kwargs={"pk": photo.pk}),
                image=photo,
                group=str(_("Photos")),
                themes={theme.pk for theme in photo.themes.all()},
            )
        )
    return _keep(entries, timeline)


def _key_dates(timeline, language, theme_ids, places):
    events = _drawn(HistoricalEvent.objects.all(), timeline, theme_ids, places)
    entries = []
    for event in events.prefetch_related("themes"):
        headline, shown = translated(event, "headline", language)
        text, _shown = translated(event, "text", language)
        entries.append(
            _entry(
                "key_date",
                event,
                language,
                shown,
                headline=headline,
                text=text,
                group=str(_("Key dates")),
                source=event.source,
                is_sample=event.is_sample,
                themes={theme.pk for theme in event.themes.all()},
            )
        )
    return _keep(entries, timeline)


# --- The page: entries grouped by era ----------------------------------------------------------
def sections(timeline, request, **filters):
    """[{era, label, years, entries}] in chronological order; an entry goes to the first era
    that contains its start year, and runs of entries outside every era form their own."""
    language = current()
    eras = sorted(timeline.eras.all(), key=lambda era: era.start_year)
    result = []
    for entry in timeline_entries(timeline, language, **filters):
        era = next((era for era in eras if era.contains(entry.date.year)), None)
        if not result or result[-1][0] is not era:
            result.append((era, []))
        result[-1][1].append(entry)
    return [_section(era, items, language, bool(eras)) for era, items in result]


def _section(era, entries, language, has_eras):
    """An era's entries under its label and years. Entries outside every era get a heading
    of their own when the timeline has eras, or they would read as part of the era above."""
    if era is not None:
        label, years = translated(era, "label", language)[0], (era.start_year, era.end_year)
    elif has_eras:
        label = _("Other years")
        years = (entries[0].date.first_year, max(entry.date.last_year for entry in entries))
    else:
        label, years = "", None
    return {"era": era, "label": label, "years": years and _years(*years), "entries": entries}


def _years(start, end):
    """1980–1992, 2022– (ongoing), or 2017 alone."""
    if start == end:
        return str(start)
    return f"{start}–{end or ''}"


# --- TimelineJS 3 ------------------------------------------------------------------------------
def _tjs_date(date, language, *, end=False):
    if end:
        return {"year": date.end_year}
    value = {"year": date.year}
    if date.month:
        value["month"] = date.month
    if date.day and date.month:
        value["day"] = date.day
    value["display_date"] = date.render(language)
    return value


def _paragraphs(text, language):
    # TimelineJS renders text as HTML: everything from the archive is escaped first.
    return "".join(
        f'<p lang="{language}">{escape(part.strip())}</p>'
        for part in text.split("\n\n")
        if part.strip()
    )


def _tjs_text(entry, request, language):
    html = _paragraphs(entry.text, entry.language)
    if entry.is_sample:
        note = _("Sample content: illustrative, not a real person's words.")
        html = f'<p class="memoria-note">{escape(note)}</p>{html}'
    if entry.fallback:
        note = _("Not yet translated; shown in the original language.")
        html = f'<p class="memoria-note">{escape(note)}</p>{html}'
    if entry.url:
        label = _("Read the story") if entry.kind in ("story", "event") else _("See the photo")
        url = escape(site_url.absolute(entry.url))
        html += f'<p class="memoria-link"><a href="{url}">{escape(label)}</a></p>'
    if entry.source:
        html += f'<p class="memoria-source">{escape(_("Source:"))} {escape(entry.source)}</p>'
    return {"headline": escape(entry.headline), "text": html}


def _tjs_media(image, request, language):
    rendition = image.get_rendition(RENDITION)
    caption, _shown = translated(image, "caption", language)
    alt, _shown = translated(image, "alt_text", language)
    return {
        "url": site_url.absolute(rendition.url),
        "caption": escape(caption),
        "credit": escape(image.credit),
        "alt": _plain_text(alt) or _plain_text(caption),
    }


def _plain_text(text):
    """media.alt as TimelineJS takes it: plain text it assigns to the img's alt property
    (src/js/media/types/Image.js), so escaping would have "&" read aloud as "&amp;". It
    holds no markup either, for a tool that would paste it into HTML: tags are dropped,
    any other < or > too, and double quotes become single ones, as TimelineJS does
    itself when it makes an alt text from a caption (unhtmlify)."""
    return strip_tags(text).replace("<", "").replace(">", "").replace('"', "'").strip()


def timelinejs_json(timeline, language, request, **filters):
    """The timeline as TimelineJS 3 JSON, in `language` (en or es)."""
    entries = timeline_entries(timeline, language, **filters)
    with translation.override(language):
        events = []
        for entry in entries:
            event = {
                "start_date": _tjs_date(entry.date, language),
                "text": _tjs_text(entry, request, language),
                "unique_id": entry.unique_id,
            }
            if entry.date.end_year:
                event["end_date"] = _tjs_date(entry.date, language, end=True)
            if entry.image is not None:
                event["media"] = _tjs_media(entry.image, request, language)
            if entry.group:
                event["group"] = entry.group
            events.append(event)
        title = getattr(timeline, f"title_{language}", None) or timeline.title
        intro, shown = translated(timeline, "introduction", language)
        return {
            "title": {"text": {"headline": escape(title), "text": _paragraphs(intro, shown)}},
            "events": events,
            "eras": _tjs_eras(timeline, language, entries),
        }


def _tjs_eras(timeline, language, entries):
    # TimelineJS needs an end year: an ongoing era runs to this year (or its last event).
    last = max([datetime.date.today().year, *(e.date.last_year for e in entries)])
    eras = []
    for era in timeline.eras.order_by("start_year"):
        label, _shown = translated(era, "label", language)
        item = {
            "start_date": {"year": era.start_year},
            "end_date": {"year": era.end_year or max(last, era.start_year)},
            "text": {"headline": escape(label)},
        }
        if era.end_year is None:
            item["ongoing"] = True  # ignored by TimelineJS; lets an import keep "2022–"
        eras.append(item)
    return eras


def theme_from_slug(slug):
    return Theme.objects.filter(slug=slug).first()
