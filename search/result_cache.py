"""Search results remembered per version of the research index.

A broad search at 100,000 stories ranks and counts tens of thousands of matches
(bench_search: 40,000-70,000 matches take 120-250 ms, of which reading the matches alone
takes 70-100 ms). Researchers ask the same thing again, when they come back to a result list
or when a class searches the same word; until the index changes, the answer is the same.

Entries are keyed by the index's version token (search.models.IndexVersion, changed by
triggers in the same transaction as any write to the document table) and by the exact
statement and parameters, which hold who may see what (public or members) and today's
date (embargoes). So a cached answer is only ever the answer the database would give: a
story made members-only, withdrawn or re-embargoed changes the token, and its old
results are not used again.

Order matters: the token is read before the search runs, so what is stored under a token
was computed from that version of the index or a newer one, never an older one.
"""

import hashlib

from django.core.cache import caches
from django.db import connection

from search.models import IndexVersion

# settings.CACHES["research-search"]: how many entries and for how long (a bound on memory).
CACHE = "research-search"


def index_version():
    """The index's current token, or None when there is none (then nothing is cached)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {IndexVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def rows(sql, params, run):
    """run(sql, params)'s rows, from the cache when this index version already answered
    the same statement."""
    version = index_version()
    if version is None:
        return run(sql, params)
    digest = hashlib.sha256(repr((connection.vendor, sql, params)).encode()).hexdigest()
    key = f"research-search:{version}:{digest}"
    cache = caches[CACHE]
    found = cache.get(key)
    if found is None:
        found = run(sql, params)
        cache.set(key, found)
    return found
