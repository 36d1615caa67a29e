"""Writes for a review's facts and its data request (the link the center's team leader opens
without logging in to send the facts before the visit)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsweb.links import check_expiry_day, days_ahead, new_link
from reviews.facts import fact_label, scale_facts
from reviews.models import DataRequest, Review, ReviewFact

# A data request is sent a few weeks before the visit; longer-lived links only linger.
MAX_REQUEST_DAYS = 90
DEFAULT_REQUEST_DAYS = 21


class RequestUnavailable(Exception):
    """The request was submitted, withdrawn or expired since its page was opened."""


def _check_open(review: Review) -> None:
    if review.is_final:
        raise ValidationError(_("This review is final: its facts can no longer change."))


def _check_values(review: Review, values: Mapping[str, Decimal | None]) -> None:
    """Every key is a fact of the review's scale, every value within that fact's bounds (whole
    for counts and days); raise ValidationError naming each fact that is wrong."""
    facts = {fact.key: fact for fact in scale_facts(review.scale)}
    problems = []
    for key, value in values.items():
        fact = facts.get(key)
        if fact is None:
            problems.append(_("“%(key)s” is not a fact of this review's scale.") % {"key": key})
            continue
        if value is None:
            continue
        if not value.is_finite() or not fact.min <= value <= fact.max:
            problems.append(
                _("%(fact)s: enter a number from %(min)s to %(max)s.")
                % {"fact": fact_label(fact), "min": fact.min, "max": fact.max}
            )
        elif fact.whole and value != value.to_integral_value():
            problems.append(_("%(fact)s: enter a whole number.") % {"fact": fact_label(fact)})
    if problems:
        raise ValidationError(problems)


def _store(review: Review, values, *, source: str, actor=None) -> int:
    """Write the values that changed (None removes a fact); returns how many changed."""
    stored = {fact.key: fact for fact in ReviewFact.objects.filter(review=review)}
    changed = 0
    for key, value in values.items():
        fact = stored.get(key)
        if value is None:
            if fact is not None:
                fact.delete()
                changed += 1
            continue
        if fact is not None and fact.value == value:
            continue
        fact = fact or ReviewFact(review=review, key=key)
        fact.value, fact.source, fact.updated_by = value, source, actor
        fact.full_clean()
        fact.save()
        changed += 1
    return changed


@transaction.atomic
def review_facts_save(*, review: Review, actor, values: Mapping[str, Decimal | None]) -> int:
    """A reviewer's (or admin's) values of the review's facts, all or nothing; an empty value
    removes the fact. Returns how many facts changed."""
    _check_open(review)
    _check_values(review, values)
    return _store(review, values, source=ReviewFact.Source.REVIEWER, actor=actor)


def default_request_expiry() -> datetime.date:
    return days_ahead(DEFAULT_REQUEST_DAYS)


@transaction.atomic
def data_request_create(
    *, review: Review, actor, expires_on: datetime.date
) -> tuple[DataRequest, str]:
    """A new data request link for the review; returns it with its token, which is never
    stored. A new request withdraws the one before, so one link works at a time."""
    _check_open(review)
    if not scale_facts(review.scale):
        raise ValidationError(_("The review's scale version asks for no facts."))
    check_expiry_day(expires_on, max_days=MAX_REQUEST_DAYS)
    return new_link(
        DataRequest,
        replaces=DataRequest.objects.filter(review=review, revoked_at__isnull=True),
        expires_on=expires_on,
        review=review,
        created_by=actor,
    )


def data_request_revoke(*, request: DataRequest) -> DataRequest:
    if request.revoked_at is not None:
        raise ValidationError(_("This link was already withdrawn."))
    request.revoked_at = timezone.now()
    request.save(update_fields=["revoked_at"])
    return request


def data_request_reopen(*, request: DataRequest) -> DataRequest:
    """Let the team leader change the facts again after submitting them."""
    _check_open(request.review)
    if request.state() != DataRequest.State.SUBMITTED:
        raise ValidationError(_("Only a submitted request that is still valid can be reopened."))
    request.submitted_at = None
    request.save(update_fields=["submitted_at"])
    return request


@transaction.atomic
def data_request_save(
    *, request: DataRequest, values: Mapping[str, Decimal | None], submit: bool
) -> DataRequest:
    """The team leader's facts, saved as a draft or submitted (then read-only until a reviewer
    reopens it), all or nothing. Raises RequestUnavailable if the request is no longer open."""
    locked = (
        DataRequest.objects.select_for_update()
        .select_related("review__scale")
        .filter(pk=request.pk)
        .first()
    )
    if locked is None or locked.state() != DataRequest.State.OPEN or locked.review.is_final:
        raise RequestUnavailable
    _check_values(locked.review, values)
    _store(locked.review, values, source=ReviewFact.Source.DATA_REQUEST)
    if submit:
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
    return locked
