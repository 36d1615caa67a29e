"""The facts of a review for its reviewers, and the data request link's own page (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ipsweb.links import keep_private
from ipsweb.links import link_for_token as link_of_token
from reviews import selectors
from reviews.facts import current_data_request, item_suggestions, review_fact_values, scale_facts
from reviews.forms import DataRequestForm, FactsForm
from reviews.models import DataRequest, ReviewFact
from reviews.services import facts as services
from reviews.views.public import link_message, unknown_link


def _facts_page(request: HttpRequest, review, form, *, request_form=None, new_link=None):
    data_request = current_data_request(review)
    facts = scale_facts(review.scale)
    sources = dict(ReviewFact.objects.filter(review=review).values_list("key", "source"))
    return render(
        request,
        "reviews/facts.html",
        {
            "review": review,
            "form": form,
            "has_facts": bool(facts),
            "editable": not review.is_final,
            "sources": {key: ReviewFact.Source(source).label for key, source in sources.items()},
            "data_request": data_request,
            "request_state": data_request.state() if data_request else None,
            "request_form": request_form or DataRequestForm(),
            "new_link": new_link,
            "suggested": sum(1 for s in item_suggestions(review).values() if s.score is not None),
            "workflow": selectors.review_workflow(review, request.user),
        },
    )


@never_cache
@login_required
def review_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """Every fact of the review's scale: the reviewers see and change them (so the suggested
    scores work without a data request), and make or withdraw the center's data request link."""
    review = selectors.review_for_user(request.user, pk, "facts")
    form = FactsForm(
        request.POST or None,
        facts=scale_facts(review.scale),
        initial=FactsForm.initial_for(review_fact_values(review)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_facts_save(review=review, actor=request.user, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The facts were saved."))
            return redirect("reviews:facts", pk=pk)
    return _facts_page(request, review, form)


@never_cache
@require_POST
@login_required
def data_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "facts")
    request_form = DataRequestForm(request.POST)
    new_link = None
    if request_form.is_valid():
        try:
            _created, token = services.data_request_create(
                review=review,
                actor=request.user,
                expires_on=request_form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            request_form.add_error(None, error)
        else:
            # Shown once: only the token's hash is stored.
            new_link = request.build_absolute_uri(reverse("data_request", args=[token]))
    form = FactsForm(
        facts=scale_facts(review.scale),
        initial=FactsForm.initial_for(review_fact_values(review)),
    )
    return _facts_page(request, review, form, request_form=request_form, new_link=new_link)


def _request_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "facts")
    data_request = current_data_request(review)
    if data_request is None:
        messages.error(request, _("This review has no data request link."))
        return redirect("reviews:facts", pk=pk)
    try:
        action(request=data_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reviews:facts", pk=pk)


@require_POST
@login_required
def data_request_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_action(
        request,
        pk,
        services.data_request_revoke,
        _("The link was withdrawn. It no longer opens the data request."),
    )


@require_POST
@login_required
def data_request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_action(
        request,
        pk,
        services.data_request_reopen,
        _("The data request is open again: the center can change its facts until it submits."),
    )


# ---------------------------------------------------------------------------------------------
# The link's own page

MESSAGES = {
    DataRequest.State.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("Ask the reviewers who sent it to you for a new link."),
    ),
    DataRequest.State.REVOKED: (
        410,
        gettext_lazy("This link was withdrawn"),
        gettext_lazy("It has been replaced or cancelled. Ask the reviewers for a new link."),
    ),
    "closed": (
        410,
        gettext_lazy("This review is closed"),
        gettext_lazy("The review is final, so its facts can no longer change."),
    ),
}


def _request_for_token(token: str) -> DataRequest | None:
    return link_of_token(
        DataRequest.objects.select_related("review__center", "review__scale"), token
    )


def _closed_reason(data_request: DataRequest):
    state = data_request.state()
    if state in (DataRequest.State.EXPIRED, DataRequest.State.REVOKED):
        return state
    if data_request.review.is_final:
        return "closed"
    return None


@never_cache
def data_request(request: HttpRequest, token: str) -> HttpResponse:
    """The center's team leader fills in the review's facts: a draft they may come back to, then
    submitted (read-only until a reviewer reopens it). Shows only the center's name, the visit
    dates and the facts."""
    found = _request_for_token(token)
    if found is None:
        return unknown_link(request, "data-request")
    if reason := _closed_reason(found):
        return link_message(request, MESSAGES[reason])
    review = found.review
    facts = scale_facts(review.scale)
    submitted = found.state() == DataRequest.State.SUBMITTED
    form = FactsForm(
        None if submitted else (request.POST or None),
        facts=facts,
        initial=FactsForm.initial_for(review_fact_values(review)),
    )
    if request.method == "POST" and not submitted and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.data_request_save(request=found, values=form.values(), submit=submit)
        except services.RequestUnavailable:
            fresh = _request_for_token(token)
            reason = fresh and _closed_reason(fresh)
            if reason:
                return link_message(request, MESSAGES[reason])
            submitted = True
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return keep_private(redirect(f"{request.path}?{'submitted' if submit else 'saved'}=1"))
    if submitted:
        form = FactsForm(facts=facts, initial=FactsForm.initial_for(review_fact_values(review)))
    return keep_private(
        render(
            request,
            "reviews/data_request.html",
            {
                "review": review,
                "data_request": found,
                "form": form,
                "submitted": submitted,
                "just_saved": request.method == "GET"
                and request.GET.get("saved") == "1"
                and not submitted,
                "just_submitted": request.GET.get("submitted") == "1" and submitted,
            },
        ),
        referrer_policy="same-origin",
    )
