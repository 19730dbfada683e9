from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search.engines import status as search_status


@never_cache
def healthz(request):
    """Machine-readable status for monitoring: is the database answering, which search
    engine answers, and is search falling back to the database?"""
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
    return JsonResponse(
        {
            # "degraded": searches work, from the database, while Elasticsearch is down.
            "status": ("degraded" if search["fallback"] else "ok") if healthy else "error",
            "database": database,
            "search": search,
        },
        status=200 if healthy else 503,
    )
