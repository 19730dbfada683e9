"""Pages closed with Wagtail's Privacy control answer like every other hidden page: 404.

Wagtail sends a visitor who may not open a page restricted to logged-in readers or to
groups to a login page (302), which confirms that something sits at that address, and a
slug may carry the title. Here they get the same 404 as a members-only story or an address
where nothing is; that 404 page offers a log-in link back to the address asked for, so a
member who followed a link while logged out still gets there. A password restriction keeps
Wagtail's password form: it is meant for whoever holds the link.
"""

from django.http import Http404
from wagtail.models import PageViewRestriction

CLOSED_TO_READERS = {PageViewRestriction.LOGIN, PageViewRestriction.GROUPS}


def hide_closed_page(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: runs before Wagtail's own check, which would redirect."""
    restrictions = page.get_view_restrictions()
    # Read once per request: Wagtail's check, which runs next on this same page object,
    # gets these rows (the evaluated queryset) through ViewRestrictionsAskedOnce.
    page.view_restrictions_this_request = restrictions
    for restriction in restrictions:
        if restriction.restriction_type in CLOSED_TO_READERS and not restriction.accept_request(
            request
        ):
            raise Http404


class ViewRestrictionsAskedOnce:
    """Page mixin: serving the page reads its view restrictions (on it and its ancestors,
    two queries) once, not once in hide_closed_page and again in Wagtail's own check.

    Only the page object routed for this request carries them, so nothing outlives it."""

    def get_view_restrictions(self):
        read = getattr(self, "view_restrictions_this_request", None)
        return read if read is not None else super().get_view_restrictions()
