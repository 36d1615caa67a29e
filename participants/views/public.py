"""The self-completion page: one survey, no login, no navigation, no other data.

Unknown tokens answer 404, and links that were used, withdrawn or expired answer 410, each with a
message that says what happened; nothing a visitor sends can cause a 500.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from ipsweb.links import HOUR, keep_private, unknown_token_allowed
from ipsweb.translations import language_codes
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
    "throttled": (
        429,
        _("Too many links that do not work"),
        _("Wait an hour, then open the whole link exactly as you received it."),
    ),
    "closed": (
        410,
        _("This survey is closed"),
        _("There is nothing more to answer with this link."),
    ),
}


def _language(request: HttpRequest, link: SelfCompletionLink | None) -> str | None:
    """The survey's language: the one the participant switched to on the page (``?language=``),
    else the link's; None (the browser's language) for an unknown link."""
    asked = request.GET.get("language")
    if asked in language_codes():
        return asked
    return link.language if link is not None else None


def _switcher(current: str) -> list[dict]:
    """The other languages the survey page offers. The switcher is a GET form without an action:
    it reloads the same address (the token stays in the path it already has, never anywhere new)
    with ``?language=``."""
    return [
        {
            "code": code,
            # Each language in its own name, so a reader finds theirs.
            "name": get_language_info(code)["name_local"].capitalize(),
        }
        for code in language_codes()
        if code != current
    ]


def _message(request: HttpRequest, key) -> HttpResponse:
    status, title, text = MESSAGES[key]
    response = render(
        request, "participants/public_message.html", {"title": title, "text": text}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(HOUR)
    return keep_private(response)


def _closed_reason(request: HttpRequest, link: SelfCompletionLink | None):
    if link is None:
        return "unknown" if unknown_token_allowed(request, "self-completion") else "throttled"
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
    language = _language(request, link)
    with translation.override(language or translation.get_language()):
        response = _self_completion(request, token, link)
        response.headers.setdefault("Content-Language", translation.get_language())
    return response


def _self_completion(request: HttpRequest, token: str, link) -> HttpResponse:
    """The survey in the active language; answers are stored as codes whatever the language."""
    if reason := _closed_reason(request, link):
        return _message(request, reason)
    form = FollowUpForm(request.POST or None, statements=selectors.statements_for_follow_up(None))
    if request.method == "POST" and form.is_valid():
        try:
            services.link_submit(link=link, values=form.values(), answers=form.answers())
        except services.LinkUnavailable:
            # Used, withdrawn, expired or erased since the page was opened.
            fresh = selectors.link_for_token(token)
            return _message(request, (fresh and _closed_reason(request, fresh)) or "closed")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            thanks = reverse("self_completion_thanks")
            return keep_private(
                HttpResponseRedirect(f"{thanks}?{urlencode({'language': _active()})}")
            )
    return keep_private(
        render(
            request,
            "participants/public_survey.html",
            {"form": form, "languages": _switcher(_active())},
        ),
        referrer_policy="same-origin",
    )


def _active() -> str:
    return translation.get_language()


@never_cache
def self_completion_thanks(request: HttpRequest) -> HttpResponse:
    language = _language(request, None)
    with translation.override(language or translation.get_language()):
        response = keep_private(render(request, "participants/public_thanks.html"))
        response.headers.setdefault("Content-Language", translation.get_language())
    return response
