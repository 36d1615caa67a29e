"""Writes for the fidelity action plan of a review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from reviews.models import ActionItem, ConsensusScore, Review
from reviews.scoring import needs_improvement
from reviews.services import follow_up


@transaction.atomic
def action_item_save(*, review: Review, action_item: ActionItem) -> ActionItem:
    """Store a new or changed action for an item needing improvement.

    Actions belong to items whose consensus score is at or below the scale's improvement
    threshold. They can be added once consensus has started and stay editable after the review
    is final, since the center works through the plan until the next review. A changed action
    is saved only if its ``version`` is still the stored one (the center's contact may have
    updated it through a follow-up link meanwhile): otherwise EditConflict, nothing changes.
    """
    if not review.consensus_reached:
        raise ValidationError(_("Action plans start once the review reaches consensus."))
    action_item.review = review
    if action_item.item.scale_id != review.scale_id:
        raise ValidationError({"item": _("Choose an item of this review's scale.")})
    consensus = ConsensusScore.objects.filter(review=review, item=action_item.item).first()
    score = consensus.score if consensus else None
    if not needs_improvement(score, review.scale.improvement_at_or_below):
        raise ValidationError(
            {
                "item": _(
                    "Action plans cover items needing improvement: a consensus score of "
                    "%(threshold)s or lower."
                )
                % {"threshold": review.scale.improvement_at_or_below}
            }
        )
    action_item.full_clean()
    if action_item.pk is not None:
        # Compare-and-set on the version (see reviews.services.follow_up).
        if not ActionItem.objects.filter(pk=action_item.pk, version=action_item.version).update(
            version=F("version") + 1
        ):
            raise follow_up.action_conflict(action_item.pk)
        action_item.version += 1
    action_item.save()
    return action_item


def action_item_delete(*, action_item: ActionItem) -> None:
    """Remove an action added by mistake; once the review is final, the plan is kept (mark an
    action done instead)."""
    if action_item.review.is_final:
        raise ValidationError(
            _("The review is final: mark the action done instead of deleting it.")
        )
    action_item.delete()
