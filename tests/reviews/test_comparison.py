"""The comparison math, checked against the seed paper's Table 5 (Fyhn et al. 2020) and by hand."""

import math
import subprocess
import sys
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviews.comparison import (
    SMALL_N,
    CenterData,
    GroupMethod,
    center_totals,
    compare_groups,
    groups_by_hand,
    groups_by_median_rate,
    groups_by_top_k,
    item_matrix,
    item_outcome_correlations,
    outcome_weights,
    pearson,
    summarize,
    total_outcome_correlation,
    totals_summary,
    weighted_totals,
)
from reviews.scoring import Band, ItemSpec

# Table 5, transcribed row by row: (short name, scores of centers 1, 2, 4, 3, 5, 6 as printed,
# printed mean of all centers, printed mean of the less performing 1, 2, 4, printed mean of the
# high-performing 3, 5, 6).
TABLE_5 = [
    ("Case load size", (5, 5, 5, 5, 5, 5), 5.0, 5.0, 5.0),
    ("Exclusively vocational services", (5, 5, 2, 5, 5, 5), 4.5, 4.0, 5.0),
    ("Vocational generalists", (4, 5, 5, 5, 4, 5), 4.6, 4.7, 4.5),
    ("Integration of IPS with treatment team", (5, 2, 2, 4, 5, 4), 3.6, 3.0, 4.2),
    ("IPS team contact with treatment team", (2, 3, 3, 3, 1, 3), 2.5, 2.7, 2.3),
    ("State vocational rehabilitation agency", (3, 5, 5, 5, 4, 4), 4.3, 4.3, 4.3),
    ("IPS team forms a vocational unit", (5, 5, 4, 5, 5, 5), 4.8, 4.7, 4.8),
    ("Supervisory role of IPS team leader", (4, 3, 3, 5, 3, 4), 3.6, 3.3, 3.8),
    ("Zero exclusion of clients", (3, 4, 3, 3, 3, 4), 3.3, 3.3, 3.3),
    ("Agency focus on work", (2, 3, 3, 3, 2, 3), 2.6, 2.7, 2.5),
    ("Agency leadership support", (5, 4, 3, 3, 2, 4), 3.5, 4.0, 3.0),
    ("Benefits counseling", (4, 5, 5, 5, 5, 5), 4.8, 4.7, 5.0),
    ("Disclosure of disability to employers", (5, 5, 5, 5, 4, 5), 4.8, 5.0, 4.5),
    ("Individualized assessment", (5, 5, 5, 4, 4, 5), 4.7, 5.0, 4.3),
    ("Rapid search", (3, 5, 3, 3, 3, 5), 3.7, 3.7, 3.7),
    ("Individualized job search", (5, 5, 5, 5, 4, 5), 4.8, 5.0, 4.7),
    ("Job development, frequency", (1, 2, 1, 3, 1, 3), 1.8, 1.3, 2.2),
    ("Job development, quality", (2, 1, 4, 5, 5, 5), 3.7, 2.3, 5.0),
    ("Occupational diversity", (5, 5, 5, 4, 4, 5), 4.6, 5.0, 4.2),
    ("Employer diversity", (5, 5, 5, 5, 5, 5), 4.9, 5.0, 4.8),
    ("Competitive jobs", (4, 5, 1, 5, 3, 4), 3.6, 3.3, 3.8),
    ("Individualized supports", (4, 5, 5, 3, 5, 5), 4.5, 4.7, 4.3),
    ("Time-unlimited supports", (5, 5, 4, 4, 3, 4), 4.1, 4.7, 3.5),
    ("Community-based services", (1, 1, 1, 1, 1, 2), 1.2, 1.0, 1.3),
    ("Assertive outreach to clients", (5, 5, 2, 4, 3, 5), 3.9, 4.0, 3.8),
]
PRINTED_TOTALS = {"C1": 97, "C2": 103, "C4": 89, "C3": 102, "C5": 89, "C6": 109}
PAPER_COLUMNS = ["C1", "C2", "C4", "C3", "C5", "C6"]
LOWER, UPPER = ("C1", "C2", "C4"), ("C3", "C5", "C6")
# Not in the paper (it only says three centers did better): rates in which C3, C5, C6 lead.
RATES = {"C1": 0.28, "C2": 0.31, "C3": 0.47, "C4": 0.25, "C5": 0.52, "C6": 0.55}

