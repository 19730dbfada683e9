from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Machine-readable status for monitoring: is the database answering?"""
    database = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
    except DatabaseError as error:
        database.update(ok=False, error=error.__class__.__name__)
    healthy = database["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database},
        status=200 if healthy else 503,
    )
