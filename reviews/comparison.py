"""Comparing centers item by item: the seed paper's Table 5 for any number of centers.

Pure computation: plain data in, frozen dataclasses out. Nothing here imports Django or the rest of
the app but the pure scoring core (bands, items), so the comparison page, the exports and the tests
all compute exactly the same numbers.

Contracts that hold for every function below:

- **No rounding.** Means, SDs, differences, correlations and weights are returned at full float
  precision. Rounding is a display decision: pages and exports show scores and differences with two
  decimals (4.67, 2.33, 2.67), totals as integers and medians with one decimal (99.5), and
  correlations with two decimals. Rounding earlier would make differences of rounded means disagree
  with the rounded difference of means.
- **Missing scores.** A center may lack a score for an item. Statistics use the centers that have
  it and report how many that was (``n``); nothing is imputed.
- **Spread.** ``sd`` is the *sample* standard deviation (divisor n - 1), the convention of SPSS and
  Excel's STDEV that the seed paper used (its totals 97, 103, 89, 102, 89, 109 give SD 8.1). It is
  ``None`` when fewer than two values exist.
- **Totals.** A center's total is the sum of its item scores. It is *complete* only when every item
  of the scale is scored; only complete totals get a band, enter the median and range of totals,
  the total-versus-outcome correlation and the weighted total, because a partial sum would look
  like low fidelity.
- **Employment rates** are fractions (0.35 for 35 %) or ``None`` when unknown.
"""

import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from ipsweb.statistics import Summary, summarize
from reviews.scoring import Band, ItemSpec, band_for

# Correlations over fewer centers than this carry a visible caution: with a handful of points a
# single center can make r anything.
SMALL_N = 10


@dataclass(frozen=True)
class CenterData:
    """What the comparison knows about one center: its item scores and employment rate.

    ``key`` identifies the center to the caller (a primary key or a code); ``label`` is what tables
    show. ``scores`` maps item number to a score within the scale's item range (checked where the
    scores are stored); items may be missing.
    """

    key: Hashable
    label: str
    scores: Mapping[int, int]
    employment_rate: float | None = None

    def __post_init__(self):
        if self.employment_rate is not None and not 0 <= self.employment_rate <= 1:
            raise ValueError(
                f"{self.label}: employment rate {self.employment_rate} is not a fraction 0-1"
            )
        # A read-only copy, so the frozen dataclass really cannot change under the caller.
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))

    # Kept in the cache (ipsweb.caching), which pickles: a read-only mapping is not picklable.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "scores": dict(self.scores)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, scores=MappingProxyType(state["scores"]))


# --- Items x centers -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    """One row of the items x centers matrix: the scores (``None`` where missing) in the order of
    the centers, and statistics over the centers that have a score."""

    item: ItemSpec
    scores: tuple[int | None, ...]
    stats: Summary


def item_matrix(items: Sequence[ItemSpec], centers: Sequence[CenterData]) -> tuple[ItemRow, ...]:
    """Items x centers: each item's score per center, with mean, SD, min, max and n."""
    rows = []
    for item in items:
        scores = tuple(center.scores.get(item.number) for center in centers)
        rows.append(
            ItemRow(
                item=item,
                scores=scores,
                stats=summarize(s for s in scores if s is not None),
            )
        )
    return tuple(rows)


# --- Totals and bands ------------------------------------------------------------------------


@dataclass(frozen=True)
class CenterTotal:
    """A center's total. ``band`` is None when the total is incomplete or falls in no band."""

    center: CenterData
    total: int
    items_scored: int
    complete: bool
    band: Band | None


def center_totals(
    items: Sequence[ItemSpec], centers: Sequence[CenterData], bands: Sequence[Band]
) -> tuple[CenterTotal, ...]:
    """Each center's total over the scale's items, with its band when the total is complete."""
    totals = []
    for center in centers:
        scored = [center.scores[i.number] for i in items if i.number in center.scores]
        total = sum(scored)
        complete = len(scored) == len(items)
        totals.append(
            CenterTotal(
                center=center,
                total=total,
                items_scored=len(scored),
                complete=complete,
                band=band_for(bands, total) if complete else None,
            )
        )
    return tuple(totals)


def totals_summary(totals: Iterable[CenterTotal]) -> Summary:
    """Median, range, mean and SD of the complete totals (incomplete ones are left out)."""
    return summarize(t.total for t in totals if t.complete)


# --- Two groups of centers -------------------------------------------------------------------


class GroupMethod(StrEnum):
    BY_HAND = "hand"
    MEDIAN_RATE = "median"
    TOP_K_RATE = "top_k"