ITEMS = [ItemSpec(number, name=name) for number, (name, *_rest) in enumerate(TABLE_5, start=1)]
IPS25_BANDS = [
    Band(115, 125, "Exemplary fidelity"),
    Band(100, 114, "Good fidelity"),
    Band(74, 99, "Fair fidelity"),
    Band(25, 73, "Not supported employment"),
]
VOCATIONAL_GENERALISTS, INTEGRATION, JOB_DEVELOPMENT_QUALITY = 3, 4, 18


def seed_centers(rates=RATES) -> list[CenterData]:
    """The six centers in the paper's numbering order C1..C6."""
    return [
        CenterData(
            key=code,
            label=f"Center {code[1]}",
            scores={
                number: row[1][PAPER_COLUMNS.index(code)]
                for number, row in enumerate(TABLE_5, start=1)
            },
            employment_rate=rates.get(code),
        )
        for code in sorted(PAPER_COLUMNS)
    ]


def row_for(rows, number):
    return next(row for row in rows if row.item.number == number)


# --- The seed paper --------------------------------------------------------------------------


def test_the_transcription_of_table_5_gives_the_printed_totals():
    totals = center_totals(ITEMS, seed_centers(), IPS25_BANDS)
    assert {t.center.key: t.total for t in totals} == PRINTED_TOTALS
    assert all(t.complete and t.items_scored == 25 for t in totals)


def test_vocational_generalists_mean_is_four_point_six_seven_not_the_printed_four_point_six():
    stats = row_for(item_matrix(ITEMS, seed_centers()), VOCATIONAL_GENERALISTS).stats
    assert stats.mean == pytest.approx(28 / 6)
    assert f"{stats.mean:.2f}" == "4.67"
    assert (stats.n, stats.minimum, stats.maximum) == (6, 4, 5)


def test_item_sd_is_the_sample_sd():
    stats = row_for(item_matrix(ITEMS, seed_centers()), JOB_DEVELOPMENT_QUALITY).stats
    # Scores 2, 1, 4, 5, 5, 5: mean 11/3; squared deviations 25/9 + 64/9 + 1/9 + 3 * 16/9 = 46/3,
    # divided by n - 1 = 5 (the population SD would divide by 6).
    assert stats.sd == pytest.approx(math.sqrt(46 / 15))


def test_matrix_keeps_the_order_of_the_centers_given():
    centers = seed_centers()
    row = row_for(item_matrix(ITEMS, centers), JOB_DEVELOPMENT_QUALITY)
    assert [c.key for c in centers] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert row.scores == (2, 1, 5, 4, 5, 5)


def test_totals_have_median_99_5_range_89_to_109_and_the_papers_sd_8_1():
    summary = totals_summary(center_totals(ITEMS, seed_centers(), IPS25_BANDS))
    assert summary.median == 99.5
    # The abstract's "range 97-109" leaves out the two centers at 89.
    assert (summary.minimum, summary.maximum) == (89, 109)
    assert f"{summary.sd:.1f}" == "8.1"
    assert summary.n == 6


def test_each_total_gets_its_ips25_band():
    totals = center_totals(ITEMS, seed_centers(), IPS25_BANDS)
    assert {t.center.key: t.band.label for t in totals} == {
        "C1": "Fair fidelity",
        "C2": "Good fidelity",
        "C3": "Good fidelity",
        "C4": "Fair fidelity",
        "C5": "Fair fidelity",
        "C6": "Good fidelity",
    }


def test_grouping_by_median_employment_rate_gives_the_papers_high_performing_centers():
    split = groups_by_median_rate(seed_centers())
    assert split.method == GroupMethod.MEDIAN_RATE
    assert split.upper == UPPER
    assert split.lower == ("C1", "C2", "C4")
    assert split.median_rate == pytest.approx((0.31 + 0.47) / 2)


def test_job_development_quality_is_2_33_in_the_lower_group_and_5_in_the_higher():
    centers = seed_centers()
    groups = compare_groups(ITEMS, centers, groups_by_median_rate(centers))
    row = row_for(groups.items, JOB_DEVELOPMENT_QUALITY)
    assert row.lower.mean == pytest.approx(7 / 3)
    assert row.upper.mean == 5.0
    assert row.difference == pytest.approx(8 / 3)
    assert (f"{row.lower.mean:.2f}", f"{row.difference:.2f}") == ("2.33", "2.67")
    # The paper's other highlighted difference: integration with the treatment team, 1.3 points.
    assert row_for(groups.items, INTEGRATION).difference == pytest.approx(4 / 3)


