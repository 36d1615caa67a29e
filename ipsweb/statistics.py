"""Summary statistics of some numbers: the one ``Summary`` and ``summarize`` the comparisons of
centers (``reviews.comparison``) and the survey dashboards (``participants.statistics``) share.
Pure: no Django.

Missing values (``None``) never count; ``n`` says how many did. The SD is the sample SD (n - 1),
as SPSS reports it, and ``None`` below two values; everything is ``None`` when n is 0.
"""

import math
import statistics
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
    score is 2, not 2.0); other numbers (Decimals too) are counted as floats."""
    data = [v if type(v) is int else float(v) for v in values if v is not None]
    if not data:
        return Summary(n=0, mean=None, sd=None)
    return Summary(
        n=len(data),
        mean=statistics.fmean(data),
        sd=_sample_sd(data),
        minimum=min(data),
        maximum=max(data),
        median=statistics.median(data),
    )


def _sample_sd(data: list[float]) -> float | None:
    """Sample SD (n - 1). Whole numbers: the sum of squared deviations computed exactly in
    integers (statistics.stdev does the same with fractions, many times slower, which a
    comparison of a thousand centers notices); other numbers: statistics.stdev."""
    n = len(data)
    if n < 2:
        return None
    if all(type(value) is int for value in data):
        total = sum(data)
        squares = sum(value * value for value in data)
        return math.sqrt((n * squares - total * total) / (n * (n - 1)))
    return statistics.stdev(data)
