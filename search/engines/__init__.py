"""Which research-search engine answers: the database's own (SQLite FTS5 or PostgreSQL
full text), or Elasticsearch when ELASTICSEARCH_URL is set, falling back to the database
when the cluster does not answer. Writes go to both (search.indexing); a write the cluster
missed is remembered here until the cluster is found in step again."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# When Elasticsearch last failed (monotonic seconds) and why; /healthz reports it.
fallback_state = {"since": None, "error": ""}
RETRY_AFTER_SECONDS = 30

# Elasticsearch writes that failed, kept in the default cache (Redis in production), which
# every web worker and the task worker share: /healthz shows them until
# check_research_index (or a rebuild) finds the cluster in step again.
WRITE_FAILURES = "research-search:elasticsearch-write-failures"
FIRST_WRITE_FAILURE = "research-search:elasticsearch-first-write-failure"
LAST_WRITE_FAILURE = "research-search:elasticsearch-last-write-failure"


def database_engine():
    if connection.vendor == "postgresql":
        from search.engines.postgres import PostgresEngine

        return PostgresEngine()
    from search.engines.sqlite import SqliteEngine

    return SqliteEngine()


def configured_elasticsearch():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    from search.engines.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(url, index_name=settings.ELASTICSEARCH_INDEX)


def write_to_elasticsearch(kind, record_ids, documents):
    """Replace these records' documents in Elasticsearch, when it is configured. A failure
    is logged and recorded, not raised: publishing must not fail because the cluster is
    down, the database index is already right, and check_research_index --fix (run by
    scheduled_jobs) brings the cluster back in step."""
    elasticsearch = configured_elasticsearch()
    if elasticsearch is None:
        return
    try:
        elasticsearch.replace_records(kind, record_ids, documents)
    except Exception as error:  # noqa: BLE001 - any failure leaves the cluster behind
        logger.warning("Elasticsearch index not updated for %s %s: %s", kind, record_ids, error)
        record_write_failure(error)


def record_write_failure(error):
    # Only the error's class: /healthz is public, and which records were being written
    # (a members-only story, say) is for the log alone.
    now = timezone.now().isoformat()
    # add + incr: atomic on Redis, so failures in two workers at once are both counted.
    cache.add(WRITE_FAILURES, 0, timeout=None)
    try:
        cache.incr(WRITE_FAILURES)
    except ValueError:  # forgotten between the two calls
        cache.set(WRITE_FAILURES, 1, timeout=None)
    cache.add(FIRST_WRITE_FAILURE, now, timeout=None)
    cache.set(LAST_WRITE_FAILURE, {"at": now, "error": error.__class__.__name__}, timeout=None)


def write_failures():
    """{count, since, last_at, last_error} of the Elasticsearch writes that failed since
    the cluster was last found in step, or None."""
    count = cache.get(WRITE_FAILURES)
    if not count:
        return None
    last = cache.get(LAST_WRITE_FAILURE) or {}
    return {
        "count": count,
        "since": cache.get(FIRST_WRITE_FAILURE),
        "last_at": last.get("at"),
        "last_error": last.get("error", ""),
    }


def forget_write_failures():
    """The cluster was found in step (or rewritten whole): earlier failures are mended."""
    cache.delete_many([WRITE_FAILURES, FIRST_WRITE_FAILURE, LAST_WRITE_FAILURE])


def search(query):
    """SearchResults from the configured engine, or from the database when it fails."""
    elasticsearch = configured_elasticsearch()
    recently_failed = (
        fallback_state["since"] is not None
        and time.monotonic() - fallback_state["since"] < RETRY_AFTER_SECONDS
    )
    if elasticsearch is not None and not recently_failed:
        from elasticsearch import ApiError, TransportError

        try:
            results = elasticsearch.search(query)
        except (ApiError, TransportError) as error:
            fallback_state.update(since=time.monotonic(), error=error.__class__.__name__)
            logger.warning("Elasticsearch unavailable (%s); searching the database instead.", error)
        else:
            fallback_state.update(since=None, error="")
            return results
    results = database_engine().search(query)
    results.fallback = elasticsearch is not None
    return results


def status():
    """For /healthz: which engine is configured and whether searches are falling back."""
    elasticsearch = configured_elasticsearch()
    database = database_engine().name
    if elasticsearch is None:
        return {"engine": database, "configured": database, "fallback": False}
    reachable = elasticsearch.ping()
    if reachable:
        fallback_state.update(since=None, error="")
    else:
        fallback_state.update(since=time.monotonic(), error="unreachable")
    found = {
        "engine": elasticsearch.name if reachable else database,
        "configured": elasticsearch.name,
        "fallback": not reachable,
        "error": fallback_state["error"],
    }
    failures = write_failures()
    if failures:
        found["write_failures"] = failures
    return found
