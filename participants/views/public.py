"""The self-completion page: one survey, no login, no navigation, no other data.

Unknown tokens answer 404, and links that were used, withdrawn or expired answer 410, each with a
message that says what happened; nothing a visitor sends can cause a 500.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from participants import selectors, services
from participants.forms import FollowUpForm
from participants.models import SelfCompletionLink

MESSAGES = {
    "unknown": (
        404,
        _("This link does not work"),
        _("Check that you opened the whole link, exactly as you received it."),
    ),
    SelfCompletionLink.State.USED: (
        410,
        _("This link has already been used"),
        _("The survey was answered with this link, and it cannot be opened again. Thank you."),
    ),
    SelfCompletionLink.State.EXPIRED: (
        410,
        _("This link has expired"),
        _("Ask the person who sent it to you for a new link if you still want to answer."),
    ),
    SelfCompletionLink.State.REVOKED: (
        410,
        _("This link was withdrawn"),
        _("It has been replaced or cancelled. Ask the person who sent it for a new link."),
    ),
    "closed": (
        410,
        _("This survey is closed"),
        _("There is nothing more to answer with this link."),
    ),
}


def _private(response: HttpResponse, *, referrer_policy: str = "no-referrer") -> HttpResponse:
    # The token is in the URL: keep it out of other sites' logs and out of search engines.
    # Pages without a form send no Referer at all. The survey page sends it only to ipsweb
    # ("same-origin"): "no-referrer" makes browsers send "Origin: null" with the form, which CSRF
    # protection rightly refuses; ipsweb's logs redact the token (ipsweb/redaction.py).
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _message(request: HttpRequest, key) -> HttpResponse:
    status, title, text = MESSAGES[key]
    response = render(
        request, "participants/public_message.html", {"title": title, "text": text}, status=status
    )
    return _private(response)


def _closed_reason(link: SelfCompletionLink | None):
    if link is None:
        return "unknown"
    state = link.state()
    if state != SelfCompletionLink.State.OPEN:
        return state
    participant = link.participant
    if not participant.is_active or selectors.related_or_none(participant, "follow_up"):
        return "closed"
    return None


@never_cache
def self_completion(request: HttpRequest, token: str) -> HttpResponse:
    link = selectors.link_for_token(token)
    if reason := _closed_reason(link):
        return _message(request, reason)
    form = FollowUpForm(request.POST or None, statements=selectors.statements_for_follow_up(None))
    if request.method == "POST" and form.is_valid():
        try:
            services.link_submit(link=link, values=form.values(), answers=form.answers())
        except services.LinkUnavailable:
            # Used, withdrawn, expired or erased since the page was opened.
            fresh = selectors.link_for_token(token)
            return _message(request, (fresh and _closed_reason(fresh)) or "closed")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("self_completion_thanks")
    return _private(
        render(request, "participants/public_survey.html", {"form": form}),
        referrer_policy="same-origin",
    )


@never_cache
def self_completion_thanks(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "participants/public_thanks.html"))
