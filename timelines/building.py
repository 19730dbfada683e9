"""What a timeline shows: its curated events plus records drawn automatically.

Everything drawn or linked goes through archive/visibility.py: a story only if it is in
public_stories(), a photo only if it is in public_images(). A curated event keeps its own
headline, but loses its photo or story link while those are not public.

Recorded testimonies (issue 18) come from timelines.sources, which answers as the story
page does for anyone: the words while the story is public, the recording itself only with
the narrators' consent to their voice. A recorded story is ONE event, dated by its story
(segments have no date of their own), that carries its recordings: their parts (the
segment index) as links to each moment, and the player in the embed. A segment is not an
event of its own: a 60-minute interview has about eight, which would bury a timeline under
one story's minutes all on the same date. A segment still brings its story in: a story on
other themes joins a timeline through a part on the timeline's themes and places, and its
player starts at that part.
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
from archive.languages import current, other, translated
from archive.models import ArchiveImage, HistoricalDate, HistoricalEvent, Theme, ThemeTree
from archive.visibility import public_images, public_stories, story_model
from timelines import sources

RENDITION = "max-1200x900"  # what TimelineJS shows; originals are never handed out
KIND_ORDER = {"event": 0, "key_date": 1, "story": 2, "photo": 3}


@dataclass
class Moment:
    """A part of a recorded testimony as a timeline shows it, in the reader's language."""

    start: int
    clock: str
    title: str
    title_language: str
    synopsis: str
    synopsis_language: str
    url: str  # the story, opened at this moment
    lines: list = field(default_factory=list)  # with_lines(): sources.Line spoken in it


@dataclass
class Testimony:
    """A recording an entry carries (sources.Recorded), as a timeline shows it."""

    id: int
    url: str  # the story, at its recording's section
    start: int  # where the player starts: the part that brought the story in, else 0
    start_url: str  # the story, opened at that moment
    start_clock: str  # that moment as a clock ("" for the start)
    moments: list
    voice: sources.Voice | None  # None: "words yes, voice no" (or not processed)
    recorded: sources.Recorded
    lines_language: str = ""  # with_lines(): the language of the lines read
    opening_lines: list = field(default_factory=list)  # with_lines(): before the first part


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
    testimonies: list = field(default_factory=list)  # Testimony: its story's recordings

    @property
    def sort_key(self):
        return (*self.date.sort_key, KIND_ORDER[self.kind], self.headline)


def timeline_entries(timeline, language, *, theme=None, year_from=None, year_to=None):
    """Entries in chronological order. `theme` (a Theme) and the years narrow them."""
    with translation.override(language):
        # The rule, built once for the whole render: every part of the timeline answers for
        # the same moment, and Django builds it once instead of once per question (building
        # and compiling it, not running it, was most of a timeline request's time).
        readable = public_stories()
        entries = _curated(timeline, language, readable)
        drawn_themes = _theme_ids(timeline.themes.all())
        places = list(timeline.places.all())
        if timeline.include_stories:
            entries += _stories(timeline, language, readable, drawn_themes, places)
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


def _on(queryset, theme_ids, places, place_lookup="places__in"):
    """Those on one of the themes and in one of the places (either may be empty)."""
    if theme_ids:
        queryset = queryset.filter(themes__in=theme_ids)
    if places:
        queryset = queryset.filter(**{place_lookup: places})
    return queryset


def _drawn(queryset, timeline, theme_ids, places, place_lookup="places__in"):
    queryset = _on(queryset, theme_ids, places, place_lookup)
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


def _curated(timeline, language, readable):
    events = [event for event in timeline.events.select_related("image") if event.date_year]
    # Only this timeline's photos and stories are asked about, whatever the archive's size.
    image_ids = {event.image_id for event in events if event.image_id}
    public_photo_ids = (
        set(public_images(among=image_ids).values_list("pk", flat=True)) if image_ids else set()
    )
    story_ids = {event.story_id for event in events if event.story_id}
    linked = readable.filter(pk__in=story_ids).prefetch_related("themes") if story_ids else []
    public_stories_by_id = {story.pk: story for story in linked}
    # A curated event plays the recordings of the public story it links, from their start.
    recorded = sources.recorded(list(public_stories_by_id)) if public_stories_by_id else {}
    entries = []
    for event in events:
        headline, shown = translated(event, "headline", language)
        text, _shown = translated(event, "text", language)
        image = event.image if event.image_id in public_photo_ids else None
        url, themes, testimonies = "", set(), []
        story = public_stories_by_id.get(event.story_id)
        if story is not None:
            url = story.get_url()
            themes |= {theme.pk for theme in story.themes.all()}
            testimonies = _testimonies(recorded.get(story.pk, []), url, language)
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
                testimonies=testimonies,
            )
        )
    return entries


