"""The report a center receives: quotes chosen for its items, and sending its PDF (logged)."""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ipsweb.rate_limit import within_limit
from reviews.evidence import excerpt_attribution, item_excerpt
from reviews.models import ReportDelivery, ReportQuote, Review
from reviews.report_pdf import review_report_pdf
from reviews.selectors import review_band_name

log = logging.getLogger(__name__)
SENDS_PER_HOUR = 5


def report_recipients(review: Review) -> tuple[str, list[str]]:
    """The center's contact address ("" when it has none) and the reviewers' addresses, lead
    first, without the contact's address again."""
    contact = review.center.contact_email.strip()
    reviewers = []
    for assignment in review.assignments.select_related("reviewer").order_by(
        "-is_lead", "reviewer__username"
    ):
        email = assignment.reviewer.email.strip()
        if email and email.lower() != contact.lower() and email not in reviewers:
            reviewers.append(email)
    return contact, reviewers


def report_send(*, review: Review, actor, language: str) -> ReportDelivery:
    """Mail the report PDF in ``language`` to the center's contact, with the reviewers in copy,
    and log the delivery. Nothing is logged when the mail server does not take the mail."""
    review = Review.objects.select_related("center", "scale").get(pk=review.pk)
    if not review.is_final:
        raise ValidationError(_("Only the report of a final review can be sent."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose the language of the report."))
    contact, reviewers = report_recipients(review)
    if not contact:
        raise ValidationError(
            _(
                "%(center)s has no contact email, so the report cannot be sent. An admin can add "
                "one on the center's page."
            )
            % {"center": review.center.name}
        )
    # A guard against repeated clicks and scripts filling the center's mailbox.
    if not within_limit("report-send", str(review.pk), limit=SENDS_PER_HOUR, seconds=3600):
        raise ValidationError(
            _("This report was sent (or tried) %(n)d times in the last hour; try again later.")
            % {"n": SENDS_PER_HOUR}
        )
    pdf = review_report_pdf(review=review, language=language)
    with translation.override(language):
        context = {"review": review, "sender": actor, "band": review_band_name(review)}
        subject = render_to_string("reviews/mail/report_subject.txt", context).strip()
        body = render_to_string("reviews/mail/report_body.txt", context)
    message = EmailMessage(subject, body, to=[contact], cc=reviewers)
    message.attach(pdf.filename, pdf.content, "application/pdf")
    with transaction.atomic():
        delivery = ReportDelivery(
            review=review,
            sent_by=actor,
            recipients=[contact, *reviewers],
            language=language,
            pdf_size=pdf.size,
            pdf_sha256=pdf.sha256,
        )
        delivery.full_clean()
        delivery.save()
        # Sent inside the transaction: if the mail server refuses, the log row is rolled back.
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            log.warning("The report of review %s was not sent: %s", review.pk, error)
            raise ValidationError(
                _(
                    "The report could not be sent: the mail server did not accept it. Nothing "
                    "was sent or logged; try again later."
                )
            ) from error
    return delivery


QUOTES_PER_ITEM = 3


@transaction.atomic
def report_quote_add(*, review: Review, actor, item_number: int, key: str) -> ReportQuote:
    """Put the excerpt ``key`` coded to item ``item_number`` under that item in the report."""
    review = Review.objects.select_for_update().select_related("scale").get(pk=review.pk)
    if review.is_final:
        raise ValidationError(_("The review is final; reopen it to change the report."))
    item = review.scale.items.filter(number=item_number).first()
    excerpt = item_excerpt(actor, review, item_number, key) if item else None
    if excerpt is None:
        raise ValidationError(
            _(
                "That excerpt is not coded to this item any more; the page now shows the "
                "current ones."
            )
        )
    quotes = ReportQuote.objects.filter(review=review, item=item)
    existing = quotes.filter(key=key).first()
    if existing is not None:
        return existing
    if quotes.count() >= QUOTES_PER_ITEM:
        raise ValidationError(
            _("An item has at most %(n)d quotes in the report; remove one first.")
            % {"n": QUOTES_PER_ITEM}
        )
    quote = ReportQuote(
        review=review,
        item=item,
        key=key,
        text=excerpt.text.strip(),
        attribution=excerpt_attribution(excerpt)[:300],
        chosen_by=actor,
    )
    quote.full_clean()
    quote.save()
    return quote


@transaction.atomic
def report_quote_remove(*, review: Review, quote: ReportQuote) -> None:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_final:
        raise ValidationError(_("The review is final; reopen it to change the report."))
    quote.delete()
