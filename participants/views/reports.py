"""Survey dashboards, exports and the export log, and the statements admins edit."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from centers.selectors import health_data_centers_for_user
from ipsweb.pagination import paginated
from participants import exports, selectors, services
from participants.dashboard import Filters, dashboard, sees_periods
from participants.forms import ExportForm, FilterForm, ReadLogFilterForm, StatementForm
from participants.models import ExportLog, ReadLog, Statement
from participants.views.registry import log_read

STATEMENTS_PER_PAGE = 50
READS_PER_PAGE = 100


def filters_from(form: FilterForm) -> Filters:
    """The valid part of a filter form (an invalid field is reported and left out)."""
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return Filters(
        center=data.get("center"),
        arm=data.get("arm") or "",
        included_from=data.get("included_from"),
        included_to=data.get("included_to"),
    )


@never_cache
@login_required
@permission_required("participants.view_participant", raise_exception=True)
def survey_dashboard(request: HttpRequest) -> HttpResponse:
    form = FilterForm(
        request.GET,
        centers=health_data_centers_for_user(request.user),
        periods=sees_periods(request.user),
    )
    filters = filters_from(form)
    data = dashboard(request.user, filters)
    return render(
        request,
        "participants/dashboard.html",
        {"form": form, "filters": filters, "data": data, "charts": data.charts},
    )


@never_cache
@login_required
@permission_required("participants.export_participants", raise_exception=True)
def export_page(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST or None, centers=health_data_centers_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        return _download(request, form)
    return render(
        request,
        "participants/exports.html",
        {"form": form, "log": selectors.export_log()[:100]},
    )


def _download(request: HttpRequest, form: ExportForm) -> HttpResponse:
    filters = filters_from(form)
    export = exports.export_data(request.user, filters)
    fmt = form.cleaned_data["format"]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == ExportLog.Format.XLSX:
        body = exports.as_xlsx(export)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"participants-{stamp}.xlsx"
    elif fmt == ExportLog.Format.DICTIONARY:
        body = exports.as_csv(exports.dictionary_rows(export))
        content_type = "text/csv; charset=utf-8"
        name = f"participants-dictionary-{stamp}.csv"
    else:
        body = exports.as_csv(exports.table_rows(export))
        content_type = "text/csv; charset=utf-8"
        name = f"participants-{stamp}.csv"
    services.export_record(
        user=request.user, format=fmt, filters=filters.describe(), row_count=len(export.rows)
    )
    if fmt != ExportLog.Format.DICTIONARY:  # the dictionary holds no participant data
        log_read(request, ReadLog.Kind.EXPORT, center=filters.center)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@permission_required("participants.view_readlog", raise_exception=True)
def read_log(request: HttpRequest) -> HttpResponse:
    form = ReadLogFilterForm(request.GET)
    entries = selectors.read_log(**form.filters())
    return render(
        request,
        "participants/read_log.html",
        {
            "form": form,
            "retention_days": settings.HEALTH_READ_LOG_RETENTION_DAYS,
            **paginated(request, entries, READS_PER_PAGE),
        },
    )


@login_required
@permission_required("participants.change_statement", raise_exception=True)
def statement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/statement_list.html",
        paginated(request, selectors.statement_list(), STATEMENTS_PER_PAGE),
    )


@login_required
@permission_required("participants.add_statement", raise_exception=True)
def statement_create(request: HttpRequest) -> HttpResponse:
    return _statement_form(request, None)


@login_required
@permission_required("participants.change_statement", raise_exception=True)
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_form(request, get_object_or_404(Statement, pk=pk))


def _statement_form(request: HttpRequest, statement: Statement | None) -> HttpResponse:
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.statement_save(
                statement=statement,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                position=form.cleaned_data["position"],
                is_active=form.cleaned_data["is_active"],
                translations=form.translations(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if statement is not None and saved.pk != statement.pk:
                messages.success(
                    request,
                    _(
                        "The old statement has answers, so it was retired with its history and "
                        "the new text was added as a new statement."
                    ),
                )
            else:
                messages.success(request, _("The statement was saved."))
            return redirect("participants:statements")
    return render(
        request, "participants/statement_form.html", {"form": form, "statement": statement}
    )
