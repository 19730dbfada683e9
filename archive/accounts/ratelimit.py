"""A light per-network brake on sign-ups, failed logins and password-reset e-mails.

A fixed window counted in Django's cache, keyed by a hash of the client address (so no raw IP
address sits in the cache). Committees often share one connection at a meeting, so the limits
are generous and only failures or real sign-ups count, not every page view.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HOUR = 60 * 60
DEFAULT_LIMITS = {
    "login": (10, HOUR),  # failed attempts
    "signup": (10, HOUR),  # sign-ups sent
    "password_reset": (10, HOUR),  # reset e-mails asked for
}
MESSAGE = _(
    "Too many attempts from your connection. Please wait an hour and try again, "
    "or ask your committee's editor for help."
)


def _limit(scope):
    return getattr(settings, "ACCOUNTS_RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def private_key(prefix, value):
    """A cache key that does not reveal `value` (an address, a user id)."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def over_limit(key, limit):
    return cache.get(key, 0) >= limit


def count(key, window):
    """One more in this key's fixed window of `window` seconds."""
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, window)


def _key(request, scope):
    return private_key(f"accounts-rate:{scope}", request.META.get("REMOTE_ADDR", ""))


def exceeded(request, scope):
    limit, _window = _limit(scope)
    return over_limit(_key(request, scope), limit)


def hit(request, scope):
    _limit_count, window = _limit(scope)
    count(_key(request, scope), window)
