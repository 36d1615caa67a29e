"""Scoring of fidelity reviews: pure functions on plain data (no ORM, no request).

Everything here takes item numbers and integer scores and returns frozen dataclasses, so the same
code scores IPS-25 or any other scale an admin defines. Numbers are never rounded here: pages round
at display time.

Missing data: a review with any item unscored has no total and no band (``total is None``); the
result names the missing items, and section subtotals are likewise ``None`` for a section with a
missing item. Partial sums are never passed off as totals.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

# Every item score of every scale lies within this bound (the database checks it too); each scale
# stores its own narrower item range, and scoring checks a score against that exact range.
SCORE_BOUND_MIN = 0
SCORE_BOUND_MAX = 10


class ScoringError(ValueError):
    """Scores that do not fit the scale: an unknown item or a score outside the item range."""


@dataclass(frozen=True)
class ItemSpec:
    """One item of a scale as plain data: its number (order), section and a short name for
    tables (the model of the stored item is ``reviews.models.ScaleItem``)."""

    number: int
    section: str = ""
    name: str = ""


@dataclass(frozen=True)
class Band:
    """A band of the total, inclusive at both ends (IPS-25: 100-114 "Good fidelity")."""

    min_total: int
    max_total: int
    label: str

    def contains(self, total: float) -> bool:
        return self.min_total <= total <= self.max_total


@dataclass(frozen=True)
class ScaleSpec:
    items: tuple[ItemSpec, ...]
    min_score: int
    max_score: int
    improvement_at_or_below: int
    bands: tuple[Band, ...] = ()

    @property
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(item.number for item in self.items)

    @property
    def sections(self) -> tuple[str, ...]:
        """Section names in the order their first item appears."""
        return tuple(dict.fromkeys(item.section for item in self.items))

    @property
    def min_total(self) -> int:
        return self.min_score * len(self.items)

    @property
    def max_total(self) -> int:
        return self.max_score * len(self.items)


@dataclass(frozen=True)
class SectionSubtotal:
    section: str
    subtotal: int | None
    maximum: int
    missing: tuple[int, ...]


@dataclass(frozen=True)
class ScoreResult:
    total: int | None
    band: str | None
    missing: tuple[int, ...]
    sections: tuple[SectionSubtotal, ...]
    needing_improvement: tuple[int, ...]
    max_total: int

    @property
    def complete(self) -> bool:
        return not self.missing


def band_for(bands: Iterable[Band], total: float | None) -> Band | None:
    """The band that holds ``total``, or None (no total, or no band covers it)."""
    if total is None:
        return None
    return next((band for band in bands if band.contains(total)), None)


def needs_improvement(score: int | None, threshold: int) -> bool:
    """Whether an item scored ``score`` needs improvement on a scale whose threshold
    (``improvement_at_or_below``; IPS-25: 3) is ``threshold``: a score at or below it. A missing
    score is missing, not low: it needs no improvement."""
    return score is not None and score <= threshold


def check_scores(scale: ScaleSpec, scores: Mapping[int, int | None]) -> None:
    """Raise ScoringError for an item not in the scale or a score outside its item range."""
    known = set(scale.item_numbers)
    for number, value in scores.items():
        if number not in known:
            raise ScoringError(f"Item {number} is not part of this scale.")
        if value is not None and not scale.min_score <= value <= scale.max_score:
            raise ScoringError(
                f"Item {number}: {value} is outside {scale.min_score}-{scale.max_score}."
            )


def score_review(scale: ScaleSpec, scores: Mapping[int, int | None]) -> ScoreResult:
    """Total, band, section subtotals and items needing improvement of one set of item scores.

    ``scores`` maps item numbers to scores; an absent or None score is missing. Items needing
    improvement are the scored items at or below the scale's threshold (IPS-25: 3 or lower).
    """
    check_scores(scale, scores)
    missing = tuple(n for n in scale.item_numbers if scores.get(n) is None)
    sections = []
    for section in scale.sections:
        numbers = [item.number for item in scale.items if item.section == section]
        section_missing = tuple(n for n in numbers if n in missing)
        sections.append(
            SectionSubtotal(
                section=section,
                subtotal=None if section_missing else sum(scores[n] for n in numbers),
                maximum=scale.max_score * len(numbers),
                missing=section_missing,
            )
        )
    total = None if missing else sum(scores[n] for n in scale.item_numbers)
    band = band_for(scale.bands, total)
    return ScoreResult(
        total=total,
        band=band.label if band else None,
        missing=missing,
        sections=tuple(sections),
        needing_improvement=tuple(
            n
            for n in scale.item_numbers
            if needs_improvement(scores.get(n), scale.improvement_at_or_below)
        ),
        max_total=scale.max_total,
    )


def scores_list(scores: Mapping[int, int | None]) -> list[int | None]:
    """Scores by item number as a list: position k holds the score of item k + 1, None where
    there is none. The compact form final reviews keep (``Review.item_scores``)."""
    return [scores.get(number) for number in range(1, max(scores, default=0) + 1)]


def scores_dict(scores: list[int | None]) -> dict[int, int]:
    """The inverse of ``scores_list``: item number to score, without the gaps."""
    return {index: score for index, score in enumerate(scores, start=1) if score is not None}


@dataclass(frozen=True)
class ItemChange:
    number: int
    current: int | None
    previous: int | None

    @property
    def change(self) -> int | None:
        """Current minus previous; None when either is missing (e.g. an item new in this scale)."""
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous


def changes_since(
    current: Mapping[int, int | None], previous: Mapping[int, int | None]
) -> dict[int, ItemChange]:
    """Change per item since a previous review, items matched by number."""
    return {
        number: ItemChange(number=number, current=score, previous=previous.get(number))
        for number, score in current.items()
    }


def spread(scores: Sequence[int]) -> int:
    """How far apart the raters of one item are: highest minus lowest score (0 = all agree)."""
    return max(scores) - min(scores) if scores else 0


def weighted_kappa(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Cohen's weighted kappa of two raters with linear weights.

    kappa = 1 - (observed disagreement) / (disagreement expected by chance), where disagreement is
    the mean absolute difference |a - b|: observed over the rated items in pairs, expected over
    every combination of one rater's score with the other's (the product of the two raters'
    marginal distributions). This is the usual form with weights w = 1 - |i - j| / (k - 1); the
    k - 1 cancels out, so the result does not depend on the length of the scale.

    Returns None when kappa is not defined: no items, or chance disagreement of zero (both raters
    gave one and the same score to every item).
    """
    if len(first) != len(second):
        raise ScoringError("Both raters must score the same items.")
    if not first:
        return None
    n = len(first)
    observed = sum(abs(a - b) for a, b in zip(first, second, strict=True)) / n
    expected = sum(abs(a - b) for a in first for b in second) / (n * n)
    if expected == 0:
        return None
    return 1 - observed / expected