def _stories(timeline, language, readable, theme_ids, places):
    on_topic = list(_drawn(readable, timeline, theme_ids, places).prefetch_related("themes"))
    # The providers get the ids of the stories drawn (as many as the entries shown), not
    # the query that drew them: they ask the rule themselves, once, without nesting ours.
    recorded = sources.recorded([story.pk for story in on_topic])
    stories, wanted, through_parts = on_topic, None, {}
    if theme_ids or places:
        # Stories on other themes (or places) whose testimony has a part on these.
        wanted = (frozenset(theme_ids), frozenset(place.pk for place in places))
        in_period = _drawn(readable, timeline, (), [])
        on_these = _on(story_model().objects.all(), theme_ids, places).values("pk")
        through_parts = sources.recorded(in_period.exclude(pk__in=on_these), *wanted)
        recorded.update(through_parts)
        if through_parts:
            joining = in_period.filter(pk__in=list(through_parts)).prefetch_related("themes")
            stories = on_topic + list(joining)
    entries = []
    for story in stories:
        shown = story.reading_language(language)
        url = story.get_url()
        found = recorded.get(story.pk, [])
        entries.append(
            _entry(
                "story",
                story,
                language,
                shown,
                headline=story.localized("title", language),
                text=story.localized("summary", language) or "",
                url=url,
                group=str(_("Stories")),
                is_sample=story.is_sample,
                themes={theme.pk for theme in story.themes.all()}
                | {theme for item in found for part in item.parts for theme in part.themes},
                testimonies=_testimonies(
                    found, url, language, wanted if story.pk in through_parts else None
                ),
            )
        )
    return _keep(entries, timeline)


def _testimonies(found, story_url, language, wanted=None):
    """Testimony for each of a story's recordings (sources.Recorded). `wanted`: the
    (theme ids, place ids) whose part brought the story in, where its player starts."""
    testimonies = []
    for recorded in found:
        section = f"#recording-{recorded.id}"
        moments = []
        for part in recorded.parts:
            title, title_language = _in_language(part.title, language)
            synopsis, synopsis_language = _in_language(part.synopsis, language)
            moments.append(
                Moment(
                    start=part.start,
                    clock=part.clock,
                    title=title or part.clock,
                    title_language=title_language,
                    synopsis=synopsis,
                    synopsis_language=synopsis_language,
                    url=f"{story_url}?t={part.start}{section}",
                )
            )
        part = _first_part_on(recorded.parts, wanted)
        start = part.start if part else 0
        testimonies.append(
            Testimony(
                id=recorded.id,
                url=story_url + section,
                start=start,
                start_url=f"{story_url}?t={start}{section}" if start else story_url + section,
                start_clock=part.clock if start else "",
                moments=moments,
                voice=recorded.voice,
                recorded=recorded,
            )
        )
    return testimonies


def _first_part_on(parts, wanted):
    """The first part on the `wanted` (theme ids, place ids), None without `wanted`."""
    if wanted is None:
        return None
    theme_ids, place_ids = wanted
    for part in parts:
        on_theme = not theme_ids or part.themes & theme_ids
        if on_theme and (not place_ids or part.places & place_ids):
            return part
    return None


def _in_language(texts, language):
    """(text, its language) from {language: text}: the reader's, else the other one."""
    for code in (language, other(language)):
        if texts.get(code):
            return texts[code], code
    return "", language


def with_lines(testimony, language):
    """The testimony with the transcript lines spoken in each moment, in `language` if it
    is transcribed in it, else in the other: the offline file's transcript. Lines before
    its first part (all of them, for a recording without an index) open it."""
    languages = testimony.recorded.languages
    shown = language if language in languages else next(iter(languages), "")
    lines = testimony.recorded.lines(shown) if shown else []
    starts = [moment.start for moment in testimony.moments] + [None]
    testimony.lines_language = shown
    testimony.opening_lines = [
        line for line in lines if starts[0] is None or line.start < starts[0]
    ]
    for moment, end in zip(testimony.moments, starts[1:], strict=True):
        moment.lines = [
            line
            for line in lines
            if moment.start <= line.start and (end is None or line.start < end)
        ]
    return testimony


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
    html += "".join(_tjs_testimony(testimony) for testimony in entry.testimonies)
    if entry.url:
        label = _("Read the story") if entry.kind in ("story", "event") else _("See the photo")
        url = escape(site_url.absolute(entry.url))
        html += f'<p class="memoria-link"><a href="{url}">{escape(label)}</a></p>'
    if entry.source:
        html += f'<p class="memoria-source">{escape(_("Source:"))} {escape(entry.source)}</p>'
    return {"headline": escape(entry.headline), "text": html}


def _tjs_testimony(testimony):
    """A recording's parts, each a link to the story at its moment (TimelineJS has no
    tracks for captions: the story page has them), and whether its voice is withheld."""
    html = ""
    if testimony.recorded.words_only:
        note = _(
            "The narrator agreed to publish the words of this recording, not the recording itself."
        )
        html += f'<p class="memoria-note">{escape(note)}</p>'
    if testimony.moments:
        items = "".join(
            f'<li><a href="{escape(site_url.absolute(moment.url))}">{escape(moment.clock)} '
            f'<span lang="{moment.title_language}">{escape(moment.title)}</span></a>'
            + (
                f' <span lang="{moment.synopsis_language}">{escape(moment.synopsis)}</span>'
                if moment.synopsis
                else ""
            )
            + "</li>"
            for moment in testimony.moments
        )
        heading = escape(_("Parts of the testimony"))
        html += f'<p class="memoria-parts">{heading}</p><ol class="memoria-parts">{items}</ol>'
    return html


def _tjs_recording(testimonies):
    """TimelineJS's media for the first recording anyone may hear: the web copy at its
    address ending in .m4a or .mp4, from which TimelineJS makes its <audio> or <video>
    (it tells media apart by the address's ending alone)."""
    for testimony in testimonies:
        if testimony.voice is not None:
            if testimony.voice.is_video:
                caption = _("Watch the testimony")
            else:
                caption = _("Listen to the testimony")
            return {
                "url": site_url.absolute(testimony.voice.named_url),
                "caption": escape(caption),
                "credit": "",
            }
    return None


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
            elif recording := _tjs_recording(entry.testimonies):
                event["media"] = recording
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
