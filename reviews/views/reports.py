"""The report a center receives: quotes under its items, its PDF, and sending it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import selectors
from reviews.forms import QuoteForm, ReportLanguageForm
from reviews.report_pdf import review_report_pdf
from reviews.services.reports import report_quote_add, report_quote_remove
from reviews.services.reports import report_send as send_service


def _final_review(request: HttpRequest, pk: int, need: str = "view"):
    """The review if the user may use it so and it is final; a report not yet final has no PDF."""
    review = selectors.review_for_user(request.user, pk, need)
    if not review.is_final:
        raise Http404
    return review


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = _final_review(request, pk)
    form = ReportLanguageForm({"language": request.GET.get("language", translation.get_language())})
    if not form.is_valid():
        messages.error(request, _("There is no report in that language."))
        return redirect("reviews:report", pk=pk)
    try:
        pdf = review_report_pdf(review=review, language=form.cleaned_data["language"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:report", pk=pk)
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    return response


@login_required
@require_POST
def report_send(request: HttpRequest, pk: int) -> HttpResponse:
    review = _final_review(request, pk, "send_report")
    form = ReportLanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the report."))
        return redirect("reviews:report", pk=pk)
    try:
        delivery = send_service(
            review=review, actor=request.user, language=form.cleaned_data["language"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The report was sent to %(recipients)s.")
            % {"recipients": ", ".join(delivery.recipients)},
        )
    return redirect("reviews:report", pk=pk)


def _back_to_item(pk: int, number: int | None) -> HttpResponse:
    """The consensus page, scrolled to the item whose quotes changed."""
    anchor = f"#consensus-{number}" if number else ""
    return redirect(reverse("reviews:consensus", args=[pk]) + anchor)


@login_required
@require_POST
def quote_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "lead")
    form = QuoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an excerpt shown beside an item."))
        return _back_to_item(pk, None)
    number = form.cleaned_data["item"]
    try:
        report_quote_add(
            review=review, actor=request.user, item_number=number, key=form.cleaned_data["key"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The excerpt will be quoted under item %(n)d.") % {"n": number})
    return _back_to_item(pk, number)


@login_required
@require_POST
def quote_remove(request: HttpRequest, pk: int, quote_pk: int) -> HttpResponse:
    review = selectors.review_for_user(request.user, pk, "lead")
    quote = get_object_or_404(review.quotes.select_related("item"), pk=quote_pk)
    try:
        report_quote_remove(review=review, quote=quote)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The quote was taken out of item %(n)d.") % {"n": quote.item.number}
        )
    return _back_to_item(pk, quote.item.number)
