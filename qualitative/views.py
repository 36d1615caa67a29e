from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centers.roles import is_admin
from qualitative import access, refi, selectors, services
from qualitative.forms import (
    CodeForm,
    CodingForm,
    CorrectionForm,
    ExcerptFilterForm,
    MemoForm,
    ProjectForm,
    RefiImportForm,
    SourceForm,
)
from qualitative.models import Coding


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    if (
        not request.user.has_perm("qualitative.view_project")
        and not access.sources_for_user(request.user).exists()
    ):
        raise PermissionDenied
    projects = access.projects_for_user(request.user).order_by("name")
    return render(request, "qualitative/project_list.html", {"projects": projects})


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("qualitative.add_project"):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(actor=request.user, **form.cleaned_data)
        return redirect("qualitative:project", project.pk)
    return render(request, "qualitative/project_form.html", {"form": form})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk)
    return render(
        request,
        "qualitative/project_detail.html",
        {
            "project": project,
            "sources": selectors.project_sources(request.user, project),
            "codebook": selectors.codebook(project),
            "may_edit_codebook": access.may_edit_codebook(request.user),
            "may_add_source": request.user.has_perm("qualitative.add_source"),
        },
    )


@login_required
def source_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, permission="qualitative.add_source")
    form = SourceForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
        try:
            source = services.source_create(actor=request.user, project=project, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("qualitative:source", source.pk)
    return render(request, "qualitative/source_form.html", {"form": form, "project": project})


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk)
    codings = selectors.source_codings(source)
    codebook = selectors.codebook(source.project)
    may_code = access.may_code(request.user) and source.is_current
    return render(
        request,
        "qualitative/source_detail.html",
        {
            "source": source,
            "codings": [(c, source.text[c.start : c.end]) for c in codings],
            "codebook": codebook,
            "may_code": may_code,
            "coding_data": [
                {
                    "id": c.pk,
                    "code": c.code_id,
                    "start": c.start,
                    "end": c.end,
                    "mine": c.coder_id == request.user.pk,
                }
                for c in codings
            ],
            "code_data": [
                {"id": code.pk, "name": code.name, "colour": code.colour}
                for code, _depth in codebook
            ],
            "memos": source.memos.select_related("author").order_by("created_at"),
            "memo_form": MemoForm(),
            "versions": _versions(source),
        },
    )


def _versions(source):
    versions, current = [], source
    while current.previous_id:
        current = current.previous
        versions.append(current)
    return versions


@login_required
def source_correct(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk, permission="qualitative.add_source")
    form = CorrectionForm(request.POST or None, initial={"text": source.text})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.source_correct(
                actor=request.user, source=source, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            flagged = new.codings.filter(needs_check=True).count()
            if flagged:
                messages.warning(
                    request,
                    _("%(count)s codings touched changed text; they are marked for a check.")
                    % {"count": flagged},
                )
            return redirect("qualitative:source", new.pk)
    return render(request, "qualitative/source_correct.html", {"form": form, "source": source})


@login_required
@require_POST
def coding_create(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk, permission="qualitative.add_coding")
    form = CodingForm(request.POST, project=source.project)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if form.is_valid():
        try:
            coding = services.coding_create(actor=request.user, source=source, **form.cleaned_data)
        except ValidationError as error:
            message = _errors(error)
        else:
            if wants_json:
                return JsonResponse(
                    {
                        "id": coding.pk,
                        "code": coding.code_id,
                        "start": coding.start,
                        "end": coding.end,
                    }
                )
            return redirect("qualitative:source", source.pk)
    else:
        message = " ".join(e for errors in form.errors.values() for e in errors)
    if wants_json:
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return redirect("qualitative:source", source.pk)


@login_required
@require_POST
def coding_delete(request: HttpRequest, pk: int, coding_pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk, permission="qualitative.delete_coding")
    coding = access.coding_for_user(request.user, source, coding_pk)
    services.coding_delete(actor=request.user, coding=coding)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"deleted": coding_pk})
    return redirect("qualitative:source", source.pk)


