"""The research search on Elasticsearch: its own index of `search.documents.DocumentData`.

`build_search` turns a SearchQuery into the request body and `read_response` turns the
answer into SearchResults; the engine only sends one and reads the other. Connection
failures are not caught here: `search.engines` falls back to the database engine on them.

One result per record, as the database engines give: the search collapses on `record`
("story:12", shared by a record's documents in each language), so a page holds each
record once, by its best-scoring document; counts are the cardinality of `record` (in
the total and in every facet value), not numbers of documents. The page's records
written in two languages are then asked again by document key (`build_versions_search`,
one request, the same visibility rule): the version in the reader's language stands for
each, and the other is offered beside it.
"""

import dataclasses
import datetime
import json
import threading

from elasticsearch import Elasticsearch, helpers
from elasticsearch.exceptions import BadRequestError
from elasticsearch_dsl import (
    Boolean,
    Date,
    Index,
    Integer,
    Keyword,
    Mapping,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from archive.languages import CODES
from archive.models.dates import HistoricalDate
from search.documents import STORED_FIELDS

from .base import MARK_END, MARK_START, FacetValue, Hit, SearchEngine, SearchResults

SNIPPET_CHARS = 200
FACET_SIZE = 200
# Counts of distinct records are exact below this many (Elasticsearch's highest setting).
COUNT_PRECISION = 40000

# Stop lists hold accented words ("él", "más"), so stop words go before folding; the
# stemmers then see the same folded word whether or not the visitor typed the accent.
folded = analyzer("folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
english_folded = analyzer(
    "english_folded",
    tokenizer="standard",
    filter=[
        token_filter("english_possessive", type="stemmer", language="possessive_english"),
        "lowercase",
        token_filter("english_stop", type="stop", stopwords="_english_"),
        "asciifolding",
        token_filter("english_stemmer", type="stemmer", language="english"),
    ],
)
spanish_folded = analyzer(
    "spanish_folded",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("spanish_stop", type="stop", stopwords="_spanish_"),
        "asciifolding",
        token_filter("spanish_stemmer", type="stemmer", language="light_spanish"),
    ],
)


def _bilingual_text():
    return Text(
        analyzer=folded,
        fields={
            "en": Text(analyzer=english_folded),
            "es": Text(analyzer=spanish_folded),
        },
    )


# How each type of search.documents.STORED_FIELDS is mapped.
MAPPING_TYPES = {
    "keyword": Keyword,
    "text": _bilingual_text,
    "integer": Integer,
    "date": Date,
    "boolean": Boolean,
    "unindexed": lambda: Keyword(index=False),  # kept, not searched
    "unsearched": lambda: Object(enabled=False),  # an object kept as sent
}


def research_mapping():
    mapping = Mapping()
    # A field outside this mapping (a real name, say) is refused instead of indexed.
    mapping.meta("dynamic", "strict")
    for name, kind in STORED_FIELDS.items():
        mapping.field(name, MAPPING_TYPES[kind]())
    return mapping


def research_index(name):
    index = Index(name)
    # A small archive: one shard keeps scores comparable between documents.
    index.settings(number_of_shards=1)
    index.mapping(research_mapping())
    return index


def document_source(document):
    """The indexed fields of a DocumentData: every one of STORED_FIELDS, as JSON holds it."""
    source = {name: _source_value(getattr(document, name)) for name in STORED_FIELDS}
    # Undated documents have no sort_key (rather than 0) so both date orders can put them
    # last with `missing: _last`.
    source["sort_key"] = document.sort_key or None
    return source


def _source_value(value):
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, HistoricalDate):
        return dataclasses.asdict(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value


# Query building


def _fields(suffix=""):
    return [f"title{suffix}^3", f"vocabulary{suffix}^2", "narrator", f"text{suffix}"]


def _match(term, fields):
    options = {"type": "phrase"} if term.is_phrase else {}
    # A stop word analyses to nothing; let it match rather than exclude every document.
    return Q(
        "multi_match",
        query=" ".join(term.words),
        fields=fields,
        zero_terms_query="all",
        **options,
    )


def term_clause(term):
    """A word or phrase matches in the document's own language, or in the folded text."""
    return Q(
        "bool",
        should=[
            Q(
                "bool",
                filter=[Q("term", language=language)],
                must=[_match(term, _fields(f".{language}"))],
            )
            for language in CODES
        ]
        + [_match(term, _fields())],
        minimum_should_match=1,
    )


def visibility_clauses(query):
    """The same rule as the database engines' visibility_sql: audience, embargo, expiry."""
    visibilities = ["public", "members"] if query.include_members else ["public"]
    return [
        Q("terms", visibility=visibilities),
        _absent_or("not_before", {"lte": query.today.isoformat()}),
        _absent_or("not_after", {"gt": query.now.isoformat()}),
    ]


def _absent_or(field, bounds):
    return Q(
        "bool",
        should=[
            Q("bool", must_not=[Q("exists", field=field)]),
            Q("range", **{field: bounds}),
        ],
        minimum_should_match=1,
    )


def filter_clauses(query):
    """The visitor's filters, which facets ignore one at a time."""
    clauses = []
    if query.themes:
        clauses.append(Q("terms", theme_slugs=list(query.themes)))
    if query.places:
        clauses.append(Q("terms", place_slugs=list(query.places)))
    # A record overlaps the period when it starts before its end and ends after its start.
    if query.year_to is not None:
        clauses.append(Q("range", year_from={"lte": query.year_to}))
    if query.year_from is not None:
        clauses.append(Q("range", year_to={"gte": query.year_from}))
    if query.language:
        clauses.append(Q("term", languages=query.language))
    if query.kind:
        clauses.append(Q("term", kind=query.kind))
    return clauses


FACET_FIELDS = {
    "theme": "theme_slugs",
    "place": "place_slugs",
    "decade": "decade",
    "language": "languages",
    "kind": "kind",
}


# How many records (not documents) fall in a bucket.
RECORDS = {"field": "record", "precision_threshold": COUNT_PRECISION}


def _sort(query):
    by_date = "desc" if query.sort == "newest" else "asc"
    date_order = [{"sort_key": {"order": by_date, "missing": "_last"}}, {"key": "asc"}]
    if query.sort == "relevance" and not query.is_browse:
        return ["_score", *date_order]
    return date_order


def build_search(query):
    """The elasticsearch-dsl Search for a SearchQuery (`.to_dict()` is the request body)."""
    must = [term_clause(term) for term in query.terms] or [Q("match_all")]
    search = Search().query(Q("bool", must=must, filter=visibility_clauses(query)))

    filters = filter_clauses(query)
    if filters:
        search = search.post_filter(Q("bool", filter=filters))
    # The total: records, after every filter (aggregations do not see the post_filter).
    search.aggs.bucket(
        "matched", "filter", filter=Q("bool", filter=filters) if filters else Q("match_all")
    ).metric("records", "cardinality", **RECORDS)
    for facet, field in FACET_FIELDS.items() if query.facets else ():
        own = filter_clauses(query.without(facet))
        search.aggs.bucket(
            facet, "filter", filter=Q("bool", filter=own) if own else Q("match_all")
        ).bucket("values", "terms", field=field, size=FACET_SIZE).metric(
            "records", "cardinality", **RECORDS
        )

    search = (
        _highlighted(search)
        .sort(*_sort(query))
        .extra(
            from_=query.offset,
            size=query.per_page,
            track_total_hits=True,
            collapse={"field": "record"},
        )
    )
    return search


def _highlighted(search):
    return search.highlight(
        "text.en",
        "text.es",
        "text",
        fragment_size=SNIPPET_CHARS,
        number_of_fragments=1,
        no_match_size=SNIPPET_CHARS,
    ).highlight_options(pre_tags=[MARK_START], post_tags=[MARK_END])


def build_versions_search(query, keys):
    """The Search for these documents (by key) among those the visitor may see, with the
    query's words highlighted: the page's records in their other language."""
    words = [term_clause(term) for term in query.terms]
    search = Search().query(
        Q(
            "bool",
            filter=[Q("terms", key=list(keys)), *visibility_clauses(query)],
            # Only for the highlights: a version the words miss is asked for too.
            should=words,
            minimum_should_match=0,
        )
    )
    return _highlighted(search).extra(size=len(keys))


# Reading the answer


def _snippet(hit):
    source = hit.get("_source", {})
    highlight = hit.get("highlight", {})
    language = source.get("language", "")
    fragments = [
        fragment
        for field in (f"text.{language}", "text", "text.en", "text.es")
        for fragment in highlight.get(field, [])
    ]
    # Every field answers with its opening when nothing matched; prefer a marked one.
    for fragment in fragments:
        if MARK_START in fragment:
            return fragment
    if fragments:
        return fragments[0]
    return (source.get("text") or "")[:SNIPPET_CHARS]


def read_hit(hit):
    source = hit["_source"]
    date = HistoricalDate(**source["date"]) if source.get("date") else None
    return Hit.found(
        {**source, "date": date}, snippet=_snippet(hit), score=hit.get("_score") or 0.0
    )


def read_facets(aggregations):
    """Each facet value's count of records (the cardinality of `record`)."""
    facets = {}
    for facet in FACET_FIELDS:
        buckets = aggregations.get(facet, {}).get("values", {}).get("buckets", [])
        values = [FacetValue(value=str(b["key"]), count=b["records"]["value"]) for b in buckets]
        facets[facet] = sorted(values, key=lambda v: (-v.count, v.value))
    return facets


def other_version_keys(response):
    """Keys of the other language's document of each record on the page written in two."""
    keys = []
    for hit in response.get("hits", {}).get("hits", []):
        source = hit["_source"]
        for language in source.get("languages") or []:
            if language != source["language"]:
                keys.append(f"{source['record']}:{language}")
    return keys


def read_response(response, versions=None, shown_language="en"):
    """SearchResults from a search response body (a dict) and, when the page holds records
    written in two languages, the answer to their build_versions_search."""
    hits = response.get("hits", {})
    found = [read_hit(hit) for hit in hits.get("hits", [])]
    others = {}
    for hit in (versions or {}).get("hits", {}).get("hits", []):
        version = read_hit(hit)
        others.setdefault(version.record, []).append(version)
    matched = response.get("aggregations", {}).get("matched", {}).get("records", {})
    return SearchResults(
        count=int(matched.get("value", 0)),
        hits=[_shown(hit, others.get(hit.record, []), shown_language) for hit in found],
        facets=read_facets(response.get("aggregations", {})),
        engine=ElasticsearchEngine.name,
    )


def _shown(hit, others, language):
    """The record's version in `language` when it is written in it, with the other
    offered; the matched words' snippet from whichever version holds them."""
    versions = sorted([hit, *others], key=lambda version: version.language != language)
    shown, other = versions[0], (versions[1] if len(versions) > 1 else None)
    shown.score = hit.score
    if other is not None:
        shown.other_language, shown.other_url = other.language, other.url
        if MARK_START not in shown.snippet and MARK_START in other.snippet:
            shown.snippet, shown.snippet_language = other.snippet, other.language
    return shown


# One client per process and cluster: it keeps its connections open from one search or
# write to the next, where a client per request opened a new connection each time.
# Keyed by what settings give it, so a test that points elsewhere gets its own.
_clients = {}
_clients_lock = threading.Lock()


def shared_client(url, timeout):
    with _clients_lock:
        client = _clients.get((url, timeout))
        if client is None:
            # One retry at most: when the cluster is down the database engine should
            # answer quickly instead.
            client = _clients[(url, timeout)] = Elasticsearch(
                url, request_timeout=timeout, max_retries=1, retry_on_timeout=False
            )
        return client


def _records_query(kind, record_ids):
    """Every language's document of these records."""
    return {
        "bool": {"filter": [{"term": {"kind": kind}}, {"terms": {"record_id": list(record_ids)}}]}
    }


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, url, index_name="memoria-research", timeout=5):
        self.url = url
        self.index_name = index_name
        self.timeout = timeout

    @property
    def client(self):
        return shared_client(self.url, self.timeout)

    @property
    def research_index(self):
        return research_index(self.index_name)

    def ping(self):
        return self.client.ping()

    def ensure_index(self):
        index = self.research_index
        if index.exists(using=self.client):
            # An index made before a field was added takes it; `rebuild_research_index`
            # (the only caller) then fills it in. Until then searches collapsing on a
            # field the index lacks are refused, and the database answers.
            mapping = index.to_dict()["mappings"]
            self.client.indices.put_mapping(index=self.index_name, **mapping)
            return
        try:
            index.create(using=self.client)
        except BadRequestError as error:
            # Another process created it between the check and the create.
            if error.error != "resource_already_exists_exception":
                raise

    def drop_index(self):
        self.client.indices.delete(index=self.index_name, ignore_unavailable=True)

    def refresh(self):
        self.client.indices.refresh(index=self.index_name)

    def index(self, documents):
        actions = (
            {
                "_op_type": "index",
                "_index": self.index_name,
                "_id": document.key,
                "_source": document_source(document),
            }
            for document in documents
        )
        helpers.bulk(self.client, actions)

    def delete(self, keys):
        actions = ({"_op_type": "delete", "_index": self.index_name, "_id": key} for key in keys)
        helpers.bulk(self.client, actions, ignore_status=(404,))

    def delete_records(self, kind, record_ids):
        record_ids = list(record_ids)
        if not record_ids:
            return
        self.client.delete_by_query(
            index=self.index_name,
            query=_records_query(kind, record_ids),
            conflicts="proceed",
            ignore_unavailable=True,
        )

    # --- Comparing (check_research_index) --------------------------------------------
    def held(self, kind, record_ids):
        found = helpers.scan(
            self.client,
            index=self.index_name,
            query={"query": _records_query(kind, record_ids)},
            ignore_unavailable=True,
        )
        return {hit["_id"]: hit["_source"] for hit in found}

    def as_held(self, document):
        # As the cluster gives a document back: the JSON it was sent.
        return json.loads(json.dumps(document_source(document)))

    def orphan_keys(self, kind, record_ids):
        record_ids = set(record_ids)
        found = helpers.scan(
            self.client,
            index=self.index_name,
            query={"query": {"bool": {"filter": [{"term": {"kind": kind}}]}}},
            _source=["record_id"],
            ignore_unavailable=True,
        )
        return [hit["_id"] for hit in found if hit["_source"]["record_id"] not in record_ids]

    def search(self, query):
        search = build_search(query).using(self.client).index(self.index_name)
        response = search.execute().to_dict()
        versions = None
        keys = other_version_keys(response)
        if keys:
            asked = build_versions_search(query, keys).using(self.client).index(self.index_name)
            versions = asked.execute().to_dict()
        return read_response(response, versions, query.shown_language)
