"""/favicon.ico, which browsers ask for on every site whatever the page says."""

from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=86400)
def favicon(request):
    # A redirect to the static icon, answered without the database: otherwise the
    # request falls through to page routing, and a browser's late favicon request could
    # meet a database being reset (the browser tests' live server).
    return HttpResponsePermanentRedirect(static("archive/favicon.svg"))