def test_group_totals_are_averaged_per_group():
    centers = seed_centers()
    totals = center_totals(ITEMS, centers, IPS25_BANDS)
    groups = compare_groups(ITEMS, centers, groups_by_median_rate(centers), totals)
    assert groups.upper_totals.mean == pytest.approx((102 + 89 + 109) / 3)
    assert groups.lower_totals.mean == pytest.approx((97 + 103 + 89) / 3)
    assert groups.total_difference == pytest.approx(11 / 3)


@dataclass(frozen=True)
class PrintedMismatch:
    """A printed mean that its own scores do not give, even allowing for the printed rounding."""

    key: Hashable
    printed: float
    computed: float | None


def printed_mismatches(
    printed: Mapping[Hashable, float], computed: Mapping[Hashable, float | None], *, decimals: int
) -> list[PrintedMismatch]:
    """Printed values (the paper's means) that the recomputed values do not support: a value
    printed with ``decimals`` decimals is consistent within half a unit of its last digit (4.67
    printed as 4.7 is fine, as 4.6 it is not). A key missing from ``computed`` is a mismatch."""
    tolerance = 0.5 * 10**-decimals + 1e-9
    return [
        PrintedMismatch(key=key, printed=value, computed=computed.get(key))
        for key, value in printed.items()
        if computed.get(key) is None or abs(computed[key] - value) > tolerance
    ]


def test_printed_means_that_the_item_scores_do_not_give_are_listed():
    matrix = item_matrix(ITEMS, seed_centers())
    computed = {row.item.number: row.stats.mean for row in matrix}
    printed = {number: row[2] for number, row in enumerate(TABLE_5, start=1)}
    wrong = {
        m.key: (m.printed, m.computed) for m in printed_mismatches(printed, computed, decimals=1)
    }
    # Truncated instead of rounded (4.67 printed 4.6), and plain errors (5.0 printed 4.9).
    assert set(wrong) == {3, 4, 8, 10, 19, 20, 21, 23, 25}
    assert wrong[VOCATIONAL_GENERALISTS] == (4.6, pytest.approx(14 / 3))
    assert wrong[20] == (4.9, 5.0)


def test_the_papers_group_means_are_checked_too():
    centers = seed_centers()
    groups = compare_groups(ITEMS, centers, groups_by_hand(centers, upper=UPPER, lower=LOWER))
    lower_printed = {number: row[3] for number, row in enumerate(TABLE_5, start=1)}
    upper_printed = {number: row[4] for number, row in enumerate(TABLE_5, start=1)}
    lower = {row.item.number: row.lower.mean for row in groups.items}
    upper = {row.item.number: row.upper.mean for row in groups.items}
    assert printed_mismatches(lower_printed, lower, decimals=1) == []
    wrong_upper = {m.key for m in printed_mismatches(upper_printed, upper, decimals=1)}
    # E.g. "IPS team forms a vocational unit": 5, 5, 5 printed as a mean of 4.8.
    assert wrong_upper == {3, 4, 7, 8, 10, 13, 17, 19, 20, 21, 23, 25}


def test_a_printed_value_within_its_rounding_is_not_a_mismatch():
    computed = {"a": 4.25, "b": 14 / 3, "c": None}
    assert printed_mismatches({"a": 4.2, "b": 4.7}, computed, decimals=1) == []
    assert [m.key for m in printed_mismatches({"a": 4.1, "c": 3.0}, computed, decimals=1)] == [
        "a",
        "c",
    ]
    assert printed_mismatches({"b": 4.67}, computed, decimals=2) == []
    assert len(printed_mismatches({"b": 4.66}, computed, decimals=2)) == 1


def test_the_pages_pieces_put_together_for_the_seed_centers():
    centers = seed_centers()
    totals = center_totals(ITEMS, centers, IPS25_BANDS)
    correlations = item_outcome_correlations(ITEMS, centers)
    weighted = weighted_totals(totals, outcome_weights(correlations))
    assert totals_summary(totals).median == 99.5
    assert groups_by_median_rate(centers).upper == UPPER
    assert len(item_matrix(ITEMS, centers)) == len(correlations) == 25
    assert total_outcome_correlation(totals).n == 6
    assert [w.official for w in weighted] == [97, 103, 102, 89, 89, 109]
    assert all(25 <= w.weighted <= 125 for w in weighted)


