from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search.engines import status as search_status


@never_cache
def healthz(request):
    """Machine-readable status for monitoring: is the database answering, which search
    engine answers, is search falling back to the database, and has Elasticsearch
    missed writes? When degraded, `reasons` says why."""
    database = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
    except DatabaseError as error:
        database.update(ok=False, error=error.__class__.__name__)
    healthy = database["ok"]

    search = search_status()
    reasons = _search_reasons(search)
    answer = {
        # "degraded": searches work, from the database while Elasticsearch is down, or
        # Elasticsearch missed writes and answers with some records out of date.
        "status": ("degraded" if reasons else "ok") if healthy else "error",
        "database": database,
        "search": search,
    }
    if reasons:
        answer["reasons"] = reasons
    return JsonResponse(answer, status=200 if healthy else 503)


def _search_reasons(search):
    reasons = []
    if search["fallback"]:
        reasons.append("Elasticsearch does not answer: searches are answered by the database.")
    failures = search.get("write_failures")
    if failures:
        reasons.append(
            f"Elasticsearch missed {failures['count']} index writes since {failures['since']} "
            f"(last: {failures['last_error']}); run check_research_index --fix."
        )
    return reasons
