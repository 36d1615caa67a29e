"""The fidelity action plan of a review: actions for items needing improvement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsweb.concurrency import EditConflict
from reviews import selectors
from reviews.forms import ActionItemForm
from reviews.services import actions as services


@login_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_form(request, pk, None)


@login_required
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    return _action_form(request, pk, action_pk)


def _action_form(request: HttpRequest, pk: int, action_pk: int | None) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "lead")
    action = get_object_or_404(review.action_items, pk=action_pk) if action_pk else None
    initial = {"item": request.GET.get("item")} if action is None else None
    form = ActionItemForm(
        request.POST.copy() if request.method == "POST" else None,
        instance=action,
        initial=initial,
        review=review,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_save(review=review, action_item=form.save(commit=False))
        except EditConflict as error:
            # What the user typed stays in the form; saving again replaces the other change.
            form.data["version"] = str(error.version)
            form.add_error(None, error.messages[0])
            form.add_error(None, " · ".join(f"{k}: {v}" for k, v in error.current.items()))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("reviews:detail", pk=pk)
    return render(
        request, "reviews/action_form.html", {"review": review, "form": form, "action": action}
    )


@require_POST
@login_required
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "lead")
    action = get_object_or_404(review.action_items, pk=action_pk)
    try:
        services.action_item_delete(action_item=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action was deleted."))
    return redirect("reviews:detail", pk=pk)
