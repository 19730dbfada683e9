"""/embed/timeline/<slug>/: a timeline as a standalone page for an <iframe> or a projector;
/timelines/<slug>/offline.html: the same page as one file that runs from a USB stick.

Frameable from any site (the rest of the site keeps X-Frame-Options: DENY), public data
only (timelines/building.py asks archive/visibility.py), no cookies, no session, nothing from
other hosts. The content is server-rendered; a little inline script adds keyboard, swipe
and slide mode. Parameters as the TimelineJS JSON: lang, theme, from, to; plus start.

A first view carries the first FIRST_VIEW_CARDS events; the script then fetches the rest
(`?part=rest`) and adds them, so a 2,000-event timeline shows as fast as a short one.
Without script, a link opens the whole timeline (`?all=1`); so does a `start` event
beyond the first view. The offline file always holds everything.

A recorded testimony (timelines.sources) gets a native <audio> or <video> with a <track>
per transcribed language, loaded only when pressed (preload="none") and starting at the
part that brought it in, when anyone may hear it; otherwise its words alone. The offline
file holds its transcript, and the recording itself as a data: URL while it is small
enough (TIMELINE_OFFLINE_RECORDING_BYTES each, TIMELINE_OFFLINE_RECORDINGS_BYTES in all);
beyond that, a link to the story at that moment.
"""

import base64
import functools
import mimetypes

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from archive import site_url
from archive.languages import other, translated
from archive.params import BadParameter
from timelines.building import timeline_entries, with_lines
from timelines.views.timelinejs import public_timeline, timeline_filters

RENDITION = "max-600x400"
FIRST_VIEW_CARDS = 30
# The time axis: at least this wide, at most this wide (an era's label is cut beyond it,
# its title still whole); an era label's characters (.75rem) and padding, in pixels.
MIN_AXIS_WIDTH, MAX_AXIS_WIDTH = 600, 8000
LABEL_CHAR_WIDTH, LABEL_PADDING = 8, 14
# `*` matches only http(s) pages; a deck opened from disk (reveal.js, an exported HTML
# deck) is a file: page, which Chromium matches with the `file:` scheme source.
# media-src data: for the offline file's recordings and tracks, should it be opened from
# the server rather than from disk.
CSP = (
    "frame-ancestors * file:; default-src 'self'; img-src 'self' data:; "
    "media-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
)