@dataclass(frozen=True)
class GroupSplit:
    """Which centers form the upper (better outcomes) and the lower group.

    ``without_rate`` lists centers left out of a split by employment rate because their rate is
    unknown. ``median_rate`` is the median the split used (MEDIAN_RATE only); ``k`` the requested
    size of the upper group (TOP_K_RATE only).
    """

    method: GroupMethod
    upper: tuple[Hashable, ...]
    lower: tuple[Hashable, ...]
    without_rate: tuple[Hashable, ...] = ()
    median_rate: float | None = None
    k: int | None = None


def groups_by_hand(
    centers: Sequence[CenterData], *, upper: Iterable[Hashable], lower: Iterable[Hashable]
) -> GroupSplit:
    """Groups chosen by the user. A center cannot be in both; unknown keys are an error."""
    upper_keys, lower_keys = set(upper), set(lower)
    known = {center.key for center in centers}
    if upper_keys & lower_keys:
        raise ValueError(f"centers in both groups: {sorted(map(str, upper_keys & lower_keys))}")
    if (upper_keys | lower_keys) - known:
        raise ValueError(f"unknown centers: {sorted(map(str, (upper_keys | lower_keys) - known))}")
    return GroupSplit(
        method=GroupMethod.BY_HAND,
        upper=tuple(c.key for c in centers if c.key in upper_keys),
        lower=tuple(c.key for c in centers if c.key in lower_keys),
    )


def groups_by_median_rate(centers: Sequence[CenterData]) -> GroupSplit:
    """Upper group: employment rate strictly above the median of the known rates; lower: the rest.

    Ties: a center whose rate equals the median goes to the *lower* group, so "above the median"
    means what it says. With an odd number of centers the middle one therefore joins the lower
    group; when all rates are equal the upper group is empty. Centers without a rate take no part.
    """
    rated = [c for c in centers if c.employment_rate is not None]
    if not rated:
        return GroupSplit(
            method=GroupMethod.MEDIAN_RATE,
            upper=(),
            lower=(),
            without_rate=tuple(c.key for c in centers),
        )
    median = statistics.median(c.employment_rate for c in rated)
    return GroupSplit(
        method=GroupMethod.MEDIAN_RATE,
        upper=tuple(c.key for c in rated if c.employment_rate > median),
        lower=tuple(c.key for c in rated if c.employment_rate <= median),
        without_rate=tuple(c.key for c in centers if c.employment_rate is None),
        median_rate=median,
    )


def groups_by_top_k(centers: Sequence[CenterData], k: int) -> GroupSplit:
    """Upper group: the ``k`` centers with the highest employment rates; lower: the other rated.

    Ties: centers whose rate equals the k-th highest rate all join the upper group, so equal rates
    are never split between the groups; the upper group can then have more than ``k`` centers.
    Centers without a rate take no part.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    rated = [c for c in centers if c.employment_rate is not None]
    rates = sorted((c.employment_rate for c in rated), reverse=True)
    cutoff = rates[min(k, len(rates)) - 1] if rates else None
    return GroupSplit(
        method=GroupMethod.TOP_K_RATE,
        upper=tuple(c.key for c in rated if c.employment_rate >= cutoff),
        lower=tuple(c.key for c in rated if c.employment_rate < cutoff),
        without_rate=tuple(c.key for c in centers if c.employment_rate is None),
        k=k,
    )


@dataclass(frozen=True)
class ItemGroupDifference:
    """An item's mean in each group (over the group's centers that have a score) and
    ``difference`` = upper mean - lower mean (None when either group has no score)."""

    item: ItemSpec
    upper: Summary
    lower: Summary
    difference: float | None


@dataclass(frozen=True)
class GroupComparison:
    split: GroupSplit
    items: tuple[ItemGroupDifference, ...]
    upper_totals: Summary
    lower_totals: Summary

    @property
    def total_difference(self) -> float | None:
        return _difference(self.upper_totals.mean, self.lower_totals.mean)


def _difference(upper: float | None, lower: float | None) -> float | None:
    return None if upper is None or lower is None else upper - lower


def compare_groups(
    items: Sequence[ItemSpec],
    centers: Sequence[CenterData],
    split: GroupSplit,
    totals: Sequence[CenterTotal] = (),
) -> GroupComparison:
    """Each group's mean per item and the difference (upper minus lower), in scale order.

    ``totals`` (from ``center_totals``) adds each group's mean complete total.
    """
    upper_keys, lower_keys = set(split.upper), set(split.lower)
    upper = [c for c in centers if c.key in upper_keys]
    lower = [c for c in centers if c.key in lower_keys]
    rows = []
    for item in items:
        upper_stats = summarize(_scores_of(upper, item))
        lower_stats = summarize(_scores_of(lower, item))
        rows.append(
            ItemGroupDifference(
                item=item,
                upper=upper_stats,
                lower=lower_stats,
                difference=_difference(upper_stats.mean, lower_stats.mean),
            )
        )
    return GroupComparison(
        split=split,
        items=tuple(rows),
        upper_totals=totals_summary(t for t in totals if t.center.key in upper_keys),
        lower_totals=totals_summary(t for t in totals if t.center.key in lower_keys),
    )


def _scores_of(centers: Iterable[CenterData], item: ItemSpec) -> list[int]:
    return [c.scores[item.number] for c in centers if item.number in c.scores]


# --- Fidelity and outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class Correlation:
    """Pearson's r over the ``n`` centers that have both values.

    ``r`` is None when it is undefined: fewer than two pairs, or one variable ``constant`` (all
    centers have the same value, so there is no variation to relate). ``small_n`` is true when n is
    below ``SMALL_N``: show a caution next to r then.
    """

    r: float | None
    n: int
    constant: bool
    small_n: bool

    @property
    def caution(self) -> bool:
        return self.small_n or self.r is None


def pearson(pairs: Iterable[tuple[float | None, float | None]]) -> Correlation:
    """Pearson correlation of the (x, y) pairs in which neither value is None."""
    complete = [(x, y) for x, y in pairs if x is not None and y is not None]
    n = len(complete)
    xs = [x for x, _ in complete]
    ys = [y for _, y in complete]
    constant = n >= 2 and (len(set(xs)) == 1 or len(set(ys)) == 1)
    r = None if n < 2 or constant else statistics.correlation(xs, ys)
    return Correlation(r=r, n=n, constant=constant, small_n=n < SMALL_N)


@dataclass(frozen=True)
class ItemCorrelation:
    item: ItemSpec
    correlation: Correlation


def item_outcome_correlations(
    items: Sequence[ItemSpec], centers: Sequence[CenterData]
) -> tuple[ItemCorrelation, ...]:
    """Per item, the correlation across centers between the item's score and employment rate."""
    return tuple(
        ItemCorrelation(
            item=item,
            correlation=pearson((c.scores.get(item.number), c.employment_rate) for c in centers),
        )
        for item in items
    )


