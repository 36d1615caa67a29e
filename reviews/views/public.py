"""The pages of a review's links opened without a login (data request ``/d/``, action plan
follow-up ``/a/``): their messages, when the link does not open."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from ipsweb.links import HOUR, keep_private, unknown_token_allowed

UNKNOWN = (
    404,
    gettext_lazy("This link does not work"),
    gettext_lazy("Check that you opened the whole link, exactly as you received it."),
)
THROTTLED = (
    429,
    gettext_lazy("Too many links that do not work"),
    gettext_lazy("Wait an hour, then open the whole link exactly as you received it."),
)


def link_message(request: HttpRequest, message: tuple) -> HttpResponse:
    """A page saying why the link does not open: ``message`` is (status, title, text)."""
    status, title, text = message
    response = render(
        request, "reviews/public_message.html", {"title": title, "text": text}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(HOUR)
    return keep_private(response)


def unknown_link(request: HttpRequest, kind: str) -> HttpResponse:
    """404 for a token that opens nothing; 429 once the address has tried too many."""
    return link_message(request, UNKNOWN if unknown_token_allowed(request, kind) else THROTTLED)