# --- Groups ----------------------------------------------------------------------------------


def rated(**rates) -> list[CenterData]:
    return [CenterData(key=k, label=k, scores={1: 3}, employment_rate=r) for k, r in rates.items()]


def test_centers_at_the_median_rate_go_to_the_lower_group():
    split = groups_by_median_rate(rated(a=0.3, b=0.4, c=0.4, d=0.5))
    assert split.median_rate == 0.4
    assert split.upper == ("d",)
    assert split.lower == ("a", "b", "c")


def test_with_an_odd_number_of_centers_the_middle_one_is_in_the_lower_group():
    split = groups_by_median_rate(rated(a=0.2, b=0.3, c=0.6))
    assert (split.upper, split.lower) == (("c",), ("a", "b"))


def test_when_all_rates_are_equal_the_upper_group_is_empty_and_differences_are_undefined():
    centers = rated(a=0.4, b=0.4)
    split = groups_by_median_rate(centers)
    assert (split.upper, split.lower) == ((), ("a", "b"))
    row = compare_groups([ItemSpec(1, name="x")], centers, split).items[0]
    assert (row.upper.n, row.upper.mean, row.lower.mean, row.difference) == (0, None, 3, None)


def test_centers_without_a_rate_take_no_part_in_grouping_by_outcome():
    centers = rated(a=0.1, b=None, c=0.5)
    assert groups_by_median_rate(centers).without_rate == ("b",)
    split = groups_by_top_k(centers, 1)
    assert (split.upper, split.lower, split.without_rate) == (("c",), ("a",), ("b",))
    nobody = groups_by_median_rate(rated(a=None))
    assert (nobody.upper, nobody.lower, nobody.without_rate) == ((), (), ("a",))


def test_top_k_takes_the_k_highest_rates():
    split = groups_by_top_k(rated(a=0.2, b=0.6, c=0.4, d=0.5), 2)
    assert split.method == GroupMethod.TOP_K_RATE
    assert (split.upper, split.lower, split.k) == (("b", "d"), ("a", "c"), 2)


def test_top_k_keeps_centers_tied_with_the_kth_together_in_the_upper_group():
    split = groups_by_top_k(rated(a=0.5, b=0.4, c=0.4, d=0.3), 2)
    assert split.upper == ("a", "b", "c")
    assert split.lower == ("d",)


def test_top_k_larger_than_the_number_of_centers_puts_all_in_the_upper_group():
    split = groups_by_top_k(rated(a=0.5, b=0.4), 5)
    assert (split.upper, split.lower) == (("a", "b"), ())


def test_top_k_needs_a_positive_k():
    with pytest.raises(ValueError):
        groups_by_top_k(rated(a=0.5), 0)


def test_top_k_on_the_seed_centers_with_k_3_gives_the_papers_groups():
    split = groups_by_top_k(seed_centers(), 3)
    assert (split.upper, split.lower) == (UPPER, ("C1", "C2", "C4"))


def test_groups_by_hand_keep_the_centers_order_and_refuse_a_center_in_both():
    centers = seed_centers()
    split = groups_by_hand(centers, upper=["C6", "C3"], lower=["C2"])
    assert (split.method, split.upper, split.lower) == (GroupMethod.BY_HAND, ("C3", "C6"), ("C2",))
    with pytest.raises(ValueError, match="both"):
        groups_by_hand(centers, upper=["C1"], lower=["C1", "C2"])
    with pytest.raises(ValueError, match="unknown"):
        groups_by_hand(centers, upper=["C9"], lower=["C1"])


# --- Missing scores --------------------------------------------------------------------------


def test_a_missing_item_is_left_out_of_that_items_statistics_which_say_n():
    centers = seed_centers()
    scores = dict(centers[0].scores)
    del scores[VOCATIONAL_GENERALISTS]  # C1 had 4
    centers[0] = CenterData(key="C1", label="Center 1", scores=scores, employment_rate=0.28)
    stats = row_for(item_matrix(ITEMS, centers), VOCATIONAL_GENERALISTS).stats
    assert stats.n == 5
    assert stats.mean == 24 / 5
    assert stats.minimum == 4
    assert row_for(item_matrix(ITEMS, centers), VOCATIONAL_GENERALISTS).scores[0] is None


