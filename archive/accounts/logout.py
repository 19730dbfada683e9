"""Logging out also empties what this site keeps in the browser.

Whatever the way out (the site's "Log out", the admin's), Django sends `user_logged_out`;
the answer to that request then carries `Clear-Site-Data: "storage"`, which tells the
browser to delete this site's local storage. A member's story draft lives there
(stories/static/stories/submit.js) with the narrator's real name, and must not stay on a
shared phone. stories/static/stories/drafts.js covers browsers that ignore the header.
"""

from django.contrib.auth.signals import user_logged_out

_LOGGED_OUT = "_memoria_logged_out"


def _mark_logged_out(sender, request=None, **kwargs):
    if request is not None:
        setattr(request, _LOGGED_OUT, True)


def connect_signals():
    user_logged_out.connect(_mark_logged_out, dispatch_uid="memoria-clear-site-storage")


class ClearSiteStorageOnLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _LOGGED_OUT, False):
            response["Clear-Site-Data"] = '"storage"'
        return response
