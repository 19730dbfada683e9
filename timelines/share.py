"""The "Embed this timeline" box on a timeline page: the iframe code for the options the
educator picked (language, theme, period, height), its preview, the oEmbed link, and the
same choice as slides to download (a .pptx, for tools that cannot show an iframe)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from archive import site_url
from archive.languages import CODES
from archive.params import BadParameter, period, whole_number
from timelines.views.oembed import embed_url

HEIGHTS = (400, 540, 720)
DEFAULT_HEIGHT = 540


def _chosen(read, raw, name, default=None):
    """What the educator chose, or `default` for a value the box cannot offer (it is a
    form to fill, not an answer to refuse)."""
    try:
        return read(raw, name)
    except BadParameter:
        return default


def share_context(timeline, request, language):
    themes = list(timeline.themes.all())
    chosen_theme = request.GET.get("theme", "")
    if chosen_theme not in {theme.slug for theme in themes}:
        chosen_theme = ""
    # A year the box cannot offer leaves its field empty (a form to fill, not an answer).
    years = period(request.GET)
    options = {
        "lang": request.GET.get("embed_lang")
        if request.GET.get("embed_lang") in CODES
        else language,
        "theme": chosen_theme,
        "from": years.year_from,
        "to": years.year_to,
    }
    height = _chosen(whole_number, request.GET.get("height"), "height", DEFAULT_HEIGHT)
    height = height if height in HEIGHTS else DEFAULT_HEIGHT
    src = site_url.absolute(embed_url(timeline, language, **options))
    # The frame is announced by its title: in the language of the embed, not of this page.
    title = getattr(timeline, f"title_{options['lang']}", None) or timeline.title
    iframe = format_html(
        '<iframe src="{}" width="100%" height="{}" title="{}" style="border:0" loading="lazy" '
        "allowfullscreen></iframe>",
        src,
        height,
        title,
    )
    page_url = site_url.absolute(timeline.get_url(request))
    oembed = reverse("oembed") + "?" + urlencode({"url": page_url, "format": "json"})
    return {
        "options": options,
        "slides_url": slides_url(timeline, **options),
        "height": height,
        "heights": HEIGHTS,
        "themes": themes,
        "src": src,
        "title": title,
        "iframe": str(iframe),
        "oembed_url": site_url.absolute(oembed),
    }


def slides_url(timeline, lang, **options):
    """The address of the timeline as a .pptx deck (timelines/views/slides.py), in `lang`,
    narrowed by the other options (theme, from, to) that have a value."""
    with translation.override(lang):
        url = reverse("timeline_slides", args=[timeline.slug])
    query = urlencode({"lang": lang, **{name: value for name, value in options.items() if value}})
    return f"{url}?{query}"
