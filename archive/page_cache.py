"""The anonymous page cache: whole answers kept in the shared cache for visitors who are not
logged in, safe by construction.

- Only GET/HEAD of the expensive public URL families (CACHED_URLS), only from visitors
  who send no cookie but the CSRF and language ones, and only a 200 answer that sets no
  cookie, used no CSRF token, is not marked private/no-store and varies on nothing but
  Cookie, Accept-Language and Accept (all three are in the key, or empty for this visitor).
- Retired by generation: every key holds one token from the shared cache, and ANY database
  write (any model's save or delete, m2m change, publish, unpublish, consent change) replaces
  it at once and again when the transaction commits. A write never waits for an expiry.
- Time-driven changes have no write (an expiry, an embargo ending, a scheduled publication):
  an entry never lives past the next such moment (`next_moment`).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_vary_headers
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from archive.languages import current
from archive.models import Narrator
from archive.signals import consent_recorded, consent_withdrawn, records_changed
from archive.visibility import story_model

GENERATION_KEY = "page-cache:generation"
# URL names whose anonymous answers are costly and the same for every anonymous visitor.
CACHED_URLS = {
    "wagtail_serve",
    "search",
    "search_json",
    "timelinejs",
    "timeline_embed",
    "timeline_offline",
    "timeline_slides",
    "story_feed",
    "theme_list",
    "theme_detail",
    "place_list",
    "place_detail",
    "sitemap",
    "oai",
}
CACHED_NAMESPACES = {"wagtailapi"}
# Cookies that do not change what an anonymous visitor is shown (the language is in the key).
HARMLESS_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
# Cookie: only cookie-less visitors; language and Accept are in the key; Django compresses
# nothing here (nginx does), so Accept-Encoding does not change the stored bytes.
HARMLESS_VARY = {"cookie", "accept-language", "accept", "accept-encoding"}


# --- Generation: the token every key holds --------------------------------------------
def generation():
    """The current token; a missing one (evicted, first start) is replaced by a new random
    one, never by an old value, so entries from before can never come back."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def retire_all():
    """Every cached page becomes unreachable. Errors are not swallowed: a write whose
    retirement failed must not look done."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def _on_write(**kwargs):
    # Now, so a reader between write and commit at worst misses; and on commit, so nothing
    # read before the commit stays cached under the new token.
    retire_all()
    transaction.on_commit(retire_all, robust=True)


def connect():
    for signal in (
        post_save,
        post_delete,
        m2m_changed,
        page_published,
        page_unpublished,
        records_changed,
        consent_withdrawn,
        consent_recorded,
    ):
        signal.connect(_on_write, dispatch_uid=f"memoria-page-cache-{id(signal)}", weak=False)


# --- Time-driven changes --------------------------------------------------------------
def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def next_moment(now=None):
    """The earliest future moment a page may change without a write: a go-live or expiry
    time of any page, the day an embargo (story or narrator) ends, at local midnight. One
    query."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    story_table = story_model()._meta.db_table
    page_table, narrator_table = Page._meta.db_table, Narrator._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT (SELECT MIN(go_live_at) FROM {page_table} WHERE go_live_at > %s),
                       (SELECT MIN(expire_at) FROM {page_table} WHERE expire_at > %s),
                       (SELECT MIN(embargo_until) FROM {story_table} WHERE embargo_until > %s),
                       (SELECT MIN(embargo_until) FROM {narrator_table}
                        WHERE embargo_until > %s)""",
            [now, now, today, today],
        )
        go_live, expire, *embargoes = cursor.fetchone()
    moments = [_aware(value) for value in (go_live, expire) if value]
    moments += [_local_midnight(_day(value)) for value in embargoes if value]
    return min(moments, default=None)


def _aware(value):
    # SQLite hands back text from a raw query; PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def _day(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def entry_timeout(now=None):
    """Seconds an entry may live: PAGE_CACHE_SECONDS, cut at the next time-driven change;
    0 when that change is under a second away."""
    now = now or timezone.now()
    moment = next_moment(now)
    limit = float(settings.PAGE_CACHE_SECONDS)
    if moment is not None:
        limit = min(limit, (moment - now).total_seconds())
    return int(limit) if limit >= 1 else 0


# --- The middleware -------------------------------------------------------------------
def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or set(request.COOKIES) - HARMLESS_COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in CACHED_URLS or bool(set(match.namespaces) & CACHED_NAMESPACES)


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):  # the page holds a token for one visitor
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if _header_words(response, "Cache-Control") & {"private", "no-store", "no-cache"}:
        return False
    return _header_words(response, "Vary") <= HARMLESS_VARY


def _header_words(response, header):
    return {word.strip().lower() for word in cc_delim_re.split(response.get(header, ""))} - {""}


def _key(request, token):
    parts = [
        token,
        request.scheme,
        request.get_host(),
        current(),
        request.META.get("HTTP_ACCEPT", ""),
        request.get_full_path(),
    ]
    return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PageCacheMiddleware:
    """After LocaleMiddleware (the language is known), before everything that looks at who
    the visitor is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        token = generation()  # once: a write during this request retires what it stores
        key = _key(request, token)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            # Meant only for visitors without a session: a shared cache further on must know.
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _cacheable_response(request, response):
            timeout = entry_timeout()
            if timeout:
                cache.set(key, (response.content, dict(response.items())), timeout)
        response["X-Page-Cache"] = "miss"
        return response
