"""Rate limits on the password forms whose views are Wagtail's, not ours: the admin's
/admin/login/, the front-end /_util/login/ and a password-protected page's form.

Our own login, sign-up and reset views count their attempts themselves (views.py); these
count the same way, in the same scopes: a failed admin login and a failed member login add
up for the account. A POST that re-renders the form (200) failed; a redirect succeeded.
"""

from django.shortcuts import render
from django.urls import Resolver404, resolve

from archive.accounts import ratelimit


def _username(request, match):
    return request.POST.get("username")


def _address_only(request, match):
    # A page's password is shared by everyone allowed in: locking it per page would let one
    # stranger shut every reader out, so only the address is limited.
    return None


# Wagtail URL name: (scope, what to limit beside the address)
GUARDED = {
    "wagtailadmin_login": ("login", _username),
    "wagtailcore_login": ("login", _username),
    "wagtailcore_authenticate_with_password": ("page_password", _address_only),
}


class LoginRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        guard = self._guard(request) if request.method == "POST" else None
        if guard is None:
            return self.get_response(request)
        scope, account = guard
        if ratelimit.exceeded(request, scope, account):
            return too_many_attempts(request, scope)
        response = self.get_response(request)
        if response.status_code == 200:
            ratelimit.hit(request, scope, account)
        return response

    @staticmethod
    def _guard(request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.url_name not in GUARDED:
            return None
        scope, account_of = GUARDED[match.url_name]
        return scope, account_of(request, match)


def too_many_attempts(request, scope):
    response = render(
        request,
        "accounts/too_many_attempts.html",
        {"rate_limit_message": ratelimit.MESSAGE},
        status=429,
    )
    response["Retry-After"] = str(ratelimit.retry_after(scope))
    return response
