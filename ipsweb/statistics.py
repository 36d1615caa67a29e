"""Summary statistics of some numbers: the one ``Summary`` and ``summarize`` the comparisons of
centers (``reviews.comparison``) and the survey dashboards (``participants.statistics``) share.
Pure: no Django.

Missing values (``None``) never count; ``n`` says how many did. The SD is the sample SD (n - 1),
as SPSS reports it, and ``None`` below two values; everything is ``None`` when n is 0.
"""

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Count, mean, sample SD, minimum, maximum and median of some numbers."""

    n: int
    mean: float | None
    sd: float | None
    minimum: float | None = None
    maximum: float | None = None
    median: float | None = None


def summarize(values: Iterable[float | None]) -> Summary:
    """Summary statistics of the values that are not None. Whole numbers stay whole (a minimum
    score is 2, not 2.0); other numbers (Decimals too) are counted as floats.

    Values are tallied first (``Counter``, in C): whole numbers, such as the scores of a thousand
    centers, are then summarised from the few distinct values and their counts, exactly as from
    the list (sums in integers, the median by walking the counts)."""
    tally = Counter(values)
    tally.pop(None, None)
    if not tally:
        return Summary(n=0, mean=None, sd=None)
    if all(type(value) is int for value in tally):
        return _summarize_whole(tally)
    data = [v if type(v) is int else float(v) for v in tally.elements()]
    return Summary(
        n=len(data),
        mean=statistics.fmean(data),
        sd=statistics.stdev(data) if len(data) > 1 else None,
        minimum=min(data),
        maximum=max(data),
        median=statistics.median(data),
    )


def _summarize_whole(tally: Counter) -> Summary:
    ordered = sorted(tally)
    n = sum(tally.values())
    total = sum(value * count for value, count in tally.items())
    squares = sum(value * value * count for value, count in tally.items())
    sd = math.sqrt((n * squares - total * total) / (n * (n - 1))) if n > 1 else None
    return Summary(
        n=n,
        mean=total / n,
        sd=sd,
        minimum=ordered[0],
        maximum=ordered[-1],
        median=_median_of_tally(ordered, tally, n),
    )


def _median_of_tally(ordered: list[int], tally: Counter, n: int) -> float:
    """The median of the values counted in ``tally`` (``ordered``: its values, ascending), as
    ``statistics.median`` gives it: the middle value, or the mean of the two middle ones."""
    wanted = [(n - 1) // 2, n // 2]  # 0-based positions of the middle value(s)
    found = []
    seen = 0
    for value in ordered:
        seen += tally[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
        if not wanted:
            break
    low, high = found
    return low if n % 2 else (low + high) / 2
