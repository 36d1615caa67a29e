"""A center's self-assessment beside the external review of the same period, item by item.

Self-assessments are known to run higher than external reviews; putting the two side by side shows
where the center sees itself differently. A pair is a final self-assessment and a final external
review of the same center and scale (any version; items are matched by number) whose visits start
within ``SAME_PERIOD_MONTHS`` of each other; of several candidates the nearest visit wins (on a
tie, the later one). The pairing and the arithmetic (``nearest_in_period``, ``compare``) are pure;
``comparison_for`` reads the two reviews of one pair from the database.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ipsweb.dates import add_months
from reviews.models import Review
from reviews.scoring import ScaleSpec, ScoreResult, score_review, scores_dict
from reviews.selectors import final_reviews, item_names, scale_spec

# "The same period": the two visits start at most this many months apart (inclusive).
SAME_PERIOD_MONTHS = 6

K = TypeVar("K")


def in_same_period(first: datetime.date, second: datetime.date) -> bool:
    earlier, later = sorted((first, second))
    return later <= add_months(earlier, SAME_PERIOD_MONTHS)


def nearest_in_period(
    visit: datetime.date, candidates: Iterable[tuple[datetime.date, K]]
) -> K | None:
    """The key of the candidate (visit date, key) nearest to ``visit`` within the same period;
    the later visit on a tie; None when none is in the period."""
    within = [(day, key) for day, key in candidates if in_same_period(visit, day)]
    if not within:
        return None
    return min(within, key=lambda pair: (abs((pair[0] - visit).days), -pair[0].toordinal()))[1]


@dataclass(frozen=True)
class ItemDifference:
    number: int
    name: str
    self_score: int | None
    external_score: int | None

    @property
    def difference(self) -> int | None:
        """Self minus external: positive where the center rated itself higher."""
        if self.self_score is None or self.external_score is None:
            return None
        return self.self_score - self.external_score

    @property
    def self_higher(self) -> bool:
        return (self.difference or 0) > 0

    @property
    def self_lower(self) -> bool:
        return (self.difference or 0) < 0


@dataclass(frozen=True)
class Comparison:
    items: tuple[ItemDifference, ...]
    self_result: ScoreResult
    external_result: ScoreResult

    @property
    def total_difference(self) -> int | None:
        if self.self_result.total is None or self.external_result.total is None:
            return None
        return self.self_result.total - self.external_result.total

    @property
    def self_higher_count(self) -> int:
        return sum(item.self_higher for item in self.items)

    @property
    def self_lower_count(self) -> int:
        return sum(item.self_lower for item in self.items)


def compare(
    spec: ScaleSpec,
    self_scores: Mapping[int, int | None],
    external_scores: Mapping[int, int | None],
    names: Mapping[int, str],
    *,
    external_spec: ScaleSpec | None = None,
) -> Comparison:
    """Both reviews' scores of each item of ``spec`` with their difference, and both totals and
    bands (each by its own scale version's spec: ``external_spec``, default ``spec``)."""
    numbers = spec.item_numbers
    return Comparison(
        items=tuple(
            ItemDifference(
                number=number,
                name=names.get(number, ""),
                self_score=self_scores.get(number),
                external_score=external_scores.get(number),
            )
            for number in numbers
        ),
        self_result=score_review(spec, {n: self_scores.get(n) for n in numbers}),
        external_result=score_review(
            external_spec or spec,
            {n: external_scores.get(n) for n in (external_spec or spec).item_numbers},
        ),
    )


def mean_differences(comparisons: Iterable[Comparison]) -> dict[int, tuple[float, int]]:
    """Per item number, the mean self-minus-external difference over ``comparisons`` and how many
    pairs scored the item in both reviews."""
    sums: dict[int, list[int]] = {}
    for comparison in comparisons:
        for item in comparison.items:
            if item.difference is not None:
                sums.setdefault(item.number, []).append(item.difference)
    return {number: (sum(values) / len(values), len(values)) for number, values in sums.items()}


# ---------------------------------------------------------------------------------------------
# From the database


@dataclass(frozen=True)
class ReviewPair:
    self_review: Review
    external_review: Review
    comparison: Comparison


def partner_of(review: Review) -> Review | None:
    """The final review of the other kind paired with a final ``review`` (see the module)."""
    if not review.is_final:
        return None
    other = Review.Kind.EXTERNAL if review.kind == Review.Kind.SELF else Review.Kind.SELF
    candidates = final_reviews(review.center_id, scale_code=review.scale.code, kind=other)
    low = add_months(review.visit_start, -SAME_PERIOD_MONTHS)
    high = add_months(review.visit_start, SAME_PERIOD_MONTHS)
    near = {
        r.pk: r
        for r in candidates.filter(visit_start__gte=low, visit_start__lte=high).select_related(
            "scale", "center"
        )
    }
    pk = nearest_in_period(review.visit_start, ((r.visit_start, r.pk) for r in near.values()))
    return near.get(pk)


def comparison_for(review: Review) -> ReviewPair | None:
    """The self-assessment and external review pair that ``review`` is part of, compared item by
    item from the scores stored when each was finalized; None without a partner."""
    partner = partner_of(review)
    if partner is None:
        return None
    own, other = (review, partner) if review.kind == Review.Kind.SELF else (partner, review)
    return pair_of(own, other)


def pair_of(
    own: Review, external: Review, *, spec: ScaleSpec | None = None, names=None
) -> ReviewPair:
    """``own`` (a self-assessment) and ``external`` compared item by item. ``spec`` and
    ``names`` (item number -> name) are those of ``own``'s scale version when the caller has them
    already; each review's total and band come from its own version."""
    spec = spec or scale_spec(own.scale)
    external_spec = spec if external.scale_id == own.scale_id else scale_spec(external.scale)
    return ReviewPair(
        self_review=own,
        external_review=external,
        comparison=compare(
            spec,
            scores_dict(own.item_scores),
            scores_dict(external.item_scores),
            names if names is not None else item_names(own.scale),
            external_spec=external_spec,
        ),
    )
