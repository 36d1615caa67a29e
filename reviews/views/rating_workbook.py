"""The reviewer's XLSX rating sheet: download, upload with a preview of the changes, apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from reviews import selectors
from reviews.forms import RatingWorkbookForm
from reviews.models import Review
from reviews.rating_workbook import SheetEntry, workbook_bytes
from reviews.services import ratings as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _session_key(review: Review) -> str:
    return f"rating-sheet-{review.pk}"


def _review_open_for(request: HttpRequest, pk: int) -> Review | None:
    """The review the user rates, if their rating is still open (else None, with a message)."""
    review = selectors.review_for_user(request.user, pk, "rate")
    if review.rating_open and not review.access.rating_completed:
        return review
    messages.error(request, _("Your rating of this review can no longer change."))
    return None


@login_required
def rating_workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's rating sheet as an Excel workbook, with their ratings so far."""
    review = _review_open_for(request, pk)
    if review is None:
        return redirect("reviews:rate", pk=pk)
    content = workbook_bytes(
        review_id=review.pk,
        reviewer_id=request.user.pk,
        minimum=review.scale.min_score,
        maximum=review.scale.max_score,
        items=selectors.rating_workbook_items(review, request.user),
    )
    response = HttpResponse(content, content_type=XLSX)
    filename = f"ratings-{review.center.code}-{review.pk}-{request.user.username}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def rating_workbook_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled sheet: every problem is listed by cell and nothing changes; a valid
    sheet is kept in the session and its changes are shown before they are applied."""
    review = _review_open_for(request, pk)
    if review is None:
        return redirect("reviews:rate", pk=pk)
    form = RatingWorkbookForm(
        request.POST or None, request.FILES or None, review=review, reviewer=request.user
    )
    if request.method == "POST" and form.is_valid():
        request.session[_session_key(review)] = [
            [e.item_id, e.number, e.score, e.evidence, e.version] for e in form.cleaned_data["file"]
        ]
        return redirect("reviews:rate_sheet_preview", pk=pk)
    return render(
        request,
        "reviews/rating_workbook_upload.html",
        {
            "review": review,
            "form": form,
            "workflow": selectors.review_workflow(review, request.user),
        },
    )


@never_cache
@login_required
def rating_workbook_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the uploaded sheet changes (saved value → sheet value); Apply stores it all or,
    when a rating changed on the rating page since the download, nothing."""
    review = _review_open_for(request, pk)
    if review is None:
        return redirect("reviews:rate", pk=pk)
    stored = request.session.get(_session_key(review))
    if not stored:
        messages.info(request, _("Upload your filled rating sheet first."))
        return redirect("reviews:rate_sheet_upload", pk=pk)
    entries = [SheetEntry(*row) for row in stored]
    error = None
    if request.method == "POST":
        try:
            changed = services.rating_sheet_apply(
                review=review, reviewer=request.user, entries=entries
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            del request.session[_session_key(review)]
            messages.success(
                request,
                _("The sheet was applied: %(count)s rating(s) changed.") % {"count": changed},
            )
            return redirect("reviews:rate", pk=pk)
    changes = selectors.rating_sheet_changes(review, request.user, entries)
    return render(
        request,
        "reviews/rating_workbook_preview.html",
        {
            "review": review,
            "changes": changes,
            "conflicts": [change for change in changes if change.conflict],
            "error": error,
            "workflow": selectors.review_workflow(review, request.user),
        },
    )