def _data_url(kind, data):
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _inlined(rendition):
    """The rendition as a data: URL, so the offline file needs no network."""
    with rendition.file.open("rb") as file:
        data = file.read()
    return _data_url(mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg", data)


def _image(image, language, inline=False):
    rendition = image.get_rendition(RENDITION)
    alt = translated(image, "alt_text", language)[0] or translated(image, "caption", language)[0]
    return {
        "url": _inlined(rendition) if inline else rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
        "credit": image.credit,
    }


class _Budget:
    """What the offline file may still carry in recordings, in bytes."""

    def __init__(self):
        self.left = settings.TIMELINE_OFFLINE_RECORDINGS_BYTES

    def take(self, voice):
        """The web copy as a data: URL, or None when it is too big for what is left."""
        try:
            size = voice.size()
        except OSError:
            return None  # the file is gone (a withdrawal deleting it): a link, as if too big
        if size > min(settings.TIMELINE_OFFLINE_RECORDING_BYTES, self.left):
            return None
        with voice.open() as file:
            data = file.read()
        self.left -= len(data)
        return _data_url(voice.media_type, data)


def _player(testimony, language, budget):
    """The <audio>/<video> of a testimony anyone may hear: its file and tracks at the
    archive's addresses, or inlined offline (budget). None: no player."""
    voice = testimony.voice
    if voice is None:
        return None
    if budget is None:
        source = voice.url + (f"#t={testimony.start}" if testimony.start else "")
    else:
        source = budget.take(voice)
        if source is None:
            return None
    languages = testimony.recorded.languages
    default = language if language in languages else next(iter(languages), "")
    return {
        "src": source,
        "is_video": voice.is_video,
        # A video's poster frame (an audio's waveform is no poster).
        "poster": voice.image_url if voice.is_video and budget is None else "",
        "tracks": [
            {
                "kind": track.kind,
                "language": track.language,
                "label": track.label,
                "default": track.language == default,
                "src": track.url
                if budget is None
                else _data_url("text/vtt", track.text().encode("utf-8")),
            }
            for track in voice.tracks
        ],
    }


def _testimonies(entry, language, budget):
    """The entry's recordings as its card shows them; offline (budget) with their words."""
    shown = []
    for testimony in entry.testimonies:
        if budget is not None:
            with_lines(testimony, language)
        shown.append(
            {
                "testimony": testimony,
                # Unique in the page: two events may carry the same recording.
                "label_id": f"{entry.unique_id}-rec-{testimony.id}",
                "player": _player(testimony, language, budget),
                "start_url": site_url.absolute(testimony.start_url),
                "moments": [
                    {"moment": moment, "url": site_url.absolute(moment.url)}
                    for moment in testimony.moments
                ],
            }
        )
    return shown


def _css_number(value):
    # A string, so templates never localize it: Spanish would write "13,636" and the
    # browser would drop the whole style declaration.
    return f"{value:.3f}"


def _axis_width(entries, bands):
    """The axis in pixels: room for the markers, and for each era's whole label inside its
    band (a label cut to "State of" tells nothing), up to a width still worth scrolling."""
    width = max(len(entries) * 14, MIN_AXIS_WIDTH)
    for band in bands:
        label = LABEL_CHAR_WIDTH * len(band["label"]) + LABEL_PADDING
        width = max(width, label * 100 / float(band["width"]))
    return min(round(width), MAX_AXIS_WIDTH)


def _axis(entries, eras, language):
    """Era bands and event markers as percentages of the period the entries cover."""
    low = min(entry.date.first_year for entry in entries)
    high = max(entry.date.first_year for entry in entries)
    span = high - low + 1

    def position(year, month=None):
        return _css_number(100 * (year - low + ((month or 1) - 1) / 12) / span)

    bands = []
    for era in eras:
        start, end = max(era.start_year, low), min(era.end_year or high, high)
        if start > end:
            continue
        bands.append(
            {
                "label": translated(era, "label", language)[0],
                "years": f"{era.start_year}–{era.end_year or ''}",
                "left": position(start),
                "width": _css_number(100 * (end - start + 1) / span),
            }
        )
    markers = [position(entry.date.year, entry.date.month) for entry in entries]
    years = list(range(low - low % 10 + 10 if low % 10 else low, high + 1, 10))
    ticks = [{"year": year, "left": position(year)} for year in years]
    return bands, markers, ticks


def _other_language_url(request, language):
    return _url_with(request, lang=other(language))


def _url_with(request, **changes):
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return f"{request.path}?{query.urlencode()}"


def _part(request, entries, offline):
    """(first, last) indexes of the entries this response holds."""
    if offline or request.GET.get("all"):
        return 0, len(entries)
    if request.GET.get("part") == "rest":
        return FIRST_VIEW_CARDS, len(entries)
    start = request.GET.get("start")
    if start and start in {entry.unique_id for entry in entries[FIRST_VIEW_CARDS:]}:
        return 0, len(entries)  # the event to open is beyond the first view
    return 0, min(FIRST_VIEW_CARDS, len(entries))


def _render(request, timeline, language, filters, offline=False):
    entries = timeline_entries(timeline, language, **filters)
    first, last = _part(request, entries, offline)
    budget = _Budget() if offline else None
    with translation.override(language):
        cards = [
            {
                "entry": entry,
                "date": entry.date.render(language),
                "image": entry.image and _image(entry.image, language, inline=offline),
                "url": entry.url and site_url.absolute(entry.url),
                "testimonies": _testimonies(entry, language, budget),
            }
            for entry in entries[first:last]
        ]
        bands, markers, ticks = ([], [], [])
        if entries:
            bands, markers, ticks = _axis(entries, timeline.eras.order_by("start_year"), language)
        for card, left in zip(cards, markers[first:last], strict=True):
            card["left"] = left
        if request.GET.get("part") == "rest" and not offline:
            return render_to_string("archive/timeline_embed_rest.html", {"cards": cards})
        title = getattr(timeline, f"title_{language}", None) or timeline.title
        more = last < len(entries)
        # No request in the context: no context processors, so no session, user or CSRF
        # cookie can be touched while rendering.
        return render_to_string(
            "archive/timeline_embed.html",
            {
                "title": title,
                "language": language,
                "cards": cards,
                "total": len(entries),
                "rest_url": more and _url_with(request, part="rest", start=None),
                "all_url": more and _url_with(request, all="1"),
                "bands": bands,
                "ticks": ticks,
                "axis_width": _axis_width(entries, bands),
                # Offline, a relative link to the other language would lead nowhere.
                "other_language_url": None if offline else _other_language_url(request, language),
                "page_url": site_url.absolute(timeline.get_url()),
            },
        )


def bad_parameters_answered(view):
    """A bad lang/theme/from/to gets a plain-text 400 that says what was wrong."""

    @functools.wraps(view)
    def wrapped(request, slug):
        try:
            return view(request, slug)
        except BadParameter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    return wrapped


def _timeline_response(request, slug, offline=False):
    """(response, timeline, language): the rendered timeline with the headers both views
    send. Raises Http404 for an unknown or private timeline, BadParameter for bad input."""
    timeline = public_timeline(slug)
    language, filters = timeline_filters(request)
    response = HttpResponse(_render(request, timeline, language, filters, offline=offline))
    response["Content-Security-Policy"] = CSP
    response["Content-Language"] = language
    return response, timeline, language


# gzip: the embed and its data are public and carry no secret (no CSRF token, no
# cookies), so compressing them cannot leak one (BREACH); a first view is a quarter the size.
@xframe_options_exempt
@gzip_page
@require_GET
@bad_parameters_answered
def embed_timeline(request, slug):
    response, _timeline, _language = _timeline_response(request, slug)
    response["Cache-Control"] = "public, max-age=300"
    return response


@gzip_page
@require_GET
@bad_parameters_answered
def offline_timeline(request, slug):
    """One self-contained HTML file (photos inlined) to download and open without network."""
    response, timeline, language = _timeline_response(request, slug, offline=True)
    name = f"{timeline.slug}-{language}.html"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
