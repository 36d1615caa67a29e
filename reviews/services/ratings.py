"""Writes for independent rating: one reviewer scores every item of the review's scale."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsweb import caching
from ipsweb.concurrency import EditConflict
from reviews.facts import items_differing_without_note
from reviews.models import Rating, Review, ReviewAssignment, ScaleItem
from reviews.rating_workbook import SheetEntry
from reviews.services.reviews import advance_when_rated

EVIDENCE_MAX_LENGTH = 10_000


def _open_assignment(review: Review, reviewer) -> ReviewAssignment:
    """The reviewer's assignment, if they may still change their ratings of this review."""
    if not review.rating_open:
        raise ValidationError(_("Rating is closed: this review is past the rating step."))
    assignment = ReviewAssignment.objects.filter(review=review, reviewer=reviewer).first()
    if assignment is None:
        raise ValidationError(_("You are not assigned to this review."))
    if assignment.rating_completed_at is not None:
        raise ValidationError(_("You marked your rating complete; it can no longer change."))
    return assignment


def _check_rating(review: Review, item: ScaleItem, score: int | None, evidence: str) -> None:
    if item.scale_id != review.scale_id:
        raise ValidationError(
            _("Item %(number)s is not part of this review's scale.") % {"number": item.number}
        )
    scale = review.scale
    if score is not None and score not in scale.score_choices:
        raise ValidationError(
            _("Item %(number)s: a score must be from %(min)s to %(max)s.")
            % {"number": item.number, "min": scale.min_score, "max": scale.max_score}
        )
    if len(evidence) > EVIDENCE_MAX_LENGTH:
        raise ValidationError(
            _("Item %(number)s: evidence notes can be at most %(max)s characters.")
            % {"number": item.number, "max": EVIDENCE_MAX_LENGTH}
        )


def _start_rating(review: Review) -> None:
    if review.status == Review.Status.PLANNED:
        Review.objects.filter(pk=review.pk, status=Review.Status.PLANNED).update(
            status=Review.Status.RATING
        )
        caching.changed()
        review.status = Review.Status.RATING


def _conflict(rating: Rating) -> EditConflict:
    return EditConflict(
        _(
            "Item %(number)s was saved from another page or device after this one loaded it. "
            "Nothing was saved."
        )
        % {"number": rating.item.number},
        current={"score": rating.score, "evidence": rating.evidence},
        saved_by=rating.reviewer,
        version=rating.version,
    )


@transaction.atomic
def rating_save(
    *,
    review: Review,
    reviewer,
    item: ScaleItem,
    score: int | None,
    evidence: str,
    expected_version: int | None = None,
) -> Rating | None:
    """Store one reviewer's score and evidence for one item (the autosave of the rating page).

    The same rules as a whole page: an empty score keeps a score stored earlier (another tab may
    have saved it), it never clears it. Saved on every keystroke, so it reads and locks only the
    one rating it changes and writes it once (with its history row).

    ``expected_version`` is the version the caller last saw (0: nothing stored yet). A change
    based on another version raises ``EditConflict`` with the stored rating and changes nothing.
    Values equal to the stored ones are not a change, whatever the version: a save repeated after
    its answer was lost finds itself stored and answers with the stored rating, never storing
    twice. None skips the check (for scripts that do not track versions, such as the benchmark).
    """
    _open_assignment(review, reviewer)
    rating = (
        Rating.objects.select_for_update()
        .select_related("item", "reviewer")
        .filter(review=review, reviewer=reviewer, item=item)
        .first()
    )
    evidence = evidence.strip()
    score = score if score is not None else (rating.score if rating else None)
    _check_rating(review, item, score, evidence)
    if rating is not None and (rating.score, rating.evidence) == (score, evidence):
        return rating
    if expected_version is not None and expected_version != (rating.version if rating else 0):
        raise (
            _conflict(rating)
            if rating
            else ValidationError(
                _("Item %(number)s: this version was never saved; reload the page.")
                % {"number": item.number}
            )
        )
    if rating is None:
        if score is None and not evidence:
            return None
        rating = _create(review, reviewer, item, score, evidence, expected_version)
    else:
        # The row is locked (select_for_update) until the transaction ends, so nothing can slip
        # in between the version check and this write.
        rating.score, rating.evidence = score, evidence
        rating.version += 1
        rating.save(update_fields=["score", "evidence", "version", "updated_at"])
    _start_rating(review)
    return rating


def _create(review, reviewer, item, score, evidence, expected_version) -> Rating:
    """The first save of an item. Another tab may create it at the same moment: with a version
    check that is a conflict (or the same save, stored once); without one the later save wins."""
    try:
        with transaction.atomic():
            return Rating.objects.create(
                review=review, reviewer=reviewer, item=item, score=score, evidence=evidence
            )
    except IntegrityError:
        stored = Rating.objects.select_for_update().get(review=review, reviewer=reviewer, item=item)
    if (stored.score, stored.evidence) == (score, evidence):
        return stored
    if expected_version is not None:
        raise _conflict(stored)
    stored.score, stored.evidence = score, evidence
    stored.version += 1
    stored.save(update_fields=["score", "evidence", "version", "updated_at"])
    return stored


