"""Elasticsearch kept in step with the archive, against the wire-format stub
(test_elasticsearch_wire.py): one client per process, missed writes shown in /healthz and
by check_research_index, and a cluster that drifted found and mended by --fix."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from search import engines, indexing
from tests.search.test_elasticsearch_wire import INDEX, StubElasticsearch, served

from .conftest import find

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(archive, settings):
    """The archive's search on the stub cluster, configured after the archive was built
    (so the stub holds nothing of it yet)."""
    with served(StubElasticsearch()) as stub:
        settings.ELASTICSEARCH_URL = stub.url
        settings.ELASTICSEARCH_INDEX = INDEX
        engines.fallback_state.update(since=None, error="")
        yield stub
    engines.fallback_state.update(since=None, error="")


def _check(*options):
    out = io.StringIO()
    try:
        call_command("check_research_index", *options, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_searches_and_writes_share_one_connection(archive, cluster):
    story = archive["stories"]["migration"]
    find("q=river")
    indexing.reindex("story", [story.pk])
    find("q=river")
    assert cluster.requests_to("/_search") and cluster.requests_to("/_bulk")
    # One client, kept open: every request came on the same connection.
    assert len({request["client"] for request in cluster.requests}) == 1


def test_a_missed_write_shows_in_healthz_and_in_the_check_until_fixed(archive, cluster, client):
    story = archive["stories"]["migration"]
    cluster.refuse_writes = True
    # Publishing goes on: the database index is written, the cluster's failure recorded.
    indexing.reindex("story", [story.pk])
    health = client.get("/healthz").json()
    assert health["status"] == "degraded"
    assert health["search"]["fallback"] is False
    assert health["search"]["write_failures"]["count"] == 1
    assert health["search"]["write_failures"]["last_error"] == "ApiError"
    (reason,) = health["reasons"]
    assert "Elasticsearch missed 1 index writes" in reason and "check_research_index" in reason

    out, error = _check()
    assert "Elasticsearch missed 1 writes" in out
    assert f"missing  story:{story.pk}:en in Elasticsearch" in out
    assert "out of step; run with --fix" in error

    cluster.refuse_writes = False
    out, error = _check("--fix")
    assert error is None and "Re-indexed" in out
    assert f"story:{story.pk}:en" in cluster.documents
    assert client.get("/healthz").json()["status"] == "ok"
    assert _check() == ("The research index is in step with the archive.\n", None)


def test_a_fix_that_cannot_write_says_so(archive, cluster):
    cluster.refuse_writes = True
    out, error = _check("--fix")
    assert "still out of step after --fix" in error


def test_a_drifted_cluster_is_found_and_mended(archive, cluster):
    call_command("rebuild_research_index", verbosity=0, stdout=io.StringIO())
    assert _check() == ("The research index is in step with the archive.\n", None)
    mine, river = archive["stories"]["mine_en"], archive["stories"]["river_es"]
    expected = copy.deepcopy(cluster.documents)
    cluster.documents[f"story:{mine.pk}:en"]["title"] = "Old title"
    del cluster.documents[f"story:{river.pk}:es"]
    cluster.documents["story:999999:en"] = {
        **expected[f"story:{mine.pk}:en"],
        "key": "story:999999:en",
        "record_id": 999999,
    }

    out, error = _check()
    assert f"stale    story:{mine.pk}:en in Elasticsearch" in out
    assert f"missing  story:{river.pk}:es in Elasticsearch" in out
    assert "extra    story:999999:en in Elasticsearch" in out
    assert error == "3 index entries out of step; run with --fix."

    out, error = _check("--fix")
    assert error is None
    assert cluster.documents == expected
