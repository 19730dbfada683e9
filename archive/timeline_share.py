"""The "Embed this timeline" box on a timeline page: the iframe code for the options the
educator picked (language, theme, period, height), its preview, and the oEmbed link."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html

from archive.views.oembed import embed_url

HEIGHTS = (400, 540, 720)


def _year(raw):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and 1500 <= int(raw) <= 2100 else None


def share_context(timeline, request, language):
    themes = list(timeline.themes.all())
    chosen_theme = request.GET.get("theme", "")
    if chosen_theme not in {theme.slug for theme in themes}:
        chosen_theme = ""
    options = {
        "lang": request.GET.get("embed_lang")
        if request.GET.get("embed_lang") in ("en", "es")
        else language,
        "theme": chosen_theme,
        "from": _year(request.GET.get("from")),
        "to": _year(request.GET.get("to")),
    }
    height = int(request.GET.get("height")) if request.GET.get("height", "").isdigit() else 540
    height = height if height in HEIGHTS else 540
    src = request.build_absolute_uri(embed_url(timeline, language, **options))
    iframe = format_html(
        '<iframe src="{}" width="100%" height="{}" title="{}" style="border:0" loading="lazy" '
        "allowfullscreen></iframe>",
        src,
        height,
        timeline.title,
    )
    page_url = request.build_absolute_uri(timeline.get_url(request))
    oembed = reverse("oembed") + "?" + urlencode({"url": page_url, "format": "json"})
    return {
        "options": options,
        "height": height,
        "heights": HEIGHTS,
        "themes": themes,
        "src": src,
        "iframe": str(iframe),
        "oembed_url": request.build_absolute_uri(oembed),
    }
