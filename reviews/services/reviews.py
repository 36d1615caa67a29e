"""Writes for the life of a review: plan, report text, finalize, reopen."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from centers.models import Center
from ipsweb import caching
from ipsweb.concurrency import EditConflict
from reviews.models import FidelityScale, Rating, Review, ReviewAssignment, ReviewReopening
from reviews.scoring import score_review, scores_list


def _check_plan(*, review: Review, reviewers: Sequence, lead) -> None:
    from reviews.selectors import eligible_reviewers

    errors = {}
    if review.scale.status != FidelityScale.Status.PUBLISHED:
        errors["scale"] = _("Reviews can only use a published scale version.")
    unique = {user.pk for user in reviewers}
    if len(unique) < 2:
        errors["reviewers"] = _("Assign at least two reviewers.")
    elif not unique <= set(eligible_reviewers().filter(pk__in=unique).values_list("pk", flat=True)):
        errors["reviewers"] = _("Only active reviewers and admins can be assigned.")
    if lead is None or lead.pk not in unique:
        errors["lead"] = _("The lead reviewer must be one of the assigned reviewers.")
    if errors:
        raise ValidationError(errors)
    review.full_clean()


def _set_assignments(review: Review, reviewers: Sequence, lead) -> None:
    wanted = {user.pk: user for user in reviewers}
    leaving = review.assignments.exclude(reviewer__in=wanted)
    rated = Rating.objects.filter(review=review, reviewer__in=leaving.values("reviewer"))
    if rated.exists():
        names = sorted({str(r.reviewer) for r in rated.select_related("reviewer")})
        raise ValidationError(
            {
                "reviewers": _("%(names)s already rated items and cannot be removed.")
                % {"names": ", ".join(names)}
            }
        )
    leaving.delete()
    # Clear the lead flag first: the database allows one lead per review at any moment.
    review.assignments.update(is_lead=False)
    present = set(review.assignments.values_list("reviewer", flat=True))
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(review=review, reviewer=user)
        for pk, user in wanted.items()
        if pk not in present
    )
    review.assignments.filter(reviewer=lead).update(is_lead=True)
    caching.changed()  # bulk writes send no signals; assignments widen a reviewer's scope


@transaction.atomic
def review_plan(
    *,
    actor,
    center: Center,
    scale: FidelityScale,
    kind: str,
    visit_start: datetime.date,
    visit_end: datetime.date,
    reviewers: Sequence,
    lead,
) -> Review:
    """Plan a review of a center with a published scale version and two or more reviewers."""
    if not center.is_active:
        raise ValidationError({"center": _("This center is inactive; reactivate it first.")})
    review = Review(
        center=center,
        scale=scale,
        kind=kind,
        visit_start=visit_start,
        visit_end=visit_end,
        created_by=actor,
    )
    _check_plan(review=review, reviewers=reviewers, lead=lead)
    review.save()
    _set_assignments(review, reviewers, lead)
    return review


@transaction.atomic
def review_update_plan(
    *,
    review: Review,
    visit_start: datetime.date,
    visit_end: datetime.date,
    reviewers: Sequence,
    lead,
    center: Center | None = None,
    scale: FidelityScale | None = None,
    kind: str | None = None,
) -> Review:
    """Change the plan while rating has not finished. The center, scale version and kind can only
    change before anyone rated (status planned)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.rating_open:
        raise ValidationError(_("The plan cannot change once rating is complete."))
    changes = {"center": center, "scale": scale, "kind": kind}
    for field, value in changes.items():
        if value is None or value == getattr(review, field):
            continue
        if review.status != Review.Status.PLANNED:
            raise ValidationError(
                {field: _("This can only change before anyone has started rating.")}
            )
        if field == "center" and not value.is_active:
            raise ValidationError({"center": _("This center is inactive; reactivate it first.")})
        setattr(review, field, value)
    review.visit_start, review.visit_end = visit_start, visit_end
    _check_plan(review=review, reviewers=reviewers, lead=lead)
    review.save()
    _set_assignments(review, reviewers, lead)
    advance_when_rated(review)
    return review


