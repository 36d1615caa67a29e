"""Portfolio, comparison (with its exports) and the fidelity-outcome view: GET pages that read.

Program managers and admins use them (permission ``reviews.view_center_reviews``: reading every
review of the centers in scope); everything shown is limited to the user's scope.
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dashboards import exports, selectors
from dashboards.forms import ComparisonForm, FidelityOutcomeForm, PortfolioForm, SelfAssessmentForm
from ipsweb.pagination import query_without
from reviews.comparison import SMALL_N
from reviews.self_assessments import SAME_PERIOD_MONTHS

# Wide tables show this many centers at a time; the exports always hold all of them.
CENTERS_PER_PAGE = 50
PORTFOLIO_PAGE_SIZE = 100
READ_CENTER_REVIEWS = "reviews.view_center_reviews"

audit_log = logging.getLogger("ipsweb.audit")


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def portfolio(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PortfolioForm(request.GET, user=user, bands=selectors.band_labels())
    filters = form.filters()
    shown = selectors.portfolio_page(
        user, filters, page=request.GET.get("page"), per_page=PORTFOLIO_PAGE_SIZE
    )
    return render(
        request,
        "dashboards/portfolio.html",
        {
            "form": form,
            "filters": filters,
            "rows": shown.rows,
            "page": shown.page,
            "count": shown.count,
            "overdue_count": shown.overdue_count,
            "interval": settings.REVIEW_INTERVAL_MONTHS,
            "cadence": selectors.band_intervals(),
            "columns": _sort_columns(request, filters),
            "query": query_without(request, "page"),
        },
    )


PORTFOLIO_COLUMNS = [
    ("name", gettext_lazy("Center"), False),
    ("code", gettext_lazy("Code"), False),
    ("region", gettext_lazy("Region"), False),
    ("total", gettext_lazy("Latest total"), True),
    ("", gettext_lazy("Band"), False),
    ("date", gettext_lazy("Last review"), False),
    ("change", gettext_lazy("Change since the previous review"), False),
    ("due", gettext_lazy("Next review due"), False),
]


def _sort_columns(request: HttpRequest, filters) -> list[dict]:
    """The portfolio's column headings, each sortable one with the link that sorts by it (the
    current column again: the other direction)."""
    columns = []
    for key, label, numeric in PORTFOLIO_COLUMNS:
        column = {"label": label, "numeric": numeric, "url": "", "aria_sort": ""}
        if key:
            query = request.GET.copy()
            query.pop("page", None)
            current = filters.sort == key
            query["sort"] = key
            query["dir"] = "desc" if current and not filters.descending else "asc"
            column["url"] = query.urlencode()
            if current:
                column["aria_sort"] = "descending" if filters.descending else "ascending"
        columns.append(column)
    return columns


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def comparison(request: HttpRequest) -> HttpResponse:
    form, result = _chosen_page(request, ComparisonForm, selectors.comparison_for_user)
    return render(
        request,
        "dashboards/comparison.html",
        {
            "form": form,
            "result": result,
            "table": result.table if result else None,
            "centers_page": result.centers_page if result else None,
            "query": query_without(request, "page"),
        },
    )


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def comparison_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format: choose csv or xlsx."))
    _form, result = _chosen(request, ComparisonForm, selectors.comparison_tables_for_user)
    if result is None:
        # Show the form with what to fix instead of exporting something else.
        return redirect(f"{reverse('dashboards:comparison')}?{query_without(request, 'format')}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # Comparison exports hold no personal data; they go to the application log for the record.
    audit_log.info(
        "comparison export by %s: format=%s query=%s",
        request.user.username,
        fmt,
        query_without(request, "format"),
    )
    return exports.download(result, fmt, f"comparison-{stamp}")


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def fidelity_outcomes(request: HttpRequest) -> HttpResponse:
    form, result = _chosen_page(request, FidelityOutcomeForm, selectors.fidelity_outcomes_for_user)
    return render(
        request,
        "dashboards/fidelity_outcomes.html",
        {
            "form": form,
            "result": result,
            "centers_table": result.centers_table if result else None,
            "centers_page": result.centers_page if result else None,
            "query": query_without(request, "page"),
            "small_n": SMALL_N,
        },
    )


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def self_assessments(request: HttpRequest) -> HttpResponse:
    form, result = _chosen(request, SelfAssessmentForm, selectors.self_assessment_overview)
    return render(
        request,
        "dashboards/self_assessments.html",
        {"form": form, "result": result, "months": SAME_PERIOD_MONTHS},
    )


def _chosen_page(request: HttpRequest, form_class, build):
    """``_chosen`` for a page that shows its centers a page at a time: the one the request asks
    for."""
    return _chosen(
        request, form_class, build, page=request.GET.get("page"), per_page=CENTERS_PER_PAGE
    )


def _chosen(request: HttpRequest, form_class, build, **arguments):
    """The form for the request and, when it is valid, what ``build`` (a selector, given
    ``arguments`` too) makes of the chosen centers of the user's scope; None instead when the
    form shows what to fix."""
    form = form_class.for_request(request)
    selection = form.selection()
    if selection is None:
        return form, None
    return form, build(request.user, selection, **arguments)


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def joint_display(request: HttpRequest) -> HttpResponse:
    form, result = _chosen(request, ComparisonForm, selectors.joint_display)
    return render(
        request,
        "dashboards/joint_display.html",
        {
            "form": form,
            "result": result,
            "shown": selectors.JOINT_SHOWN,
            "query": query_without(request, "page"),
        },
    )


@require_GET
@login_required
@permission_required(READ_CENTER_REVIEWS, raise_exception=True)
def joint_display_export(request: HttpRequest) -> HttpResponse:
    _form, result = _chosen(request, ComparisonForm, _whole_joint_display)
    if result is None:
        return redirect(f"{reverse('dashboards:joint_display')}?{query_without(request, 'format')}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        exports.joint_display_xlsx(result), content_type=exports.FORMATS["xlsx"]
    )
    response["Content-Disposition"] = f'attachment; filename="joint-display-{stamp}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def _whole_joint_display(user, selection):
    """The joint display with every excerpt, for the download."""
    return selectors.joint_display(user, selection, shown=None)


def center_page_section(user, center) -> dict:
    """The fidelity dashboard on a center's page (``centers.views.CENTER_PAGE_SECTIONS``), for
    users who read every review of the centers in their scope."""
    dashboard = selectors.center_dashboard(user, center)
    chart = dashboard.chart_data() if dashboard and dashboard.latest else None
    return {"dashboard": dashboard, "dashboard_chart": chart}
