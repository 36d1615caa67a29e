import math

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from ipsweb import login_throttle


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 only when the database answers a query; 503 otherwise (for load balancers, probes)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes shows after too many failed logins from one address."""
    minutes = math.ceil(login_throttle.pause(request).total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages (like Django admin's) that do not name an icon.
    return redirect(static("img/favicon.svg"), permanent=True)
