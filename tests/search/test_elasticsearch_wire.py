"""The Elasticsearch engine against an in-process stub that speaks the ES 8 wire format.

No cluster runs here, so these tests check the requests the engine sends and how it reads
real-shaped answers. test_elasticsearch_live.py runs the same ideas against a real cluster.
"""

import contextlib
import json
import threading
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from elasticsearch.exceptions import ConnectionError as ESConnectionError

from archive.models.dates import HistoricalDate
from search.documents import DocumentData
from search.engines.base import MARK_END, MARK_START
from search.engines.elasticsearch import ElasticsearchEngine, build_search, research_index
from search.query import SearchQuery, parse_terms

INDEX = "memoria-test"
TODAY = date(2024, 5, 1)
NOW = datetime(2024, 5, 1, 10, 31, tzinfo=UTC)
MAPPED_FIELDS = set(research_index(INDEX).to_dict()["mappings"]["properties"])

EMPTY_SEARCH = {
    "took": 1,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
}


class StubElasticsearch:
    """Answers the few endpoints the engine uses; records every request."""

    def __init__(self):
        self.requests = []
        self.indices = set()
        self.search_response = EMPTY_SEARCH
        self.next_search_responses = []  # answered first, one per search, in order
        self.missing_ids = set()  # bulk deletes of these answer 404
        self.created_elsewhere = False  # another process creates the index first
        self.documents = {}  # what the bulk writes left, by id: scans read it back
        self.refuse_writes = False  # writes answer 500, as from a failing cluster

    def answer(self, method, path, body, params=None):
        parts = [part for part in path.split("/") if part]
        if self.refuse_writes and parts and parts[-1] in ("_bulk", "_delete_by_query"):
            error = {"type": "stub_failure", "reason": "the stub refuses writes"}
            return 500, {"error": {**error, "root_cause": [error]}, "status": 500}
        if parts == ["_search", "scroll"]:
            if method == "DELETE":
                return 200, {"succeeded": True, "num_freed": 1}
            return 200, {**EMPTY_SEARCH, "_scroll_id": "stub-scroll"}
        if parts and parts[-1] == "_search" and "scroll" in (params or {}):
            return 200, self._scan(body or {})
        if method == "HEAD" and not parts:
            return 200, None
        if method == "GET" and not parts:
            return 200, {
                "name": "stub",
                "cluster_name": "stub",
                "version": {"number": "8.19.0", "build_flavor": "default"},
                "tagline": "You Know, for Search",
            }
        if parts == ["_bulk"]:
            return 200, self._bulk(body)
        if parts[-1] == "_search":
            if self.next_search_responses:
                return 200, self.next_search_responses.pop(0)
            return 200, self.search_response
        if parts[-1] == "_mapping":
            return 200, {"acknowledged": True}
        if parts[-1] == "_delete_by_query":
            for key in self._matching(body["query"]):
                del self.documents[key]
            return 200, {"took": 2, "timed_out": False, "total": 1, "deleted": 1, "failures": []}
        if parts[-1] == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if len(parts) == 1 and method == "HEAD":
            return (200 if parts[0] in self.indices else 404), None
        if len(parts) == 1 and method == "PUT" and self.created_elsewhere:
            reason = f"index [{parts[0]}/abc] already exists"
            error = {"type": "resource_already_exists_exception", "reason": reason}
            return 400, {"error": {**error, "root_cause": [error]}, "status": 400}
        if len(parts) == 1 and method == "PUT":
            self.indices.add(parts[0])
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": parts[0]}
        if len(parts) == 1 and method == "DELETE":
            self.indices.discard(parts[0])
            return 200, {"acknowledged": True}
        return 404, {"error": {"type": "stub_unknown_endpoint", "reason": path}, "status": 404}

    def _matching(self, query):
        """Ids of the stored documents the engine's own filters (term kind, terms
        record_id) select."""
        found = []
        for key, source in self.documents.items():
            for clause in query["bool"]["filter"]:
                ((operator, condition),) = clause.items()
                ((field, wanted),) = condition.items()
                wanted = wanted if operator == "terms" else [wanted]
                if source.get(field) not in wanted:
                    break
            else:
                found.append(key)
        return found

    def _scan(self, body):
        """The first page of a scroll (helpers.scan): every matching stored document."""
        fields = body.get("_source")
        hits = [
            {
                "_index": "stub",
                "_id": key,
                "_score": None,
                "_source": {
                    name: value
                    for name, value in self.documents[key].items()
                    if fields is None or name in fields
                },
            }
            for key in self._matching(body["query"])
        ]
        total = {"value": len(hits), "relation": "eq"}
        return {**EMPTY_SEARCH, "_scroll_id": "stub-scroll", "hits": {"total": total, "hits": hits}}

    def _bulk(self, lines):
        items = []
        for number, line in enumerate(lines):
            if len(line) != 1 or next(iter(line)) not in ("index", "delete"):
                continue  # a document source
            ((action, meta),) = line.items()
            if action == "index":
                self.documents[meta["_id"]] = lines[number + 1]
            else:
                self.documents.pop(meta["_id"], None)
            status = 404 if action == "delete" and meta["_id"] in self.missing_ids else 200
            result = {200: "deleted" if action == "delete" else "updated", 404: "not_found"}
            items.append(
                {
                    action: {
                        "_index": meta["_index"],
                        "_id": meta["_id"],
                        "_version": 1,
                        "result": result[status],
                        "_shards": {"total": 1, "successful": 1, "failed": 0},
                        "_seq_no": 0,
                        "_primary_term": 1,
                        "status": status,
                    }
                }
            )
        return {"took": 3, "errors": False, "items": items}

    def requests_to(self, suffix, method=None):
        return [
            r
            for r in self.requests
            if r["path"].endswith(suffix) and (method is None or r["method"] == method)
        ]


