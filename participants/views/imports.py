"""Import of participants and survey answers: upload and check, preview, confirm; the template
and data dictionary to start from; the import log (admins)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ipsweb.formfields import MEBIBYTE, SizeLimitUploadHandler, upload_too_large
from ipsweb.pagination import paginated
from ipsweb.spreadsheets import Sheet, csv_bytes, xlsx_bytes
from ipsweb.tabular import Table, TableError, read_table
from participants import selectors
from participants.forms import ImportConfirmForm, ImportUploadForm
from participants.imports import checks as imports
from participants.imports import services
from participants.models import ReadLog
from participants.views.registry import log_read

IMPORT = ["participants.add_participant", "participants.change_participant"]
LOG_PER_PAGE = 50
# Rows of problems and changes a page shows; the counts are always complete.
SHOWN = 500


def _max_bytes() -> int:
    return settings.PARTICIPANT_IMPORT_MAX_MEGABYTES * MEBIBYTE


def _upload_page(
    request, form, *, problems=None, notes=(), refused=None, status=200
) -> HttpResponse:
    problems = problems or []
    return render(
        request,
        "participants/import.html",
        {
            "form": form,
            "problems": problems[:SHOWN],
            "problem_count": len(problems),
            "notes": notes,
            "refused": refused,
            "max_rows": settings.PARTICIPANT_IMPORT_MAX_ROWS,
            "max_megabytes": settings.PARTICIPANT_IMPORT_MAX_MEGABYTES,
            "keeps_references": settings.PARTICIPANT_IMPORT_KEEPS_REFERENCES,
        },
        status=status,
    )


@csrf_exempt  # checked by _upload, once the size is known to be within the limit
@never_cache
@login_required
@permission_required(IMPORT, raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Checks the size of a posted file before its body is read (see SizeLimitUploadHandler)."""
    limit = _max_bytes()
    length = request.META.get("CONTENT_LENGTH") or "0"
    if request.method == "POST" and length.isdigit() and int(length) > limit:
        refused = upload_too_large(int(length), limit).messages[0]
        return _upload_page(request, ImportUploadForm(max_bytes=limit), refused=refused, status=413)
    handler = SizeLimitUploadHandler(request, limit)
    request.upload_handlers.insert(0, handler)
    return _upload(request, handler, limit)


@csrf_protect
def _upload(request: HttpRequest, handler: SizeLimitUploadHandler, limit: int) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, ImportUploadForm(max_bytes=limit))
    form = ImportUploadForm(request.POST, request.FILES, max_bytes=limit)
    if handler.too_large:
        refused = upload_too_large(handler.too_large, limit).messages[0]
        return _upload_page(request, ImportUploadForm(max_bytes=limit), refused=refused, status=413)
    if not form.is_valid():
        return _upload_page(request, form)
    try:
        table = read_table(form.cleaned_data["file"], max_rows=settings.PARTICIPANT_IMPORT_MAX_ROWS)
    except TableError as error:
        form.add_error("file", str(error))
        return _upload_page(request, form)
    unknown_codes_are_new = form.cleaned_data["unknown_codes_are_new"]
    plan = imports.import_check(
        user=request.user, table=table, unknown_codes_are_new=unknown_codes_are_new
    )
    if plan.problems:
        return _upload_page(request, form, problems=plan.problems, notes=plan.notes)
    batch = services.import_prepare(
        actor=request.user,
        file_name=request.FILES["file"].name,
        table={"header": table.header, "rows": table.rows},
        plan=plan,
        options={"unknown_codes_are_new": unknown_codes_are_new},
    )
    return redirect("participants:import_preview", pk=batch.pk)


@never_cache
@login_required
@permission_required(IMPORT, raise_exception=True)
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch_for_user(request.user, pk)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.import_commit(
                actor=request.user,
                batch=batch,
                change_existing=form.cleaned_data["change_existing"],
            )
        except services.ImportOutdated:
            return _check_again(request, batch)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _summary(entry))
            return redirect("participants:import")
    log_read(request, ReadLog.Kind.LIST)  # the preview shows stored answers
    plan = batch.plan
    return render(
        request,
        "participants/import_preview.html",
        {
            "batch": batch,
            "form": form,
            "counts": plan["counts"],
            "notes": plan["notes"],
            "changes": plan["changes"][:SHOWN],
            "change_count": len(plan["changes"]),
            "new_rows": [row for row in plan["rows"] if row["new"]][:SHOWN],
        },
    )


def _summary(entry) -> str:
    return _(
        "%(name)s was imported: %(created)s new participants; %(baselines)s baseline surveys, "
        "%(screens)s diagnostic screens and %(follow_ups)s follow-ups added; %(changed)s stored "
        "answers changed. The import log and the history of every participant and survey it "
        "touched record it."
    ) % {
        "name": entry.file_name,
        "created": entry.participants_created,
        "baselines": entry.baselines_added,
        "screens": entry.screens_added,
        "follow_ups": entry.follow_ups_added,
        "changed": entry.answers_changed,
    }


def _check_again(request: HttpRequest, batch) -> HttpResponse:
    """The participants changed since the preview: check the file again and show what it would
    do now (or why it no longer can)."""
    table = Table(batch.table["header"], [tuple(row) for row in batch.table["rows"]])
    plan = imports.import_check(user=request.user, table=table, **batch.options)
    if plan.problems:
        services.import_discard(actor=request.user, batch=batch)
        form = ImportUploadForm(max_bytes=_max_bytes())
        messages.error(
            request,
            _("Stored data changed since the preview and the file no longer passes the checks."),
        )
        return _upload_page(request, form, problems=plan.problems, notes=plan.notes)
    services.import_prepare(
        actor=request.user,
        file_name=batch.file_name,
        table=batch.table,
        plan=plan,
        options=batch.options,
        batch=batch,
    )
    messages.warning(
        request,
        _(
            "Someone changed participants of this file since the preview, so nothing was "
            "imported. Here is what the file would do now; confirm again if it is right."
        ),
    )
    return redirect("participants:import_preview", pk=batch.pk)


@require_POST
@login_required
@permission_required(IMPORT, raise_exception=True)
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_batch_for_user(request.user, pk)
    services.import_discard(actor=request.user, batch=batch)
    messages.info(request, _("The import was discarded; nothing was stored."))
    return redirect("participants:import")


TEMPLATE_KINDS = {
    "csv": ("participants-import-template.csv", "text/csv; charset=utf-8"),
    "xlsx": (
        "participants-import-template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "dictionary": ("participants-import-dictionary.csv", "text/csv; charset=utf-8"),
}


@login_required
@permission_required(IMPORT, raise_exception=True)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty file with the columns an import reads, or their data dictionary."""
    if kind not in TEMPLATE_KINDS:
        raise Http404
    name, content_type = TEMPLATE_KINDS[kind]
    columns = [imports.template_columns()]
    if kind == "csv":
        body = csv_bytes([columns])
    elif kind == "xlsx":
        body = xlsx_bytes(
            [
                Sheet(_("Participants"), [columns]),
                Sheet(_("Data dictionary"), [imports.dictionary_rows()]),
            ]
        )
    else:
        body = csv_bytes([imports.dictionary_rows()])
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@permission_required("participants.view_importlog", raise_exception=True)
def import_log(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/import_log.html",
        paginated(request, selectors.import_log(), LOG_PER_PAGE),
    )
