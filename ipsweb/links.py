"""What every link opened without a login has in common: the self-completion link of a
participant's survey (``/s/``), a review's data request (``/d/``) and its action plan follow-up
link (``/a/``). The token itself is ipsweb.tokens; here are the day a link works until, the
headers of its pages and the limit on guessing tokens."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsweb import rate_limit
from ipsweb.client_address import client_address
from ipsweb.tokens import MAX_TOKEN_LENGTH, hash_token, new_token

# Unknown tokens one address may try in an hour before it is told to wait.
UNKNOWN_TOKENS_PER_HOUR = 20
HOUR = 3600


def end_of_day(day: datetime.date) -> datetime.datetime:
    """A link chosen to work "until the end of" a day stays open until that day ends (local)."""
    next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(next_day)


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def check_expiry_day(expires_on: datetime.date, *, max_days: int) -> None:
    """Refuses a last day before today or more than ``max_days`` ahead (as the form's field)."""
    if not timezone.localdate() <= expires_on <= days_ahead(max_days):
        raise ValidationError(
            {
                "expires_on": _("Choose a day from today to %(days)s days ahead.")
                % {"days": max_days}
            }
        )


def keep_private(response: HttpResponse, *, referrer_policy: str = "no-referrer") -> HttpResponse:
    """The token is in the URL: keep it out of other sites' logs and out of search engines.
    Pages without a form send no Referer at all; a page with a form sends it only to ipsweb
    ("same-origin"), since with "no-referrer" browsers send "Origin: null" with the form, which
    CSRF protection rightly refuses. ipsweb's own logs redact tokens (ipsweb/redaction.py)."""
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def unknown_token_allowed(request: HttpRequest, kind: str) -> bool:
    """False once the address has tried too many unknown tokens of this kind of link this hour:
    the page then says to wait (429) instead of "not found", so tokens cannot be guessed."""
    return rate_limit.within_limit(
        f"unknown-token-{kind}",
        client_address(request) or "",
        limit=UNKNOWN_TOKENS_PER_HOUR,
        seconds=HOUR,
    )


def new_link(model, *, replaces, expires_on: datetime.date, **fields):
    """A new link of ``model`` (a model with ``token_hash``, ``expires_at`` and ``revoked_at``)
    working until the end of ``expires_on``, with ``fields``; the links in ``replaces`` (a
    queryset of the same thing's links still open) are withdrawn first, one by one so each one's
    history says so: one working link at a time. Returns the link and its token, which is shown
    once and never stored (only its hash is)."""
    now = timezone.now()
    for old in replaces.select_for_update():
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
    token = new_token()
    link = model(token_hash=hash_token(token), expires_at=end_of_day(expires_on), **fields)
    link.full_clean()
    link.save()
    return link, token


def link_for_token(links, token: str):
    """The link of the queryset ``links`` that ``token`` opens, whatever its state; None for a
    token nobody was given (and, without hashing it, for input too long to be one)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return links.filter(token_hash=hash_token(token)).first()
