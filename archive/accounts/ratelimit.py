"""A brake on failed logins and page passwords, sign-ups and password-reset e-mails.

A fixed window counted in Django's "default" cache (Redis in production, so every worker
sees the same counts), keyed by a hash of the client address (archive/client_address.py: the
real one behind trusted proxies; no raw address sits in the cache) and, for logins, of the
account too: a password guessed from many addresses is stopped as well. Committees often
share one connection at a meeting, so the limits are generous and only failures or real
sign-ups count, not every page view.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from archive.client_address import client_address

HOUR = 60 * 60
DEFAULT_LIMITS = {
    "login": (10, HOUR),  # failed attempts, per address and per account, on every login form
    "page_password": (10, HOUR),  # wrong passwords for a password-protected page
    "signup": (10, HOUR),  # sign-ups sent
    "password_reset": (10, HOUR),  # reset e-mails asked for
}
MESSAGE = _(
    "Too many attempts from your connection or for this account. Please wait an hour and "
    "try again, or ask your committee's editor for help."
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


def _keys(request, scope, account):
    keys = [private_key(f"accounts-rate:{scope}", client_address(request))]
    if account:
        keys.append(private_key(f"accounts-rate:{scope}:account", account.strip().casefold()))
    return keys


def exceeded(request, scope, account=None):
    """Whether this address, or this account (a username), has used up the scope's limit."""
    limit, _window = _limit(scope)
    return any(over_limit(key, limit) for key in _keys(request, scope, account))


def hit(request, scope, account=None):
    _limit_count, window = _limit(scope)
    for key in _keys(request, scope, account):
        count(key, window)


def retry_after(scope):
    """Seconds to tell a refused visitor to wait (the whole window: fixed windows)."""
    return _limit(scope)[1]
