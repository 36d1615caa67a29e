"""Pages for planning, following, finalizing and reporting reviews."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.roles import is_admin
from ipsweb.pagination import paginated
from reviews import action_follow_up, selectors, self_assessments
from reviews.forms import (
    ReopenForm,
    ReportLanguageForm,
    ReviewFilterForm,
    ReviewPlanForm,
    StrengthsForm,
)
from reviews.services import reviews as services
from reviews.services.notifications import review_notify_reviewers

REVIEWS_PER_PAGE = 50


def _plan(form: ReviewPlanForm) -> dict:
    """The service arguments of a valid plan form."""
    data = form.cleaned_data
    fields = ["center", "scale", "kind", "visit_start", "visit_end", "lead"]
    return {name: data[name] for name in fields} | {"reviewers": list(data["reviewers"])}


@login_required
@permission_required("reviews.view_review", raise_exception=True)
def review_list(request: HttpRequest) -> HttpResponse:
    filters = ReviewFilterForm(request.GET)
    query, status = "", ""
    if filters.is_valid():
        query, status = filters.cleaned_data["q"].strip(), filters.cleaned_data["status"]
    reviews = selectors.review_list(request.user, status=status, query=query)
    return render(
        request,
        "reviews/review_list.html",
        {
            **paginated(request, reviews, REVIEWS_PER_PAGE),
            "filters": filters,
            "filtered": bool(query or status),
        },
    )


@login_required
@permission_required("reviews.view_review", raise_exception=True)
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The reviewer's home: each review they are on, with the one next step for them."""
    return render(request, "reviews/my_reviews.html", {"rows": selectors.my_reviews(request.user)})


def center_page_section(user, center) -> dict:
    """The reviews of a center on its page (``centers.views.CENTER_PAGE_SECTIONS``), for users
    who may read reviews: each sees those in their review scope."""
    if not user.has_perm("reviews.view_review"):
        return {}
    return {"center_reviews": selectors.center_reviews(user, center)}


@login_required
@permission_required("reviews.add_review", raise_exception=True)
def review_create(request: HttpRequest) -> HttpResponse:
    form = ReviewPlanForm(request.POST or None, initial={"center": request.GET.get("center")})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_plan(actor=request.user, **_plan(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            review_notify_reviewers(
                review=review,
                reviewers=form.cleaned_data["reviewers"],
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, _("The review was planned; its reviewers are told by mail."))
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/review_form.html", {"form": form, "review": None})


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "plan")
    form = ReviewPlanForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        assigned = set(review.assignments.values_list("reviewer", flat=True))
        try:
            services.review_update_plan(review=review, **_plan(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            review_notify_reviewers(
                review=review,
                reviewers=[r for r in form.cleaned_data["reviewers"] if r.pk not in assigned],
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, _("The plan was saved."))
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/review_form.html", {"form": form, "review": review})


@require_POST
@login_required
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "plan")
    if not request.user.has_perm("reviews.delete_review"):
        raise PermissionDenied
    try:
        services.review_delete(review=review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:detail", pk=pk)
    messages.success(request, _("The planned review was deleted."))
    return redirect("reviews:list")


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk)
    previous = selectors.previous_final_review(review)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "access": review.access,
            "assignments": selectors.assignments_with_progress(review),
            "item_count": review.scale.items.count(),
            "consensus_count": review.consensus_scores.count(),
            "previous": previous,
            "previous_open_actions": selectors.open_actions(previous),
            "actions": selectors.action_plan(review),
            "action_updates": action_follow_up.action_updates(review),
            **_self_assessment(review),
            "reopenings": review.reopenings.select_related("reopened_by").order_by("reopened_at"),
            "history": selectors.review_audit_trail(review) if is_admin(request.user) else None,
            "workflow": selectors.review_workflow(review, request.user),
        },
    )


@login_required
def review_strengths(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "lead")
    if review.is_final:
        messages.error(request, _("The review is final; reopen it to change the report."))
        return redirect("reviews:report", pk=pk)
    form = StrengthsForm(
        request.POST.copy() if request.method == "POST" else None,
        initial={"strengths": review.strengths, "version": review.strengths_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save_strengths(
                review=review,
                actor=request.user,
                strengths=form.cleaned_data["strengths"],
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as error:
            conflict = error
            # The user's text stays in the form; saving again replaces the other person's text.
            form.data["version"] = str(error.version)
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The strengths were saved."))
            return redirect("reviews:detail", pk=pk)
    return render(
        request,
        "reviews/review_strengths.html",
        {
            "review": review,
            "form": form,
            "conflict": conflict,
            "workflow": selectors.review_workflow(review, request.user),
        },
    )


@login_required
def review_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (what cannot be undone, and who can undo it); finalizes on a confirmed POST."""
    review = selectors.review_for_user(request.user, pk, "lead")
    workflow = selectors.review_workflow(review, request.user)
    if request.method != "POST" or "confirmed" not in request.POST:
        return render(
            request,
            "reviews/review_finalize.html",
            {"review": review, "workflow": workflow, "ready": workflow.stage == "report"},
        )
    try:
        review = services.review_finalize(review=review, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reviews:consensus", pk=pk)
    messages.success(
        request,
        _("The review is final: total %(total)s, %(band)s.")
        % {
            "total": review.total,
            "band": selectors.review_band_name(review),
        },
    )
    return redirect("reviews:report", pk=pk)


@login_required
def review_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "reopen")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_reopen(
                review=review, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review is open for consensus again."))
            return redirect("reviews:detail", pk=pk)
    return render(request, "reviews/review_reopen.html", {"review": review, "form": form})


@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk)
    return render(
        request,
        "reviews/review_report.html",
        {
            "review": review,
            "access": review.access,
            "report": selectors.review_report(review),
            **_self_assessment(review),
            "workflow": selectors.review_workflow(review, request.user),
            "deliveries": selectors.report_deliveries(review) if review.is_final else [],
            "send_form": ReportLanguageForm(initial={"language": translation.get_language()}),
            "languages": settings.LANGUAGES,
        },
    )


def _self_assessment(review) -> dict:
    """A final review's partner of the other kind, compared item by item (the partial
    reviews/_self_assessment.html)."""
    return {
        "self_pair": self_assessments.comparison_for(review),
        "same_period_months": self_assessments.SAME_PERIOD_MONTHS,
    }
