"""/timelines/<slug>/timelinejs.json: a timeline as TimelineJS 3 data, for embedding."""

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from archive.languages import CODES, current
from archive.params import BadParameter, period
from timelines.building import theme_from_slug, timelinejs_json
from timelines.models import TimelinePage


def timeline_filters(request):
    language = request.GET.get("lang") or current()
    if language not in CODES:
        raise BadParameter(_("“lang” must be “en” or “es”."))
    year_from, year_to = period(request.GET).checked()
    filters = {"year_from": year_from, "year_to": year_to}
    slug = request.GET.get("theme", "").strip()
    if slug:
        filters["theme"] = theme_from_slug(slug)
        if filters["theme"] is None:
            raise BadParameter(_("Unknown theme “%(slug)s”.") % {"slug": slug})
    return language, filters


def public_timeline(slug):
    """The live, unrestricted timeline with this English or Spanish slug, else 404 (a draft
    or a timeline behind a view restriction is "not found")."""
    timeline = (
        TimelinePage.objects.live().public().filter(Q(slug_en=slug) | Q(slug_es=slug)).first()
    )
    if timeline is None:
        raise Http404
    return timeline


@gzip_page  # public data, no secret to leak through compression (see timeline_embed)
@require_GET
def timelinejs(request, slug):
    timeline = public_timeline(slug)
    try:
        language, filters = timeline_filters(request)
    except BadParameter as error:
        return JsonResponse({"error": str(error)}, status=400)
    data = timelinejs_json(timeline, language, request, **filters)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Embedded TimelineJS (served from another site) fetches this; the data is public.
    response["Access-Control-Allow-Origin"] = "*"
    return response