@login_required
def source_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk)
    if request.method == "POST":
        if not access.may_code(request.user):
            raise PermissionDenied
        codings = Coding.objects.filter(source=source).exclude(coder=request.user)
        if coder := request.POST.get("coder", "").strip():
            codings = codings.filter(coder_id=int(coder) if coder.isdigit() else -1)
        if ids := request.POST.getlist("coding"):
            codings = codings.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        try:
            count = services.codings_accept(
                actor=request.user, codings=codings.select_related("code", "source")
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, _("%(count)s codings copied into your own coding.") % {"count": count}
            )
        return redirect("qualitative:agreement", source.pk)
    codings = selectors.source_codings(source)
    return render(
        request,
        "qualitative/source_agreement.html",
        {
            "source": source,
            "rows": selectors.source_agreement(source),
            "others": [c for c in codings if c.coder_id != request.user.pk],
            "coders": {c.coder for c in codings if c.coder_id != request.user.pk},
            "may_code": access.may_code(request.user) and source.is_current,
        },
    )


@login_required
@require_POST
def memo_create(request: HttpRequest, pk: int) -> HttpResponse:
    source = access.source_for_user(request.user, pk, permission="qualitative.add_memo")
    form = MemoForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        services.memo_create(actor=request.user, project=source.project, source=source, text=text)
    else:
        messages.error(request, _("Write the memo before saving it."))
    return redirect("qualitative:source", source.pk)


@login_required
def code_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, permission="qualitative.add_code")
    return _code_form(request, project, None)


@login_required
def code_edit(request: HttpRequest, pk: int, code_pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, permission="qualitative.change_code")
    return _code_form(request, project, access.code_for_user(request.user, project, code_pk))


def _code_form(request, project, code):
    form = CodeForm(request.POST or None, instance=code, project=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if code is None:
                services.code_create(actor=request.user, project=project, **data)
            else:
                services.code_update(actor=request.user, code=code, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("qualitative:project", project.pk)
    memos = code.memos.select_related("author").order_by("created_at") if code else []
    return render(
        request,
        "qualitative/code_form.html",
        {"form": form, "project": project, "code": code, "memos": memos},
    )


@login_required
def excerpt_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk)
    if not (is_admin(request.user) or access.may_code(request.user)):
        raise PermissionDenied
    form = ExcerptFilterForm(
        request.GET or None, project=project, coders=selectors.project_coders(project)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "qualitative/excerpt_list.html",
        {
            "project": project,
            "form": form,
            "excerpts": selectors.excerpts(request.user, project, **filters),
            "co_occurrence": selectors.co_occurrence(request.user, project),
            "counts": selectors.counts_per_center(request.user, project),
        },
    )


@login_required
def project_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The project as REFI-QDA .qdpx: the sources the user may read, the codebook, the codings."""
    project = access.project_for_user(request.user, pk, permission="qualitative.change_code")
    sources = access.sources_for_user(request.user).filter(project=project, is_current=True)
    return _download(refi.project_qdpx(project, sources), f"project-{project.pk}.qdpx")


@login_required
def codebook_export(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, permission="qualitative.change_code")
    try:
        data = refi.codebook_qdc(project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("qualitative:project", pk=project.pk)
    return _download(data, f"codebook-{project.pk}.qdc")


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def project_import(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk, permission="qualitative.change_code")
    form = RefiImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.name.lower().endswith(".qdc"):
                result = refi.codebook_import(
                    actor=request.user, project=project, data=upload.read()
                )
            else:
                result = refi.project_import(
                    actor=request.user,
                    project=project,
                    center=form.cleaned_data["center"],
                    data=upload.read(),
                )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "Imported %(codes)s codes, %(sources)s sources and %(codings)s codings "
                    "(%(skipped)s sources that are not text were left out)."
                )
                % {
                    "codes": result.codes,
                    "sources": result.sources,
                    "codings": result.codings,
                    "skipped": result.skipped_sources,
                },
            )
            return redirect("qualitative:project", project.pk)
    return render(request, "qualitative/project_import.html", {"form": form, "project": project})
