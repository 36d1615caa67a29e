"""What a user typed survives the end of their session.

When a form is posted after the session expired, the view's login check sends the browser to the
login page and the post would be lost. Instead the posted fields are kept in the new, anonymous
session (which the login carries over), the login page says so, and after logging in the user
lands on the page of the form, where ``static/js/kept-entries.js`` puts the values back into it
(not submitted: the user checks and saves).

Only the user whose session expired gets them back: a signed cookie set while logged in names the
user, a logout removes it (nothing is kept after logging out on purpose), and the entries are
dropped if someone else logs in. Passwords and uploaded files are never kept.

CSRF: the token is checked against the CSRF cookie, which outlives the session, so the expired
post passes the check and reaches the login redirect; logging in rotates the token, and the form
shown again carries the new one. JSON posts (the rating autosave) are not kept: its script keeps
the entry on the page instead.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

KEPT = "kept_entries"
OWNER_COOKIE = "ipsweb_user"
SALT = "accounts.expired_sessions"
OWNER_DAYS = 30
MAX_CHARACTERS = 512 * 1024
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def keep_posts_of_expired_sessions(get_response):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            _name_owner(request, response)
        elif request.path == reverse("logout"):
            response.delete_cookie(OWNER_COOKIE)
        elif request.method == "POST" and _sent_to_login(response):
            response = _keep(request) or response
        return response

    return middleware


def kept_entries(request: HttpRequest) -> dict:
    """Context processor: the entries kept for this page, once, for the user who typed them."""
    session = getattr(request, "session", None)
    if session is None or KEPT not in session or not request.user.is_authenticated:
        return {}
    kept = session[KEPT]
    if kept["owner"] != str(request.user.pk):
        del session[KEPT]
        return {}
    if kept["page"] != request.get_full_path():
        return {}
    del session[KEPT]
    return {"kept_entries": {"target": kept["target"], "fields": kept["fields"]}}


def _name_owner(request: HttpRequest, response: HttpResponse) -> None:
    owner = str(request.user.pk)
    if request.get_signed_cookie(OWNER_COOKIE, default=None, salt=SALT) != owner:
        response.set_signed_cookie(
            OWNER_COOKIE,
            owner,
            salt=SALT,
            max_age=OWNER_DAYS * 24 * 60 * 60,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def _sent_to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and urlparse(response.url).path == resolve_url(
        settings.LOGIN_URL
    )


def _keep(request: HttpRequest) -> HttpResponse | None:
    owner = request.get_signed_cookie(
        OWNER_COOKIE, default=None, salt=SALT, max_age=OWNER_DAYS * 24 * 60 * 60
    )
    if owner is None or request.content_type not in FORM_TYPES:
        return None
    fields = [
        [name, value]
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken" and "password" not in name
        for value in values
    ]
    if not fields or sum(len(n) + len(v) for n, v in fields) > MAX_CHARACTERS:
        return None
    page = _page_of_form(request)
    request.session[KEPT] = {
        "owner": owner,
        "target": request.path,
        "page": page,
        "fields": fields,
    }
    messages.warning(
        request,
        _("Your session had expired. Log in again: what you typed is kept and shown to you."),
    )
    return redirect_to_login(page)


def _page_of_form(request: HttpRequest) -> str:
    """The page the form was on: where it came from, when that is this site, or its address."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlparse(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()