def advance_when_rated(review: Review) -> None:
    """Move a review to consensus once every assigned reviewer has completed their rating."""
    assignments = review.assignments.all()
    if (
        review.rating_open
        and assignments.exists()
        and not assignments.filter(rating_completed_at__isnull=True).exists()
    ):
        review.status = Review.Status.CONSENSUS
        review.save(update_fields=["status"])


def review_delete(*, review: Review) -> None:
    """Delete a planned review nobody has rated (a mistake in planning)."""
    if review.status != Review.Status.PLANNED or review.ratings.exists():
        raise ValidationError(_("Only a planned review that nobody has rated can be deleted."))
    try:
        with transaction.atomic():
            review.delete()
    except ProtectedError as error:
        # Records of other apps that must not vanish with it (interview notes of the visit).
        raise ValidationError(
            _(
                "The review cannot be deleted: %(count)s record(s) such as interview notes "
                "belong to it. Remove or move them first."
            )
            % {"count": len(error.protected_objects)}
        ) from error


@transaction.atomic
def review_save_strengths(*, review: Review, actor, strengths: str, expected_version: int):
    """Store the report's strengths text unless someone saved another text since the user
    loaded it (then EditConflict, and nothing changes)."""
    strengths = strengths.strip()
    current = Review.objects.select_for_update().get(pk=review.pk)
    if current.is_final:
        raise ValidationError(_("The review is final; reopen it to change the report."))
    if current.strengths == strengths:
        return current
    if current.strengths_version != expected_version:
        raise EditConflict(
            _("Someone else saved the strengths while you were editing."),
            current={"strengths": current.strengths},
            saved_by=current.strengths_updated_by,
            version=current.strengths_version,
        )
    # The row is locked (select_for_update) until the transaction ends, so no other save can
    # slip in between the version check and this write.
    current.strengths = strengths
    current.strengths_version += 1
    current.strengths_updated_by = actor
    current.save(update_fields=["strengths", "strengths_version", "strengths_updated_by"])
    return current


@transaction.atomic
def review_finalize(*, review: Review, actor) -> Review:
    """Lock the review with its total and band; every item needs a consensus score."""
    from reviews.selectors import scale_spec

    review = Review.objects.select_for_update().select_related("scale").get(pk=review.pk)
    if review.status != Review.Status.CONSENSUS:
        raise ValidationError(_("Only a review in consensus can be finalized."))
    scores = dict(review.consensus_scores.values_list("item__number", "score"))
    result = score_review(scale_spec(review.scale, localize=False), scores)
    if result.missing:
        raise ValidationError(
            _("These items have no consensus score yet: %(items)s.")
            % {"items": ", ".join(map(str, result.missing))}
        )
    review.total = result.total
    review.band_label = result.band or ""
    review.item_scores = scores_list(scores)
    review.status = Review.Status.FINAL
    review.finalized_at = timezone.now()
    review.finalized_by = actor
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_reopen(*, review: Review, actor, reason: str) -> Review:
    """Take a final review back to consensus, keeping the reason and the total it had."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_final:
        raise ValidationError(_("Only a final review can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    ReviewReopening.objects.create(
        review=review,
        reopened_by=actor,
        reason=reason.strip(),
        previous_total=review.total,
        previous_band_label=review.band_label,
    )
    review.status = Review.Status.CONSENSUS
    review.total = None
    review.band_label = ""
    review.item_scores = []
    review.finalized_at = None
    review.finalized_by = None
    change = _("Reopened: %(reason)s") % {"reason": reason.strip()}
    # The history's reason column is short; the whole reason is kept in the ReviewReopening.
    limit = Review.history.model._meta.get_field("history_change_reason").max_length
    review._change_reason = Truncator(change).chars(limit) if limit else change
    review.save()
    return review
