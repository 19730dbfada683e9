"""Which research-search engine answers: the database's own (SQLite FTS5 or PostgreSQL
full text), or Elasticsearch when ELASTICSEARCH_URL is set, falling back to the database
when the cluster does not answer."""

import logging
import time

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# When Elasticsearch last failed (monotonic seconds) and why; /healthz reports it.
fallback_state = {"since": None, "error": ""}
RETRY_AFTER_SECONDS = 30


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
    return {
        "engine": elasticsearch.name if reachable else database,
        "configured": elasticsearch.name,
        "fallback": not reachable,
        "error": fallback_state["error"],
    }
