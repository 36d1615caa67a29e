"""Pages where admins keep fidelity scales: list, detail, import/export, and editing drafts."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsweb.translations import language_codes, language_name
from reviews import selectors
from reviews.facts import scale_fact_rows, scale_rule_texts
from reviews.forms import (
    BandFormSet,
    ItemForm,
    ScaleForm,
    ScaleImportForm,
    ScaleTranslationForm,
    SectionFormSet,
    anchor_formset,
    band_rows,
    section_rows,
)
from reviews.models import FidelityScale
from reviews.services import scales as services

can_change = permission_required("reviews.change_fidelityscale", raise_exception=True)


def _draft(request: HttpRequest, pk: int) -> FidelityScale | None:
    """The scale if it is a draft; otherwise None, with a message saying how to change it."""
    scale = selectors.scale_for_user(request.user, pk)
    if scale.is_draft:
        return scale
    messages.error(
        request,
        _("%(scale)s is published and cannot change. Create a new draft version to make changes.")
        % {"scale": scale},
    )
    return None


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@permission_required("reviews.view_fidelityscale", raise_exception=True)
def scale_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/scale_list.html", {"scales": selectors.scale_list()})


@login_required
@permission_required("reviews.view_fidelityscale", raise_exception=True)
def scale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_for_user(request.user, pk)
    return render(
        request,
        "reviews/scale_detail.html",
        {
            "scale": scale,
            "languages": selectors.scale_languages(scale),
            "facts": scale_fact_rows(scale),
            "rules": scale_rule_texts(scale),
        },
    )


@login_required
@permission_required("reviews.add_fidelityscale", raise_exception=True)
def scale_create(request: HttpRequest) -> HttpResponse:
    form = ScaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scale = services.scale_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft %(scale)s was created.") % {"scale": scale})
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(request, "reviews/scale_form.html", {"form": form, "scale": None})


@login_required
@permission_required("reviews.add_fidelityscale", raise_exception=True)
def scale_import(request: HttpRequest) -> HttpResponse:
    form = ScaleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            scale = services.scale_import(data=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("The file was imported as draft %(scale)s. Check it, then publish it.")
                % {"scale": scale},
            )
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(request, "reviews/scale_import.html", {"form": form})


@login_required
@permission_required("reviews.view_fidelityscale", raise_exception=True)
def scale_export(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_for_user(request.user, pk)
    data = selectors.scale_definition(scale).to_data()
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"{scale.code.lower()}-v{scale.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@can_change
def scale_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    form = ScaleForm(request.POST or None, instance=scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.scale_update(scale=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings of %(scale)s were saved.") % {"scale": scale})
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(request, "reviews/scale_form.html", {"form": form, "scale": scale})


def _formset_page(request: HttpRequest, scale, formset, *, title: str, save) -> HttpResponse:
    """A page that edits one part of a draft as a formset; ``save(formset)`` calls the service."""
    if request.method == "POST" and formset.is_valid():
        try:
            save(formset)
        except ValidationError as error:
            formset.non_form_errors().extend(error.messages)
        else:
            messages.success(request, _("%(part)s: your changes were saved.") % {"part": title})
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(
        request, "reviews/scale_formset.html", {"formset": formset, "scale": scale, "title": title}
    )


@login_required
@can_change
def scale_sections(request: HttpRequest, pk: int) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    initial = [{"id": s.pk, "number": s.number, "name": s.name} for s in scale.sections.all()]
    return _formset_page(
        request,
        scale,
        SectionFormSet(request.POST or None, initial=initial, prefix="sections"),
        title=_("Sections"),
        save=lambda formset: services.scale_set_sections(
            scale=scale, sections=section_rows(formset)
        ),
    )


@login_required
@can_change
def scale_bands(request: HttpRequest, pk: int) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    initial = [
        {"min_total": b.min_total, "max_total": b.max_total, "label": b.label}
        for b in scale.bands.all()
    ]
    return _formset_page(
        request,
        scale,
        BandFormSet(request.POST or None, initial=initial, prefix="bands"),
        title=_("Bands of the total"),
        save=lambda formset: services.scale_set_bands(scale=scale, bands=band_rows(formset)),
    )


@login_required
@can_change
def scale_translate(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Every text of a draft in one other language, each optional."""
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    if language == scale.language or language not in language_codes():
        raise Http404
    form = ScaleTranslationForm(request.POST or None, scale=scale, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.scale_translate(scale=scale, language=language, rows=form.rows())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The %(language)s texts of %(scale)s were saved.")
                % {"language": language_name(language), "scale": scale},
            )
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(
        request,
        "reviews/scale_translate.html",
        {"form": form, "scale": scale, "language_name": language_name(language)},
    )


@login_required
@can_change
def scale_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, pk, None)


@login_required
@can_change
def scale_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return _item_form(request, pk, item_pk)


def _item_form(request: HttpRequest, pk: int, item_pk: int | None) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    item = get_object_or_404(scale.items, pk=item_pk) if item_pk else None
    form = ItemForm(request.POST or None, instance=item, scale=scale)
    anchors = anchor_formset(scale, item, request.POST or None)
    if request.method == "POST" and form.is_valid() and anchors.is_valid():
        try:
            saved = services.scale_item_save(
                scale=scale,
                item=form.save(commit=False),
                anchors={f.cleaned_data["score"]: f.cleaned_data["text"] for f in anchors.forms},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Item %(number)s was saved.") % {"number": saved.number})
            return redirect("reviews:scale_detail", pk=scale.pk)
    return render(
        request,
        "reviews/scale_item_form.html",
        {"form": form, "anchors": anchors, "scale": scale, "item": item},
    )


@require_POST
@login_required
@can_change
def scale_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is not None:
        item = get_object_or_404(scale.items, pk=item_pk)
        services.scale_item_delete(item=item)
        messages.success(request, _("Item %(number)s was deleted.") % {"number": item.number})
    return redirect("reviews:scale_detail", pk=pk)


@require_POST
@login_required
@can_change
def scale_publish(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_for_user(request.user, pk)
    try:
        services.scale_publish(scale=scale)
    except ValidationError as error:
        messages.error(request, _("%(scale)s cannot be published yet.") % {"scale": scale})
        _show_errors(request, error)
    else:
        messages.success(
            request, _("%(scale)s is published; reviews can now use it.") % {"scale": scale}
        )
    return redirect("reviews:scale_detail", pk=pk)


@require_POST
@login_required
@can_change
def scale_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    scale = selectors.scale_for_user(request.user, pk)
    try:
        draft = services.scale_new_draft(scale=scale)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect("reviews:scale_detail", pk=pk)
    messages.success(
        request,
        _("Draft %(draft)s was created as a copy of %(scale)s.") % {"draft": draft, "scale": scale},
    )
    return redirect("reviews:scale_detail", pk=draft.pk)


@require_POST
@login_required
@permission_required("reviews.delete_fidelityscale", raise_exception=True)
def scale_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scale = _draft(request, pk)
    if scale is None:
        return redirect("reviews:scale_detail", pk=pk)
    services.scale_delete_draft(scale=scale)
    messages.success(request, _("Draft %(scale)s was deleted.") % {"scale": scale})
    return redirect("reviews:scale_list")