@transaction.atomic
def rating_sheet_save(
    *,
    review: Review,
    reviewer,
    entries: Mapping[int, tuple[int | None, str]],
    versions: Mapping[int, int] | None = None,
) -> int:
    """Store a whole rating page (item id -> (score, evidence)), all or nothing.

    Items left untouched (no score, no evidence, nothing stored) are skipped; a stored score is
    never cleared by an empty field. Returns how many ratings changed. ``versions`` (item id ->
    the version the page showed) refuses the whole page when an item it changes was saved
    elsewhere since; the page then shows the stored values and the new versions, so saving again
    replaces them on purpose.
    """
    _open_assignment(review, reviewer)
    items = {item.pk: item for item in ScaleItem.objects.filter(pk__in=entries)}
    stored = {
        rating.item_id: rating
        for rating in Rating.objects.select_for_update()
        .select_related("item")
        .filter(review=review, reviewer=reviewer)
    }
    changed = 0
    conflicts = []
    for item_id, (score, evidence) in entries.items():
        if item_id not in items:
            raise ValidationError(_("An item on the page is not part of this review's scale."))
        evidence = evidence.strip()
        rating = stored.get(item_id)
        score = score if score is not None else (rating.score if rating else None)
        _check_rating(review, items[item_id], score, evidence)
        if rating is None and score is None and not evidence:
            continue
        if rating is not None and (rating.score, rating.evidence) == (score, evidence):
            continue
        seen = (versions or {}).get(item_id)
        if seen is not None and seen != (rating.version if rating else 0):
            conflicts.append(rating or items[item_id])
            continue
        if rating is not None:
            rating.score, rating.evidence = score, evidence
            rating.version += 1
            rating.save(update_fields=["score", "evidence", "version", "updated_at"])
        else:
            Rating.objects.update_or_create(
                review=review,
                reviewer=reviewer,
                item=items[item_id],
                defaults={"score": score, "evidence": evidence},
            )
        changed += 1
    if conflicts:
        raise ValidationError(_sheet_conflicts(conflicts))
    if changed:
        _start_rating(review)
    return changed


def _sheet_conflicts(conflicts: list) -> str:
    saved = "; ".join(
        _("item %(number)s: score %(score)s")
        % {
            "number": c.item.number if isinstance(c, Rating) else c.number,
            "score": (c.score if isinstance(c, Rating) else None) or "–",
        }
        for c in conflicts
    )
    return _(
        "Nothing was saved: some items were saved from another page or device after you opened "
        "this one (now saved: %(saved)s). Save again to replace them with what is on this page."
    ) % {"saved": saved}


@transaction.atomic
def rating_complete(*, review: Review, reviewer) -> ReviewAssignment:
    """Mark a reviewer's rating complete; every item needs their score. When the last reviewer
    completes, the review moves on to consensus."""
    review = Review.objects.select_for_update().select_related("scale").get(pk=review.pk)
    assignment = _open_assignment(review, reviewer)
    rated = set(
        Rating.objects.filter(review=review, reviewer=reviewer, score__isnull=False).values_list(
            "item__number", flat=True
        )
    )
    missing = [n for n in review.scale.items.values_list("number", flat=True) if n not in rated]
    if missing:
        raise ValidationError(
            _("Rate every item before marking your rating complete. Not rated yet: %(items)s.")
            % {"items": ", ".join(map(str, missing))}
        )
    if differing := items_differing_without_note(review, reviewer):
        raise ValidationError(
            _(
                "Some scores differ from the score the facts suggest: write in their evidence "
                "notes why. Items: %(items)s."
            )
            % {"items": ", ".join(str(item.number) for item in differing)}
        )
    assignment.rating_completed_at = timezone.now()
    assignment.save(update_fields=["rating_completed_at"])
    _start_rating(review)
    advance_when_rated(review)
    return assignment


class SheetConflicts(ValidationError):
    """Nothing was applied: ``conflicts`` lists (entry, EditConflict) for each item of the sheet
    whose rating was changed elsewhere (say in the browser) after the sheet was downloaded."""

    def __init__(self, conflicts: list[tuple[SheetEntry, EditConflict]]):
        super().__init__(
            _(
                "Nothing was applied: %(count)s item(s) were changed on the rating page after "
                "you downloaded the sheet."
            )
            % {"count": len(conflicts)}
        )
        self.conflicts = conflicts


@transaction.atomic
def rating_sheet_apply(*, review: Review, reviewer, entries: Sequence[SheetEntry]) -> int:
    """Apply an uploaded rating sheet, all or nothing; returns how many ratings changed.

    Each item is saved as the autosave saves it, checked against the version the sheet was
    downloaded at: a rating changed since (in the browser, another upload) and different from
    the sheet is a conflict, and then nothing is applied (``SheetConflicts``).
    """
    _open_assignment(review, reviewer)
    items = {item.pk: item for item in ScaleItem.objects.filter(scale=review.scale_id)}
    before = dict(
        Rating.objects.filter(review=review, reviewer=reviewer).values_list("item_id", "version")
    )
    conflicts = []
    changed = 0
    for entry in entries:
        if entry.item_id not in items:
            raise ValidationError(_("An item of the sheet is not part of this review's scale."))
        try:
            saved = rating_save(
                review=review,
                reviewer=reviewer,
                item=items[entry.item_id],
                score=entry.score,
                evidence=entry.evidence,
                expected_version=entry.version,
            )
        except EditConflict as conflict:
            conflicts.append((entry, conflict))
            continue
        if saved is not None and saved.version != before.get(entry.item_id, 0):
            changed += 1
    if conflicts:
        raise SheetConflicts(conflicts)
    return changed
