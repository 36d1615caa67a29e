"""Middleware of ipsweb."""

import time

from django.conf import settings

RENEWED = "_renewed_at"


def renew_idle_sessions(get_response):
    """Keep an active session alive: the session (and its cookie) gets a new expiry time when the
    last renewal is more than SESSION_RENEW_SECONDS old. Sessions end SESSION_COOKIE_AGE after
    the last renewal; saving on every request would write to the database on every page view."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED] = now
        return response

    return middleware


def note_login_renewal(sender, request, user, **kwargs):
    """A login saves a fresh session: count that as its first renewal (``user_logged_in``)."""
    if hasattr(request, "session"):
        request.session[RENEWED] = int(time.time())