@dataclass(frozen=True)
class Agreement:
    raters: int
    items_compared: int
    exact_percent: float | None
    within_one_percent: float | None
    kappa: float | None


def agreement(ratings: Sequence[Mapping[int, int | None]]) -> Agreement:
    """Inter-rater agreement over the items every rater scored.

    - exact_percent: share of items on which all raters gave the same score.
    - within_one_percent: share of items on which the raters' scores lie within one point.
    - kappa: linearly weighted kappa (see weighted_kappa); with more than two raters, the mean of
      the kappas of every pair of raters, pairs with an undefined kappa left out.
    Percentages are 0-100 and None when no item was scored by everyone.
    """
    common = sorted(
        set.intersection(*({n for n, s in rater.items() if s is not None} for rater in ratings))
        if ratings
        else set()
    )
    if len(ratings) < 2 or not common:
        return Agreement(
            raters=len(ratings),
            items_compared=len(common) if len(ratings) >= 2 else 0,
            exact_percent=None,
            within_one_percent=None,
            kappa=None,
        )
    spreads = [spread([rater[n] for rater in ratings]) for n in common]
    kappas = [
        weighted_kappa([a[n] for n in common], [b[n] for n in common])
        for a, b in combinations(ratings, 2)
    ]
    defined = [k for k in kappas if k is not None]
    return Agreement(
        raters=len(ratings),
        items_compared=len(common),
        exact_percent=100 * sum(s == 0 for s in spreads) / len(common),
        within_one_percent=100 * sum(s <= 1 for s in spreads) / len(common),
        kappa=sum(defined) / len(defined) if defined else None,
    )
