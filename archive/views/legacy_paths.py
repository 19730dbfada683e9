"""Spanish addresses with the English path segments they had before they were translated.

/es/themes/water/ was handed out in links, feeds and citations before Spanish paths became
/es/temas/water/; it answers a permanent redirect to the same view's Spanish address, with
its query string, so those links keep working. English addresses are never touched.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from archive.languages import current

# The first segments that had English names under /es/ (memoria/urls.py translates them).
FORMER_SEGMENTS = ("themes", "places", "photos", "search", "submit", "my-stories", "accounts")
PATTERN = rf"^(?P<path>(?:{'|'.join(FORMER_SEGMENTS)}|stories/feed)(?:/.*)?)$"


def to_spanish_path(request, path):
    language = current()
    if language == settings.LANGUAGE_CODE:
        raise Http404
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(f"/{path}")
        if match.url_name in ("legacy_spanish_path", "wagtail_serve"):
            raise Http404
        with translation.override(language):
            target = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch) as error:
        raise Http404 from error
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
