"""Requests whose address holds a NUL character get a 400 before any view sees them.

No address or parameter of the archive can hold a NUL, and PostgreSQL refuses one in any
text it compares (DataError), so a %00 typed into a slug, a token, a theme or a Wagtail
API filter was a server error wherever the value reached the database. Refusing it here
covers every view, Wagtail's included. A view that answers such requests in its own
format says so with @answers_nul_itself (or a class attribute of that name): OAI-PMH
(badArgument, in XML) and the API (a JSON message).
"""

from django.http import HttpResponseBadRequest
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
NUL_REFUSED = _("This address contains a NUL character, which no address here can contain.")


def answers_nul_itself(view):
    view.answers_nul_itself = True
    return view


def holds_nul(request):
    """Whether the path or any query parameter (name or value) holds a NUL."""
    if NUL in request.path_info:
        return True
    return any(NUL in name or NUL in "".join(values) for name, values in request.GET.lists())


def _view_answers_itself(request):
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    # Class-based views: Django's as_view() keeps the class as view_class, DRF's as cls.
    owner = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return getattr(view, "answers_nul_itself", False) or getattr(owner, "answers_nul_itself", False)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request) and not _view_answers_itself(request):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
