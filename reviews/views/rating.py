"""The rating page of one reviewer, and its autosave endpoint."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsweb.concurrency import EditConflict
from ipsweb.jsoninput import JSONInputError, json_loads
from reviews import action_follow_up, selectors
from reviews.evidence import item_evidence
from reviews.facts import item_suggestions, items_differing_without_note
from reviews.forms import AutosaveForm, RatingSheetForm
from reviews.models import ScaleItem
from reviews.services import ratings as services


@login_required
def rating_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item with its anchors, a score and evidence notes. With JavaScript each item saves
    as the reviewer works; without it, the Save button submits the whole page."""
    review = selectors.review_for_user(request.user, pk, "rate")
    items = selectors.scale_items(review.scale)
    ratings = selectors.my_ratings(review, request.user)
    form = RatingSheetForm(
        request.POST or None,
        items=items,
        scale=review.scale,
        initial=RatingSheetForm.initial_for(ratings),
        versions={item_id: rating.version for item_id, rating in ratings.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_sheet_save(
                review=review,
                reviewer=request.user,
                entries=form.entries(),
                versions=form.versions_seen(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "complete" in request.POST:
                # Asked to complete: the confirmation page says what is still unrated, if anything.
                return redirect("reviews:rate_complete", pk=pk)
            messages.success(request, _("Your ratings were saved."))
            return redirect("reviews:rate", pk=pk)
    open_for_rating = review.rating_open and not review.access.rating_completed
    rated_ids = {r.item_id for r in ratings.values() if r.score is not None}
    index = [(item, item.pk in rated_ids) for item in items]
    return render(
        request,
        "reviews/rating_sheet.html",
        {
            "review": review,
            **evidence_context(request, review),
            "form": form,
            "editable": open_for_rating,
            "rated": len(rated_ids),
            "index": index,
            # Back from a refused "mark complete": the unrated items stand out.
            "highlight_missing": open_for_rating and request.GET.get("missing") == "1",
            "unrated_ids": {item.pk for item, is_rated in index if not is_rated},
            "next_unrated": next((item for item, is_rated in index if not is_rated), None),
            "item_count": len(items),
            "previous": action_follow_up.previous_items(review),
            "workflow": selectors.review_workflow(review, request.user),
            **suggestion_context(review, request.user, ratings),
        },
    )


def suggestion_context(review, user, ratings) -> dict:
    """The items' suggested scores from the review's facts, and the items whose stored score
    differs from its suggestion without an evidence note."""
    suggestions = item_suggestions(review)
    return {
        "suggestions": suggestions,
        "differing_ids": {
            item_id
            for item_id, found in suggestions.items()
            if found.score is not None
            and (rating := ratings.get(item_id)) is not None
            and rating.score is not None
            and rating.score != found.score
            and not rating.evidence.strip()
        },
        "facts_url": reverse("reviews:facts", args=[review.pk]),
    }


@login_required
def rating_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks before marking the rating complete (it cannot be undone); lists the unrated items,
    as links back to them, when some are missing. Completes on a confirmed POST."""
    review = selectors.review_for_user(request.user, pk, "rate")
    unrated = selectors.unrated_items(review, request.user)
    differing = items_differing_without_note(review, request.user)
    open_for_rating = review.rating_open and not review.access.rating_completed
    if request.method == "POST" and open_for_rating and not unrated and not differing:
        try:
            services.rating_complete(review=review, reviewer=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reviews:rate_complete", pk=pk)
        messages.success(request, _("Your rating is complete. You can now see the other ratings."))
        return redirect("reviews:detail", pk=pk)
    return render(
        request,
        "reviews/rating_complete.html",
        {
            "review": review,
            "unrated": unrated,
            "differing": differing,
            "open_for_rating": open_for_rating,
            "workflow": selectors.review_workflow(review, request.user),
        },
    )


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"saved": False, "error": message}, status=status)


@require_POST
@login_required
def rating_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one item: JSON {"item": id, "score": n or null, "evidence": text, "version": n}.

    Answers {"saved": true, "item", "score", "version", "rated": n, "total": m} or, for anything
    wrong with the input or the step of the review, 400 with {"saved": false, "error": message};
    a save based on an older version than the stored one answers 409 with {"conflict": true} and
    the stored "score", "evidence" and "version". Nothing changes unless it answers "saved".
    """
    review = selectors.review_for_user(request.user, pk, "rate")
    try:
        payload = json_loads(request.body)
    except JSONInputError as error:
        return _error(_("The request was not valid JSON: %(error)s") % {"error": error})
    form = AutosaveForm.from_json(payload)
    if not form.is_valid():
        return _error(form.first_error())
    item = ScaleItem.objects.filter(pk=form.cleaned_data["item"], scale=review.scale_id).first()
    if item is None:
        return _error(_("This item is not part of the review's scale."))
    try:
        saved = services.rating_save(
            review=review,
            reviewer=request.user,
            item=item,
            score=form.cleaned_data["score"],
            evidence=form.cleaned_data["evidence"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        return JsonResponse(
            {
                "saved": False,
                "conflict": True,
                "error": " ".join(conflict.messages),
                "item": item.pk,
                **conflict.current,
                "version": conflict.version,
            },
            status=409,
        )
    except ValidationError as error:
        return _error(" ".join(error.messages))
    rated, total = selectors.rating_progress(review, request.user)
    return JsonResponse(
        {
            "saved": True,
            "item": item.pk,
            "score": saved.score if saved else None,
            "version": saved.version if saved else 0,
            "rated": rated,
            "total": total,
        }
    )


def evidence_context(request: HttpRequest, review) -> dict:
    """Excerpts coded to the items: the review's own sources, or (``?evidence=center``) every
    source of the center the user may see excerpts of."""
    whole_center = request.GET.get("evidence") == "center"
    return {
        "item_excerpts": item_evidence(request.user, review, whole_center=whole_center),
        "excerpts_whole_center": whole_center,
    }