def test_an_incomplete_total_gets_no_band_and_stays_out_of_the_median():
    centers = seed_centers()
    scores = {n: s for n, s in centers[5].scores.items() if n != 1}  # C6 without item 1
    centers[5] = CenterData(key="C6", label="Center 6", scores=scores, employment_rate=0.55)
    totals = center_totals(ITEMS, centers, IPS25_BANDS)
    c6 = totals[5]
    assert (c6.total, c6.items_scored, c6.complete, c6.band) == (104, 24, False, None)
    summary = totals_summary(totals)
    assert summary.n == 5
    assert summary.median == 97
    assert total_outcome_correlation(totals).n == 5
    weighted = weighted_totals(totals, outcome_weights(item_outcome_correlations(ITEMS, centers)))
    assert weighted[5].weighted is None
    assert weighted[5].official == 104


def test_a_total_outside_every_band_has_no_band():
    totals = center_totals([ItemSpec(1, name="x")], rated(a=0.1), [Band(10, 20, "high")])
    assert totals[0].complete
    assert totals[0].band is None


def test_summaries_of_nothing_and_of_one_value_do_not_crash():
    assert summarize([]).mean is None
    one = summarize([3])
    assert (one.n, one.mean, one.sd, one.median) == (1, 3, None, 3)


def test_scores_on_any_scales_range_are_compared_but_rates_outside_zero_to_one_are_refused():
    goi_like = [CenterData(key=k, label=k, scores={1: s, 2: 4}) for k, s in (("a", 0), ("b", 4))]
    assert [t.total for t in center_totals([ItemSpec(1), ItemSpec(2)], goi_like, [])] == [4, 8]
    with pytest.raises(ValueError, match="fraction"):
        CenterData(key="x", label="x", scores={}, employment_rate=35)


def test_center_data_cannot_be_changed_through_the_mapping_it_was_given():
    given = {1: 3}
    center = CenterData(key="x", label="x", scores=given)
    given[1] = 5
    assert center.scores[1] == 3
    with pytest.raises(TypeError):
        center.scores[1] = 4


# --- Correlation -----------------------------------------------------------------------------


def test_pearson_on_a_tiny_example_checked_by_hand():
    # x 1, 2, 3 and y 1, 3, 2: deviations (-1, 0, 1) and (-1, 1, 0); sum of products 1,
    # sums of squares 2 and 2, so r = 1 / sqrt(2 * 2) = 0.5.
    result = pearson([(1, 1), (2, 3), (3, 2)])
    assert result.r == pytest.approx(0.5)
    assert result.n == 3
    assert result.small_n and result.caution
    assert not result.constant


def test_pearson_of_a_perfect_negative_relation_is_minus_one():
    assert pearson([(1, 0.5), (2, 0.4), (3, 0.3)]).r == pytest.approx(-1)


def test_pearson_drops_pairs_with_a_missing_value_and_says_n():
    result = pearson([(1, 1), (None, 7), (2, 3), (3, None), (3, 2)])
    assert result.n == 3
    assert result.r == pytest.approx(0.5)


def test_a_constant_column_gives_no_r_and_no_crash():
    result = pearson([(5, 0.2), (5, 0.4), (5, 0.6)])
    assert result.r is None
    assert result.constant and result.caution
    assert pearson([(1, 0.3), (2, 0.3)]).r is None


def test_fewer_than_two_pairs_give_no_r():
    for pairs in ([], [(1, 0.5)]):
        result = pearson(pairs)
        assert (result.r, result.constant, result.caution) == (None, False, True)


def test_ten_or_more_centers_carry_no_small_n_caution():
    pairs = [(i % 5 + 1, i / 20) for i in range(SMALL_N)]
    result = pearson(pairs)
    assert result.n == SMALL_N
    assert not result.small_n
    assert not result.caution
    assert pearson(pairs[:-1]).small_n


