"""The consensus page: every reviewer's ratings side by side, and the lead's consensus form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews import action_follow_up, selectors
from reviews.forms import consensus_formset
from reviews.models import Review
from reviews.services.consensus import ConsensusRejected, consensus_save
from reviews.views.rating import evidence_context


def quotes_context(review: Review) -> dict:
    """The excerpts quoted in the report, for the evidence beside each item; the lead chooses
    them until the review is final."""
    quotes = selectors.report_quotes(review)
    return {
        "report_quotes": quotes,
        "quoted_keys": {number: {q.key for q in chosen} for number, chosen in quotes.items()},
        "quotes_editable": review.access.lead and not review.is_final,
    }


@login_required
def consensus(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk)
    access = review.access
    if not access.see_ratings:
        if request.method == "POST":
            raise PermissionDenied
        # Not yet, rather than not allowed: say when the page opens and what it waits for.
        return render(
            request,
            "reviews/consensus_not_yet.html",
            {"review": review, "workflow": selectors.review_workflow(review, request.user)},
        )
    comparison = selectors.rating_comparison(
        review, completed_only=not access.see_unfinished_ratings
    )
    editable = access.lead and review.status == Review.Status.CONSENSUS
    if request.method == "POST" and not editable:
        raise PermissionDenied
    formset = (
        consensus_formset(review, comparison, request.POST if request.method == "POST" else None)
        if editable
        else None
    )
    conflicts = False
    if formset is not None and formset.incomplete:
        messages.error(request, _("The form arrived incomplete; nothing was saved. Try again."))
    if request.method == "POST" and formset.is_valid():
        try:
            saved = consensus_save(
                review=review, actor=request.user, entries=[f.entry() for f in formset.forms]
            )
        except ConsensusRejected as error:
            conflicts = bool(error.conflicts)
            for form in formset.forms:
                item_id = form.cleaned_data["item"]
                for message in error.item_errors.get(item_id, []):
                    form.add_error(None, message)
                if item_id in error.conflicts:
                    form.show_conflict(error.conflicts[item_id])
            messages.error(request, error.messages[0])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d consensus score was saved.",
                    "%(count)d consensus scores were saved.",
                    saved,
                )
                % {"count": saved},
            )
            return redirect("reviews:consensus", pk=pk)
    missing = sum(1 for row in comparison.items if row.consensus is None)
    return render(
        request,
        "reviews/consensus.html",
        {
            "review": review,
            **evidence_context(request, review),
            **quotes_context(review),
            "access": access,
            "comparison": comparison,
            "formset": formset,
            "rows": list(zip(comparison.items, formset.forms, strict=True))
            if formset
            else [(row, None) for row in comparison.items],
            "missing": missing,
            "conflicts": conflicts,
            "previous": action_follow_up.previous_items(review),
            "workflow": selectors.review_workflow(review, request.user),
        },
    )