def total_outcome_correlation(totals: Iterable[CenterTotal]) -> Correlation:
    """Correlation across centers between the complete total and employment rate."""
    return pearson((t.total, t.center.employment_rate) for t in totals if t.complete)


@dataclass(frozen=True)
class ItemWeight:
    """An item's weight in the exploratory weighted total, and the correlation it came from."""

    item: ItemSpec
    correlation: Correlation
    weight: float


@dataclass(frozen=True)
class OutcomeWeights:
    """Weights for the exploratory weighted total. ``items`` is empty when no item has a positive
    correlation with employment (nothing to weight by); ``caution`` is true when any weight rests on
    a correlation over fewer than ``SMALL_N`` centers."""

    items: tuple[ItemWeight, ...]
    caution: bool

    @property
    def usable(self) -> bool:
        return bool(self.items)


def outcome_weights(correlations: Sequence[ItemCorrelation]) -> OutcomeWeights:
    """Item weights proportional to the positive part of each item's correlation with outcome.

    With ``m`` items and r_i the item's correlation (undefined counts as 0):

        w_i = m * max(r_i, 0) / sum_j max(r_j, 0)

    The weights add up to ``m``, so a weighted total sum_i w_i * score_i stays on the official
    scale's range (25-125 for the IPS-25: all items at 1 give 25, all at 5 give 125). Items with no
    or a negative association weigh nothing. Exploratory only: the weights come from the very
    centers they are applied to, and with few centers they are unstable.
    """
    positive = [max(c.correlation.r or 0.0, 0.0) for c in correlations]
    total = sum(positive)
    if total <= 0:
        return OutcomeWeights(items=(), caution=True)
    m = len(correlations)
    items = tuple(
        ItemWeight(item=c.item, correlation=c.correlation, weight=m * p / total)
        for c, p in zip(correlations, positive, strict=True)
    )
    caution = any(w.correlation.small_n for w in items if w.weight > 0)
    return OutcomeWeights(items=items, caution=caution)


@dataclass(frozen=True)
class WeightedTotal:
    """The exploratory weighted total next to the official total (never instead of it).
    ``weighted`` is None when the center's total is incomplete or no weights are usable."""

    center: CenterData
    official: int
    complete: bool
    weighted: float | None


def weighted_totals(
    totals: Sequence[CenterTotal], weights: OutcomeWeights
) -> tuple[WeightedTotal, ...]:
    """Each center's official total with its weighted total: sum over items of weight x score."""
    result = []
    for total in totals:
        weighted = None
        if total.complete and weights.usable:
            weighted = sum(w.weight * total.center.scores[w.item.number] for w in weights.items)
        result.append(
            WeightedTotal(
                center=total.center,
                official=total.total,
                complete=total.complete,
                weighted=weighted,
            )
        )
    return tuple(result)
