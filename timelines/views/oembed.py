"""/oembed/?url=<timeline page URL>&format=json: a `rich` oEmbed answer whose HTML is the
timeline's embed iframe, so slide tools and class pages that speak oEmbed embed it from
its address alone. Unknown, unpublished or private pages answer 404; bad parameters 400."""

from urllib.parse import urlencode, urlsplit

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from archive import site_url
from archive.languages import split_language_prefix
from archive.params import BadParameter, whole_number
from timelines.models import TimelinePage

DEFAULT_WIDTH, DEFAULT_HEIGHT = 960, 540  # 16:9, the shape of a slide
MIN_SIZE = 200


def _size(request, name, default):
    """maxwidth or maxheight: the embed is at most this big, and never bigger than the
    default (a larger request gets the default)."""
    try:
        size = whole_number(request.GET.get(name), name, minimum=MIN_SIZE)
    except BadParameter:
        raise BadParameter(
            _("%(name)s must be a whole number of pixels, at least %(minimum)d.")
            % {"name": name, "minimum": MIN_SIZE}
        ) from None
    return default if size is None else min(size, default)


def find_timeline(request, url):
    """The public timeline page at `url` (an address on this site), and its language.
    Http404 when there is none; BadParameter when `url` is not an address at all."""
    try:
        parts = urlsplit(url)
    except ValueError:  # such as "http://[": not even a host to compare
        raise BadParameter(_("The url parameter is not an address.")) from None
    # The address handed out (SITE_URL) or the one this request came by.
    if parts.netloc and parts.netloc not in (request.get_host(), urlsplit(site_url.base()).netloc):
        raise Http404
    language, path = split_language_prefix(parts.path or "/")
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    components = [part for part in path.split("/") if part]
    with translation.override(language):
        try:
            page, _args, _kwargs = site.root_page.specific.route(request, components)
        except Http404:
            raise Http404 from None
    timeline = TimelinePage.objects.live().public().filter(pk=page.pk).first()
    if timeline is None:
        raise Http404
    return timeline, language


def embed_url(timeline, language, **options):
    with translation.override(language):
        url = reverse("timeline_embed", args=[timeline.slug])
    query = urlencode({name: value for name, value in options.items() if value})
    return f"{url}?{query}" if query else url


@require_GET
def oembed(request):
    url = request.GET.get("url", "").strip()
    if not url:
        return JsonResponse({"error": _("The url parameter is required.")}, status=400)
    if request.GET.get("format", "json") != "json":
        # The oEmbed specification answers 501 for a format it does not provide.
        return JsonResponse({"error": _("Only format=json is provided.")}, status=501)
    try:
        width = _size(request, "maxwidth", DEFAULT_WIDTH)
        height = _size(request, "maxheight", DEFAULT_HEIGHT)
        timeline, language = find_timeline(request, url)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    with translation.override(language):
        title = timeline.title
    src = site_url.absolute(embed_url(timeline, language, lang=language))
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" style="border:0;max-width:100%" '
        'loading="lazy" allowfullscreen></iframe>',
        src,
        width,
        height,
        title,
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": "Memoria",
            "provider_url": site_url.absolute("/"),
            "html": str(html),
            "width": width,
            "height": height,
            "cache_age": 3600,
        },
        json_dumps_params={"ensure_ascii": False},
    )