def test_item_correlations_on_the_seed_centers():
    correlations = item_outcome_correlations(ITEMS, seed_centers())
    caseload = row_for(correlations, 1).correlation
    assert (caseload.r, caseload.constant, caseload.n) == (None, True, 6)
    quality = row_for(correlations, JOB_DEVELOPMENT_QUALITY).correlation
    # Independently: scores 2, 1, 5, 4, 5, 5 (C1..C6) against the rates, by the textbook formula.
    xs, ys = (2, 1, 5, 4, 5, 5), tuple(RATES[f"C{i}"] for i in range(1, 7))
    mx, my = sum(xs) / 6, sum(ys) / 6
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    assert quality.r == pytest.approx(sxy / math.sqrt(sxx * syy))
    assert quality.r > 0.7
    assert quality.small_n


def test_total_correlation_uses_each_centers_total_and_rate():
    totals = center_totals(ITEMS, seed_centers(), IPS25_BANDS)
    result = total_outcome_correlation(totals)
    expected = pearson((PRINTED_TOTALS[code], RATES[code]) for code in PRINTED_TOTALS)
    assert result.r == pytest.approx(expected.r)
    assert result.n == 6


# --- Weighted total --------------------------------------------------------------------------


def test_weights_are_proportional_to_the_positive_correlations_and_add_up_to_the_item_count():
    items = [ItemSpec(1, name="a"), ItemSpec(2, name="b"), ItemSpec(3, name="c")]
    centers = [
        CenterData(key="x", label="x", scores={1: 1, 2: 5, 3: 3}, employment_rate=0.1),
        CenterData(key="y", label="y", scores={1: 3, 2: 4, 3: 3}, employment_rate=0.3),
        CenterData(key="z", label="z", scores={1: 5, 2: 3, 3: 3}, employment_rate=0.5),
    ]
    weights = outcome_weights(item_outcome_correlations(items, centers))
    # item 1: r = 1, item 2: r = -1 (weighs nothing), item 3 constant (undefined: nothing).
    assert [w.weight for w in weights.items] == [3.0, 0.0, 0.0]
    assert weights.caution
    totals = center_totals(items, centers, [])
    assert [w.weighted for w in weighted_totals(totals, weights)] == [3.0, 9.0, 15.0]
    assert [w.official for w in weighted_totals(totals, weights)] == [9, 10, 11]


def test_weights_split_between_items_in_proportion_to_r():
    items = [ItemSpec(1, name="a"), ItemSpec(2, name="b")]
    rows = item_outcome_correlations(
        items,
        [
            CenterData(key="x", label="x", scores={1: 1, 2: 1}, employment_rate=0.1),
            CenterData(key="y", label="y", scores={1: 2, 2: 3}, employment_rate=0.2),
            CenterData(key="z", label="z", scores={1: 3, 2: 2}, employment_rate=0.3),
        ],
    )
    r1, r2 = (row.correlation.r for row in rows)
    assert (r1, r2) == (pytest.approx(1.0), pytest.approx(0.5))
    weights = outcome_weights(rows)
    assert [w.weight for w in weights.items] == [pytest.approx(4 / 3), pytest.approx(2 / 3)]


def test_the_weighted_total_keeps_the_25_to_125_range():
    centers = seed_centers()
    weights = outcome_weights(item_outcome_correlations(ITEMS, centers))
    assert sum(w.weight for w in weights.items) == pytest.approx(25)
    extremes = [
        CenterData(key="low", label="low", scores={i.number: 1 for i in ITEMS}),
        CenterData(key="high", label="high", scores={i.number: 5 for i in ITEMS}),
    ]
    result = weighted_totals(center_totals(ITEMS, extremes, IPS25_BANDS), weights)
    assert [w.weighted for w in result] == [pytest.approx(25), pytest.approx(125)]


def test_without_any_positive_association_there_is_no_weighted_total_but_the_official_one_stays():
    centers = rated(a=0.1, b=0.5)  # one item, the same score: r undefined
    weights = outcome_weights(item_outcome_correlations([ItemSpec(1, name="x")], centers))
    assert not weights.usable
    result = weighted_totals(center_totals([ItemSpec(1, name="x")], centers, []), weights)
    assert [(w.official, w.weighted) for w in result] == [(3, None), (3, None)]


# --- Purity ----------------------------------------------------------------------------------


def test_the_comparison_module_imports_nothing_from_django():
    code = (
        "import sys, reviews.comparison; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'centers'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert output.strip() == "[]"
