"""``summarize`` tallies values first; what it gives must be what the textbook computation over
the list gives, for whole numbers (scores, totals) and for others (rates, Decimals)."""

import math
import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsweb.statistics import summarize


def by_the_list(values):
    data = [v if type(v) is int else float(v) for v in values if v is not None]
    return (
        len(data),
        statistics.fmean(data),
        statistics.stdev(data) if len(data) > 1 else None,
        min(data),
        max(data),
        statistics.median(data),
    )


def as_tuple(summary):
    return (
        summary.n,
        summary.mean,
        summary.sd,
        summary.minimum,
        summary.maximum,
        summary.median,
    )


@given(st.lists(st.one_of(st.none(), st.integers(-5, 130)), min_size=1).filter(any))
def test_whole_numbers_summarise_as_from_the_list(values):
    got, expected = as_tuple(summarize(values)), by_the_list(values)
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1], rel=1e-12)
    assert (got[2] is None) == (expected[2] is None)
    if got[2] is not None:
        assert got[2] == pytest.approx(expected[2], rel=1e-9, abs=1e-12)
    assert got[3:] == expected[3:]
    assert all(type(v) is type(e) for v, e in zip(got[3:5], expected[3:5], strict=True))


@given(
    st.lists(
        st.one_of(st.none(), st.floats(0, 100, allow_nan=False), st.integers(0, 100)),
        min_size=1,
    ).filter(lambda values: any(type(v) is float for v in values))
)
def test_other_numbers_summarise_as_from_the_list(values):
    got, expected = as_tuple(summarize(values)), by_the_list(values)
    assert got[0] == expected[0]
    assert got[1] == pytest.approx(expected[1], rel=1e-12)
    assert got[2] == (None if expected[2] is None else pytest.approx(expected[2], rel=1e-9))
    assert [float(v) for v in got[3:]] == [float(v) for v in expected[3:]]


def test_hand_counted_medians_and_sd():
    assert summarize([5, 1, 3]).median == 3
    assert summarize([4, 1, 3, 2]).median == 2.5
    assert summarize([2, 2, 2, 9]).median == 2.0
    result = summarize([1, 2, 3, 4])
    assert result.sd == pytest.approx(math.sqrt(5 / 3))
    assert (result.minimum, result.maximum, result.mean) == (1, 4, 2.5)
    assert summarize([Decimal("1.5"), None, 2]).mean == pytest.approx(1.75)
    assert summarize([None, None]).n == 0
