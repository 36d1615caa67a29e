"""Writes for the consensus step: the lead records one agreed score per item."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import ConsensusScore, Rating, Review, ScaleItem
from reviews.scoring import spread

TEXT_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class ConsensusEntry:
    """One item of the consensus form as the user sent it.

    ``version`` is the version the user's page showed (0: none saved yet). ``changed`` says the
    user edited the item on the page; an untouched item that is stored already is left alone, so
    a page loaded earlier never overwrites someone else's newer save of it.
    """

    item_id: int
    score: int | None
    rationale: str = ""
    recommendation: str = ""
    version: int = 0
    changed: bool = True


class ConsensusRejected(ValidationError):
    """Nothing was saved. ``item_errors`` maps item ids to messages; ``conflicts`` maps item ids
    to the ConsensusScore someone else saved after the user loaded the page."""

    def __init__(self, item_errors: dict[int, list[str]], conflicts: dict[int, ConsensusScore]):
        super().__init__(_("Nothing was saved. Check the items marked below."))
        self.item_errors = item_errors
        self.conflicts = conflicts


def _values(entry_or_score) -> tuple:
    return (entry_or_score.score, entry_or_score.rationale, entry_or_score.recommendation)


@transaction.atomic
def consensus_save(*, review: Review, actor, entries: Sequence[ConsensusEntry]) -> int:
    """Store the consensus scores of several items, all or nothing; returns how many changed.

    Rules: the review is in consensus; the item is in its scale; the score is in the scale's
    range; a rationale is given wherever the reviewers' scores differ; and the stored version is
    the one the user saw (otherwise the item is a conflict).
    """
    review = Review.objects.select_related("scale").get(pk=review.pk)
    if review.status != Review.Status.CONSENSUS:
        raise ValidationError(
            _("Consensus scores can only be saved while the review is in consensus.")
        )
    scale = review.scale
    items = {item.pk: item for item in ScaleItem.objects.filter(scale=scale)}
    stored = {c.item_id: c for c in ConsensusScore.objects.filter(review=review)}
    ratings: dict[int, list[int]] = {}
    for item_id, score in Rating.objects.filter(review=review, score__isnull=False).values_list(
        "item_id", "score"
    ):
        ratings.setdefault(item_id, []).append(score)
    errors: dict[int, list[str]] = {}
    conflicts: dict[int, ConsensusScore] = {}
    changed = 0
    for entry in entries:
        current = stored.get(entry.item_id)
        problem = _entry_problem(entry, items, scale, ratings, current)
        if problem:
            errors.setdefault(entry.item_id, []).append(problem)
            continue
        if entry.score is None or (current and not entry.changed):
            continue
        if current and _values(current) == _values(entry):
            continue
        if (current.version if current else 0) != entry.version or not _write(
            review, actor, entry, current
        ):
            conflicts[entry.item_id] = ConsensusScore.objects.get(
                review=review, item_id=entry.item_id
            )
            continue
        changed += 1
    if errors or conflicts:
        raise ConsensusRejected(errors, conflicts)
    return changed


def _entry_problem(entry, items, scale, ratings, current) -> str | None:
    item = items.get(entry.item_id)
    if item is None:
        return _("This item is not part of the review's scale.")
    if entry.score is None:
        if current is not None and entry.changed:
            return _("A saved consensus score cannot be removed; choose a score.")
        return None
    if entry.score not in scale.score_choices:
        return _("The score must be from %(min)s to %(max)s.") % {
            "min": scale.min_score,
            "max": scale.max_score,
        }
    if len(entry.rationale) > TEXT_MAX_LENGTH or len(entry.recommendation) > TEXT_MAX_LENGTH:
        return _("Texts can be at most %(max)s characters.") % {"max": TEXT_MAX_LENGTH}
    scores = ratings.get(entry.item_id, [])
    if spread(scores) > 0 and not entry.rationale.strip():
        return _("The reviewers differed on this item (%(scores)s): give a rationale.") % {
            "scores": ", ".join(map(str, sorted(scores)))
        }
    return None


def _write(review: Review, actor, entry: ConsensusEntry, current: ConsensusScore | None) -> bool:
    """Save one item; False when someone else saved it first."""
    values = {
        "score": entry.score,
        "rationale": entry.rationale.strip(),
        "recommendation": entry.recommendation.strip(),
        "updated_by": actor,
        "updated_at": timezone.now(),
    }
    if current is not None:
        # Compare-and-set on the version: a concurrent save makes this update match no row. The
        # update also locks the row until the transaction ends, so the save below (which writes
        # the audit trail) cannot interleave with another one.
        if not ConsensusScore.objects.filter(pk=current.pk, version=entry.version).update(
            version=F("version") + 1
        ):
            return False
        current.refresh_from_db(fields=["version"])
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        return True
    try:
        with transaction.atomic():
            ConsensusScore.objects.create(review=review, item_id=entry.item_id, **values)
    except IntegrityError:
        return False
    return True
