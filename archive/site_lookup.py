"""Which Wagtail Site answers a request, remembered between requests.

Wagtail asks the database on every request (Site.find_for_request: one query before any
page is routed). The answer depends only on the host and port asked for and on the Site
rows, so it is kept in the default cache (Redis in production, shared by every worker) and
forgotten as soon as a Site is saved or deleted, and again when that write commits (a
request that read the old rows meanwhile cannot keep them). Restoring a backup clears every
cache. Only the Site is kept: pages are still read fresh for every request.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

CACHE_KEY = "memoria:site-for-host"
# A bound on anything the invalidation above could miss (a write made without signals).
SECONDS = 60


def install():
    from wagtail.models import Site

    ask_database = Site._find_for_request

    def find_for_request(request):
        host = (split_domain_port(request._get_raw_host())[0], request.get_port())
        known = cache.get(CACHE_KEY) or {}
        if host in known:
            return known[host]
        site = ask_database(request)
        if site is not None:
            cache.set(CACHE_KEY, {**known, host: site}, SECONDS)
        return site

    Site._find_for_request = staticmethod(find_for_request)
    for signal in (post_save, post_delete):
        signal.connect(forget, sender=Site, dispatch_uid=f"memoria-site-lookup-{signal}")


def forget(**kwargs):
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY), robust=True)
