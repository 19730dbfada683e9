"""The research search: a page, its JSON, and exports of the current result set.
Every view reads the request through search.query (never raises on visitor input) and
asks search.engines, which searches only what the visitor may see."""

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from archive.languages import current
from search import engines, exports
from search.presenters import (
    Labels,
    facet_groups,
    hit_json,
    kind_label,
    moment,
    snippet_html,
    thumbnails,
)
from search.query import MAX_PAGE, parse_request


class _CountOnly(list):
    """Lets Django's Paginator page through a count it did not load."""

    def __init__(self, count):
        super().__init__()
        self._count = count

    def count(self):
        return self._count


@require_GET
def search_page(request):
    query = parse_request(request.GET, request.user)
    results = engines.search(query)
    language = current()
    groups, labels = facet_groups(results, request.GET, query, language)
    paginator = Paginator(_CountOnly(min(results.count, MAX_PAGE * query.per_page)), query.per_page)
    page = paginator.get_page(query.page)
    pictures = thumbnails(results.hits)
    hits = [
        {
            "hit": hit,
            "snippet": snippet_html(hit.snippet),
            "kind": kind_label(hit.kind),
            "time": moment(hit),
            "date": hit.date.render(language) if hit.date else "",
            "themes": [labels.themes.get(slug, slug) for slug in hit.theme_slugs],
            "places": [labels.places.get(slug, slug) for slug in hit.place_slugs],
            "thumbnail": pictures.get(hit.record),
        }
        for hit in results.hits
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "hits": hits,
            "facets": groups,
            "page_obj": page,
            "params": params.urlencode(),
            "chosen_themes": [labels.themes.get(s, s) for s in query.chosen.get("theme", [])],
        },
    )


@require_GET
def results_json(request):
    query = parse_request(request.GET, request.user)
    results = engines.search(query)
    language = current()
    groups, labels = facet_groups(results, request.GET, query, language)
    return JsonResponse(
        {
            "count": results.count,
            "page": query.page,
            "per_page": query.per_page,
            "results": [hit_json(hit, request, labels, language) for hit in results.hits],
            "facets": {
                group["name"]: [
                    {"value": item["value"], "label": item["label"], "count": item["count"]}
                    for item in group["items"]
                ]
                for group in groups
            },
            "messages": query.messages,
            "engine": results.engine,
        },
        json_dumps_params={"ensure_ascii": False},
    )


EXPORTS = {
    "csv": (exports.to_csv, "text/csv; charset=utf-8", "csv"),
    "ris": (exports.to_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": (
        exports.to_csl_json,
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        "csl.json",
    ),
}


@require_GET
def export(request, format):
    query = parse_request(request.GET, request.user)
    build, content_type, extension = EXPORTS[format]
    hits = exports.all_hits(query, engines.search)
    response = HttpResponse(build(hits, request, Labels()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="memoria-search.{extension}"'
    # A member's export may hold members-only records: never cache it anywhere shared.
    response["Cache-Control"] = "private, no-store"
    return response