def _handler(stub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self):
            url = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            if "ndjson" in (self.headers.get("content-type") or ""):
                body = [json.loads(line) for line in raw.splitlines() if line.strip()]
            else:
                body = json.loads(raw) if raw else None
            stub.requests.append(
                {
                    "method": self.command,
                    "path": url.path,
                    "params": parse_qs(url.query),
                    "content_type": self.headers.get("content-type"),
                    "body": body,
                    # Which connection it came on (host, port).
                    "client": self.client_address,
                }
            )
            status, answer = stub.answer(self.command, url.path, body, parse_qs(url.query))
            payload = json.dumps(answer).encode() if answer is not None else b""
            self.send_response(status)
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        def log_message(self, *args):
            pass

    return Handler


@contextlib.contextmanager
def served(stub):
    """The stub answering on a port of its own (its address in stub.url)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def stub():
    with served(StubElasticsearch()) as stub:
        yield stub


@pytest.fixture
def engine(stub):
    return ElasticsearchEngine(stub.url, index_name=INDEX, timeout=2)


def _query(text="", **options):
    options.setdefault("today", TODAY)
    options.setdefault("now", NOW)
    return SearchQuery(text=text, terms=parse_terms(text), **options)


def _sent_search(stub, engine, query):
    engine.search(query)
    (request,) = stub.requests_to("/_search")
    assert request["method"] == "POST"
    assert request["path"] == f"/{INDEX}/_search"
    return request["body"]


def _language_clause(language, text, phrase=False):
    match = {
        "query": text,
        "fields": [
            f"title.{language}^3",
            f"vocabulary.{language}^2",
            "narrator",
            f"text.{language}",
        ],
        "zero_terms_query": "all",
    }
    if phrase:
        match["type"] = "phrase"
    return {
        "bool": {"filter": [{"term": {"language": language}}], "must": [{"multi_match": match}]}
    }


def _folded_clause(text, phrase=False):
    match = {
        "query": text,
        "fields": ["title^3", "vocabulary^2", "narrator", "text"],
        "zero_terms_query": "all",
    }
    if phrase:
        match["type"] = "phrase"
    return {"multi_match": match}


def _term_clause(text, phrase=False):
    return {
        "bool": {
            "minimum_should_match": 1,
            "should": [
                _language_clause("en", text, phrase),
                _language_clause("es", text, phrase),
                _folded_clause(text, phrase),
            ],
        }
    }


THEME_FILTER = {"terms": {"theme_slugs": ["mining", "mining-strikes"]}}
RECORDS = {"cardinality": {"field": "record", "precision_threshold": 40000}}
YEAR_FILTERS = [{"range": {"year_from": {"lte": 1992}}}, {"range": {"year_to": {"gte": 1980}}}]


def test_search_body_for_words_a_phrase_a_theme_and_a_period(stub, engine):
    query = _query(
        'Migración "sister city"',
        themes=["mining", "mining-strikes"],
        year_from=1980,
        year_to=1992,
        page=3,
        per_page=10,
    )
    body = _sent_search(stub, engine, query)

    # Every term must match (AND), each in the document's own language or folded.
    assert body["query"]["bool"]["must"] == [
        _term_clause("migracion"),
        _term_clause("sister city", phrase=True),
    ]
    # Filters the facets may ignore go after the query, not into it.
    assert body["post_filter"] == {"bool": {"filter": [THEME_FILTER, *YEAR_FILTERS]}}
    assert THEME_FILTER not in body["query"]["bool"]["filter"]

    aggs = body["aggs"]
    assert set(aggs) == {"matched", "theme", "place", "decade", "language", "kind"}
    # Records are counted, not documents: a record written in two languages counts once.
    assert aggs["matched"] == {
        "filter": {"bool": {"filter": [THEME_FILTER, *YEAR_FILTERS]}},
        "aggs": {"records": RECORDS},
    }
    assert aggs["theme"] == {
        "filter": {"bool": {"filter": YEAR_FILTERS}},
        "aggs": {
            "values": {
                "terms": {"field": "theme_slugs", "size": 200},
                "aggs": {"records": RECORDS},
            }
        },
    }
    assert aggs["decade"] == {
        "filter": {"bool": {"filter": [THEME_FILTER]}},
        "aggs": {
            "values": {"terms": {"field": "decade", "size": 200}, "aggs": {"records": RECORDS}}
        },
    }
    assert aggs["language"]["aggs"]["values"]["terms"]["field"] == "languages"
    for facet in ("place", "language", "kind"):
        assert aggs[facet]["filter"] == {"bool": {"filter": [THEME_FILTER, *YEAR_FILTERS]}}

    highlight = body["highlight"]
    assert highlight["pre_tags"] == [MARK_START]
    assert highlight["post_tags"] == [MARK_END]
    assert set(highlight["fields"]) == {"text.en", "text.es", "text"}
    for options in highlight["fields"].values():
        assert options == {"fragment_size": 200, "number_of_fragments": 1, "no_match_size": 200}

    assert body["from"] == 20
    assert body["size"] == 10
    # One hit per record on the page.
    assert body["collapse"] == {"field": "record"}
    assert body["sort"][0] == "_score"


def test_only_one_year_bound_filters_only_that_side(stub, engine):
    body = _sent_search(stub, engine, _query("mina", year_from=1985))
    assert body["post_filter"] == {"bool": {"filter": [{"range": {"year_to": {"gte": 1985}}}]}}


def test_language_and_kind_facets_ignore_only_their_own_filter(stub, engine):
    body = _sent_search(stub, engine, _query("mina", language="es", kind="photo"))
    # The language filter keeps the records written in it.
    language, kind = {"term": {"languages": "es"}}, {"term": {"kind": "photo"}}
    assert body["post_filter"] == {"bool": {"filter": [language, kind]}}
    assert body["aggs"]["language"]["filter"] == {"bool": {"filter": [kind]}}
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [language]}}
    assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [language, kind]}}


def test_no_filters_means_no_post_filter_and_unfiltered_facets(stub, engine):
    body = _sent_search(stub, engine, _query("mina"))
    assert "post_filter" not in body
    for aggregation in body["aggs"].values():
        assert aggregation["filter"] == {"match_all": {}}


DATE_ASC = [{"sort_key": {"order": "asc", "missing": "_last"}}, {"key": "asc"}]
DATE_DESC = [{"sort_key": {"order": "desc", "missing": "_last"}}, {"key": "asc"}]


@pytest.mark.parametrize(
    ("text", "sort", "expected"),
    [
        ("mina", "relevance", ["_score", *DATE_ASC]),
        ("mina", "newest", DATE_DESC),
        ("mina", "oldest", DATE_ASC),
        # Nothing to rank by when browsing: by date, undated records last.
        ("", "relevance", DATE_ASC),
        ("", "newest", DATE_DESC),
    ],
)
def test_sort_orders(stub, engine, text, sort, expected):
    assert _sent_search(stub, engine, _query(text, sort=sort))["sort"] == expected


def test_a_word_is_sent_whole_never_as_a_prefix(stub, engine):
    # "primo" must not reach "primera": the cluster compares whole analysed words (its
    # light_spanish stemmer keeps "primo" and "primer" apart), with no prefix, wildcard or
    # fuzzy query, as the database engines compare whole stems.
    body = _sent_search(stub, engine, _query("Primo"))
    assert body["query"]["bool"]["must"] == [_term_clause("primo")]
    for kind in ("prefix", "wildcard", "fuzziness", "phrase_prefix", "bool_prefix"):
        assert kind not in json.dumps(body["query"]), kind


def test_browsing_matches_everything_visible(stub, engine):
    body = _sent_search(stub, engine, _query(""))
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]


def _visibility_filters(visibilities):
    return [
        {"terms": {"visibility": visibilities}},
        {
            "bool": {
                "minimum_should_match": 1,
                "should": [
                    {"bool": {"must_not": [{"exists": {"field": "not_before"}}]}},
                    {"range": {"not_before": {"lte": "2024-05-01"}}},
                ],
            }
        },
        {
            "bool": {
                "minimum_should_match": 1,
                "should": [
                    {"bool": {"must_not": [{"exists": {"field": "not_after"}}]}},
                    {"range": {"not_after": {"gt": "2024-05-01T10:31:00+00:00"}}},
                ],
            }
        },
    ]


def test_the_public_sees_only_public_records_past_their_embargo(stub, engine):
    body = _sent_search(stub, engine, _query("mina"))
    assert body["query"]["bool"]["filter"] == _visibility_filters(["public"])


def test_members_also_see_members_records(stub, engine):
    body = _sent_search(stub, engine, _query("mina", include_members=True))
    assert body["query"]["bool"]["filter"] == _visibility_filters(["public", "members"])


def test_build_search_is_the_body_sent(stub, engine):
    query = _query('"la mina" huelga', places=["chalatenango"], sort="newest")
    assert _sent_search(stub, engine, query) == json.loads(
        json.dumps(build_search(query).to_dict())
    )


SPANISH_SOURCE = {
    "key": "story:12:es",
    "kind": "story",
    "language": "es",
    "visibility": "public",
    "record_id": 12,
    "record": "story:12",
    "languages": ["es"],
    "title": "La caravana de 1989",
    "text": "Cuando la migración forzada vació el cantón, las hermanas organizaron la vuelta.",
    "vocabulary": "Migration Migración Chalatenango",
    "narrator": "María L.",
    "theme_slugs": ["migration"],
    "place_slugs": ["chalatenango"],
    "year_from": 1989,
    "year_to": 1989,
    "decade": 1980,
    "sort_key": 19890000,
    "not_before": None,
    "not_after": None,
    "url": "/es/historias/la-caravana/",
    "is_sample": False,
}
PHOTO_SOURCE = {
    **SPANISH_SOURCE,
    "key": "photo:7:en",
    "kind": "photo",
    "language": "en",
    "record_id": 7,
    "record": "photo:7",
    "languages": ["en"],
    "title": "Return to the village",
    "text": "A" * 300,
    "narrator": "",
    "theme_slugs": ["migration", "repopulation"],
    "place_slugs": [],
    "year_from": 1987,
    "year_to": 1992,
    "url": "/en/photos/7/",
}
SEARCH_RESPONSE = {
    "took": 7,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        # Documents: a record in two languages is two of them. The count is of records.
        "total": {"value": 57, "relation": "eq"},
        "max_score": 3.1,
        "hits": [
            {
                "_index": INDEX,
                "_id": "story:12:es",
                "_score": 3.1,
                "_source": SPANISH_SOURCE,
                "highlight": {
                    # Fields with no match still answer with their opening (no_match_size).
                    "text.en": ["Cuando la migración forzada vació el cantón"],
                    "text.es": [f"Cuando la {MARK_START}migración{MARK_END} forzada vació"],
                    "text": [f"Cuando la {MARK_START}migración{MARK_END} forzada vació"],
                },
                "sort": [3.1, 19890000, "story:12:es"],
            },
            {
                "_index": INDEX,
                "_id": "photo:7:en",
                "_score": 1.2,
                "_source": PHOTO_SOURCE,
                "sort": [1.2, 19870000, "photo:7:en"],
            },
        ],
    },
    "aggregations": {
        "matched": {"doc_count": 50, "records": {"value": 42}},
        "theme": {
            "doc_count": 42,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [
                    {"key": "repopulation", "doc_count": 5, "records": {"value": 5}},
                    {"key": "migration", "doc_count": 30, "records": {"value": 30}},
                    {"key": "mining", "doc_count": 5, "records": {"value": 5}},
                ],
            },
        },
        "place": {
            "doc_count": 42,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "chalatenango", "doc_count": 12, "records": {"value": 12}}],
            },
        },
        "decade": {
            "doc_count": 50,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [
                    {"key": 1980, "doc_count": 35, "records": {"value": 35}},
                    {"key": 1990, "doc_count": 15, "records": {"value": 15}},
                ],
            },
        },
        "language": {
            "doc_count": 42,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [
                    {"key": "es", "doc_count": 31, "records": {"value": 22}},
                    {"key": "en", "doc_count": 20, "records": {"value": 20}},
                ],
            },
        },
        "kind": {
            "doc_count": 42,
            "values": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [],
            },
        },
    },
}


def test_reading_a_response(stub, engine):
    stub.search_response = SEARCH_RESPONSE
    results = engine.search(_query("migración"))

    assert results.engine == "elasticsearch"
    assert results.fallback is False
    assert results.count == 42
    story, photo = results.hits
    assert story.key == "story:12:es"
    assert (story.kind, story.record_id, story.language) == ("story", 12, "es")
    assert story.title == "La caravana de 1989"
    assert story.url == "/es/historias/la-caravana/"
    assert story.narrator == "María L."
    assert (story.year_from, story.year_to) == (1989, 1989)
    assert story.theme_slugs == ["migration"]
    assert story.place_slugs == ["chalatenango"]
    assert story.score == pytest.approx(3.1)
    # The marked fragment wins over an unmarked opening from another field.
    assert story.snippet == f"Cuando la {MARK_START}migración{MARK_END} forzada vació"
    # No highlight at all: the opening of the text.
    assert photo.snippet == "A" * 200
    assert photo.theme_slugs == ["migration", "repopulation"]
    assert (photo.year_from, photo.year_to) == (1987, 1992)

    facets = results.facets
    assert set(facets) == {"theme", "place", "decade", "language", "kind"}
    assert [(v.value, v.count) for v in facets["theme"]] == [
        ("migration", 30),
        ("mining", 5),
        ("repopulation", 5),
    ]
    assert [(v.value, v.count) for v in facets["decade"]] == [("1980", 35), ("1990", 15)]
    assert [(v.value, v.count) for v in facets["language"]] == [("es", 22), ("en", 20)]
    assert facets["kind"] == []


def _document(key="story:12:es", **fields):
    kind, record_id, language = key.split(":")
    values = {
        "key": key,
        "kind": kind,
        "record_id": int(record_id),
        "language": language,
        "title": "La caravana",
        "text": "La migración forzada.",
        "url": f"/{language}/historias/la-caravana/",
        "narrator": "María L.",
        "vocabulary": "Migration Migración",
        "theme_slugs": ["migration"],
        "place_slugs": ["chalatenango"],
        "date": HistoricalDate(year=1989, month=3),
    }
    values.update(fields)
    return DocumentData(**values)


def test_index_sends_one_bulk_request_keyed_by_document_key(stub, engine):
    documents = [
        _document("story:12:es", not_before=date(2030, 1, 1), visibility="members"),
        _document("photo:7:en", date=None, narrator=""),
    ]
    engine.index(documents)

    (request,) = stub.requests_to("/_bulk")
    assert "ndjson" in request["content_type"]
    lines = request["body"]
    actions, sources = lines[0::2], lines[1::2]
    assert actions == [
        {"index": {"_index": INDEX, "_id": "story:12:es"}},
        {"index": {"_index": INDEX, "_id": "photo:7:en"}},
    ]
    for source in sources:
        assert set(source) <= MAPPED_FIELDS
        assert "real_name" not in json.dumps(source)
    story, photo = sources
    assert story["key"] == "story:12:es"
    assert story["visibility"] == "members"
    assert story["not_before"] == "2030-01-01"
    assert (story["year_from"], story["year_to"], story["decade"]) == (1989, 1989, 1980)
    assert story["sort_key"] == 19890300
    assert story["theme_slugs"] == ["migration"]
    # Undated: no decade, and no sort key so date orders put it last.
    assert (photo["year_from"], photo["decade"], photo["sort_key"]) == (None, None, None)


def test_the_mapping_refuses_fields_it_does_not_define():
    assert research_index(INDEX).to_dict()["mappings"]["dynamic"] == "strict"


def test_delete_ignores_documents_already_gone(stub, engine):
    stub.missing_ids = {"story:99:en"}
    engine.delete(["story:12:es", "story:99:en"])

    (request,) = stub.requests_to("/_bulk")
    assert request["body"] == [
        {"delete": {"_index": INDEX, "_id": "story:12:es"}},
        {"delete": {"_index": INDEX, "_id": "story:99:en"}},
    ]


def test_delete_records_deletes_by_kind_and_record(stub, engine):
    engine.delete_records("story", [12, 13])

    (request,) = stub.requests_to("/_delete_by_query")
    assert request["method"] == "POST"
    assert request["path"] == f"/{INDEX}/_delete_by_query"
    assert request["body"] == {
        "query": {
            "bool": {"filter": [{"term": {"kind": "story"}}, {"terms": {"record_id": [12, 13]}}]}
        }
    }
    assert request["params"]["conflicts"] == ["proceed"]


def test_ensure_index_creates_the_index_with_its_analyzers(stub, engine):
    engine.ensure_index()

    (create,) = [r for r in stub.requests if r["method"] == "PUT"]
    assert create["path"] == f"/{INDEX}"
    analysis = create["body"]["settings"]["analysis"]
    analyzers = analysis["analyzer"]
    assert analyzers["folded"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding"],
    }
    for name, language in (("english_folded", "english"), ("spanish_folded", "light_spanish")):
        filters = analyzers[name]["filter"]
        assert analyzers[name]["tokenizer"] == "standard"
        assert {"lowercase", "asciifolding"} <= set(filters)
        stemmer = analysis["filter"][filters[-1]]
        assert stemmer == {"type": "stemmer", "language": language}
    assert analysis["filter"]["english_stop"] == {"type": "stop", "stopwords": "_english_"}
    assert analysis["filter"]["spanish_stop"] == {"type": "stop", "stopwords": "_spanish_"}

    properties = create["body"]["mappings"]["properties"]
    assert properties["text"] == {
        "type": "text",
        "analyzer": "folded",
        "fields": {
            "en": {"type": "text", "analyzer": "english_folded"},
            "es": {"type": "text", "analyzer": "spanish_folded"},
        },
    }
    for field in ("title", "vocabulary", "narrator"):
        assert properties[field] == properties["text"]
    for field in ("key", "kind", "language", "visibility", "theme_slugs", "place_slugs"):
        assert properties[field] == {"type": "keyword"}
    for field in ("record", "languages"):
        assert properties[field] == {"type": "keyword"}
    for field in ("record_id", "year_from", "year_to", "decade", "sort_key"):
        assert properties[field] == {"type": "integer"}
    assert properties["not_before"] == {"type": "date"}
    assert properties["not_after"] == {"type": "date"}
    assert properties["url"] == {"type": "keyword", "index": False}
    assert properties["is_sample"] == {"type": "boolean"}


def test_ensure_index_gives_an_existing_index_the_fields_added_since(stub, engine):
    stub.indices.add(INDEX)
    engine.ensure_index()
    assert [r["method"] for r in stub.requests] == ["HEAD", "PUT"]
    (mapping,) = stub.requests_to("/_mapping")
    assert mapping["body"]["properties"]["record"] == {"type": "keyword"}
    assert mapping["body"]["properties"]["languages"] == {"type": "keyword"}


def test_ensure_index_tolerates_a_concurrent_create(stub, engine):
    stub.created_elsewhere = True
    engine.ensure_index()
    assert [r["method"] for r in stub.requests] == ["HEAD", "PUT"]


def test_drop_index(stub, engine):
    stub.indices.add(INDEX)
    engine.drop_index()
    (request,) = stub.requests
    assert (request["method"], request["path"]) == ("DELETE", f"/{INDEX}")
    assert INDEX not in stub.indices


def test_ping(stub, engine):
    assert engine.ping() is True


def test_constructing_the_engine_sends_nothing(stub):
    ElasticsearchEngine(stub.url, index_name=INDEX)
    assert stub.requests == []


def test_an_unreachable_cluster_raises_a_connection_error_quickly():
    engine = ElasticsearchEngine("http://127.0.0.1:9", index_name=INDEX, timeout=1)
    started = time.monotonic()
    with pytest.raises(ESConnectionError):
        engine.search(_query("mina"))
    assert engine.ping() is False
    assert time.monotonic() - started < 5


def test_a_search_without_facets_asks_for_no_aggregations(stub, engine):
    body = _sent_search(stub, engine, _query("mina", language="es", facets=False))
    # Only the count of records.
    assert set(body["aggs"]) == {"matched"}
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"languages": "es"}}]}}


def _hit(source, score=1.0, highlight=None):
    hit = {"_index": INDEX, "_id": source["key"], "_score": score, "_source": source}
    if highlight:
        hit["highlight"] = highlight
    return hit


def _page(*hits, records=None):
    return {
        **EMPTY_SEARCH,
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": list(hits)},
        "aggregations": {"matched": {"doc_count": len(hits), "records": {"value": records}}},
    }


BILINGUAL_ES = {**SPANISH_SOURCE, "languages": ["en", "es"]}
BILINGUAL_EN = {
    **BILINGUAL_ES,
    "key": "story:12:en",
    "language": "en",
    "title": "The 1989 caravan",
    "text": "When forced migration emptied the canton, the sisters organised the return.",
    "url": "/en/stories/the-caravan/",
}


def test_a_record_in_two_languages_is_shown_in_the_readers_with_the_other_offered(stub, engine):
    # The English version matched best ("migration"); a Spanish reader gets the Spanish
    # one, which the words also reach.
    spanish_snippet = f"Cuando la {MARK_START}migración{MARK_END} forzada"
    stub.next_search_responses = [
        _page(_hit(BILINGUAL_EN, 2.5), _hit(PHOTO_SOURCE, 1.0), records=2),
        _page(_hit(BILINGUAL_ES, highlight={"text.es": [spanish_snippet]})),
    ]
    results = engine.search(_query("migration", reader="es"))

    first, second = stub.requests_to("/_search")
    # The second request asks only for the other language's version of the page's
    # bilingual record, under the same visibility rule, with the words highlighted.
    versions = second["body"]["query"]["bool"]
    assert versions["filter"] == [
        {"terms": {"key": ["story:12:es"]}},
        *_visibility_filters(["public"]),
    ]
    assert versions["should"] == [_term_clause("migration")]
    assert versions["minimum_should_match"] == 0
    assert results.count == 2
    story, photo = results.hits
    assert (story.key, story.title, story.url) == (
        "story:12:es",
        "La caravana de 1989",
        BILINGUAL_ES["url"],
    )
    assert (story.other_language, story.other_url) == ("en", BILINGUAL_EN["url"])
    assert story.snippet == spanish_snippet and story.snippet_language == ""
    assert story.score == pytest.approx(2.5)
    # A record written in one language is itself, with nothing offered.
    assert (photo.key, photo.other_language, photo.other_url) == ("photo:7:en", "", "")


def test_an_english_reader_keeps_the_english_version_and_is_offered_the_spanish(stub, engine):
    english_snippet = f"When forced {MARK_START}migration{MARK_END} emptied"
    stub.next_search_responses = [
        _page(_hit(BILINGUAL_EN, highlight={"text.en": [english_snippet]}), records=1),
        # The Spanish version, which the words do not reach: its opening only.
        _page(_hit(BILINGUAL_ES, highlight={"text.es": ["Cuando la migración forzada"]})),
    ]
    (story,) = engine.search(_query("migration", reader="en")).hits
    assert story.key == "story:12:en" and story.snippet == english_snippet
    assert (story.other_language, story.other_url) == ("es", BILINGUAL_ES["url"])


def test_words_matched_only_in_the_other_version_are_its_snippet(stub, engine):
    english_snippet = f"the sisters organised the {MARK_START}return{MARK_END}"
    stub.next_search_responses = [
        _page(_hit(BILINGUAL_EN, highlight={"text.en": [english_snippet]}), records=1),
        _page(_hit(BILINGUAL_ES, highlight={"text.es": ["Cuando la migración forzada"]})),
    ]
    (story,) = engine.search(_query("return", reader="es")).hits
    assert story.key == "story:12:es"
    assert (story.snippet, story.snippet_language) == (english_snippet, "en")


def test_a_version_the_visitor_may_not_see_is_neither_shown_nor_offered(stub, engine):
    # The versions search answers nothing (the Spanish version is not visible).
    stub.next_search_responses = [_page(_hit(BILINGUAL_EN), records=1), _page()]
    (story,) = engine.search(_query("migration", reader="es")).hits
    assert story.key == "story:12:en"
    assert (story.other_language, story.other_url) == ("", "")


def test_the_language_filter_chooses_the_version_shown(stub, engine):
    stub.next_search_responses = [
        _page(_hit(BILINGUAL_ES), records=1),
        _page(_hit(BILINGUAL_EN)),
    ]
    (story,) = engine.search(_query("", reader="es", language="en")).hits
    assert story.key == "story:12:en" and story.other_language == "es"


def test_documents_carry_their_record_and_its_languages(stub, engine):
    from search.engines.elasticsearch import document_source

    source = document_source(_document(record_languages=["en", "es"]))
    assert source["record"] == "story:12" and source["languages"] == ["en", "es"]
