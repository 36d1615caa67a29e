import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import etag
from django.views.i18n import JavaScriptCatalog

from ipsweb import login_throttle, rate_limit
from ipsweb.catalogs import LOCALE
from ipsweb.client_address import client_address


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


def _catalog_version(request: HttpRequest) -> str:
    """The page's language and when the script catalogs were compiled: a user who changes their
    language keeps their session cookie, so the language must be part of the tag."""
    times = [path.stat().st_mtime_ns for path in LOCALE.glob("*/LC_MESSAGES/djangojs.mo")]
    return f"{translation.get_language()}-{max(times, default=0)}"


# Every page loads the catalog: a browser that has it asks again and gets 304 Not Modified until
# the language or the compiled catalogs change.
javascript_catalog = etag(_catalog_version)(JavaScriptCatalog.as_view())


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages (like Django admin's) that do not name an icon.
    return redirect(static("img/favicon.svg"), permanent=True)


HOUR = 60 * 60


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending at most PASSWORD_RESETS_PER_ADDRESS mails an hour for one
    client address and PASSWORD_RESETS_PER_ACCOUNT for one email address. Beyond that the answer
    is the same "check your email" page, so it never tells whether an account exists."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        per_address = rate_limit.within_limit(
            "password-reset-address",
            client_address(self.request) or "",
            limit=settings.PASSWORD_RESETS_PER_ADDRESS,
            seconds=HOUR,
        )
        per_account = rate_limit.within_limit(
            "password-reset-account",
            email,
            limit=settings.PASSWORD_RESETS_PER_ACCOUNT,
            seconds=HOUR,
        )
        if per_address and per_account:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())
