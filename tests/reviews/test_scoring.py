"""reviews.scoring: pure functions, no database."""

import pytest

from reviews.demo import TABLE_5
from reviews.scoring import (
    Band,
    ItemSpec,
    ScaleSpec,
    ScoringError,
    agreement,
    band_for,
    changes_since,
    needs_improvement,
    score_review,
    spread,
    weighted_kappa,
)

SECTIONS = {"Staffing": range(1, 4), "Organization": range(4, 12), "Services": range(12, 26)}
IPS25 = ScaleSpec(
    items=tuple(
        ItemSpec(number=n, section=section)
        for section, numbers in SECTIONS.items()
        for n in numbers
    ),
    min_score=1,
    max_score=5,
    improvement_at_or_below=3,
    bands=(
        Band(115, 125, "Exemplary fidelity"),
        Band(100, 114, "Good fidelity"),
        Band(74, 99, "Fair fidelity"),
        Band(25, 73, "Not supported employment"),
    ),
)


def scores_of(values: list[int]) -> dict[int, int]:
    return dict(enumerate(values, start=1))


@pytest.mark.parametrize(
    ("center", "total", "band"),
    [
        ("C1", 97, "Fair fidelity"),
        ("C2", 103, "Good fidelity"),
        ("C3", 102, "Good fidelity"),
        ("C4", 89, "Fair fidelity"),
        ("C5", 89, "Fair fidelity"),
        ("C6", 109, "Good fidelity"),
    ],
)
def test_the_seed_papers_six_centers_score_their_recomputed_totals(center, total, band):
    result = score_review(IPS25, scores_of(TABLE_5[center]))
    assert (result.total, result.band, result.missing) == (total, band, ())


def test_section_subtotals_add_up_to_the_total_and_know_their_maximum():
    result = score_review(IPS25, scores_of(TABLE_5["C1"]))
    subtotals = [(s.section, s.subtotal, s.maximum) for s in result.sections]
    assert subtotals == [("Staffing", 14, 15), ("Organization", 29, 40), ("Services", 54, 70)]
    assert sum(s.subtotal for s in result.sections) == result.total == 97


def test_items_needing_improvement_are_those_scored_three_or_lower():
    result = score_review(IPS25, scores_of(TABLE_5["C1"]))
    assert result.needing_improvement == (5, 6, 9, 10, 15, 17, 18, 24)


def test_an_incomplete_set_of_scores_has_no_total_and_names_the_missing_items():
    scores = scores_of(TABLE_5["C6"])
    del scores[4]
    scores[17] = None
    result = score_review(IPS25, scores)
    assert result.total is None
    assert result.band is None
    assert result.missing == (4, 17)
    assert not result.complete
    by_section = {s.section: s for s in result.sections}
    assert by_section["Staffing"].subtotal == 15
    assert by_section["Organization"].subtotal is None
    assert by_section["Organization"].missing == (4,)
    assert by_section["Services"].missing == (17,)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (125, "Exemplary fidelity"),
        (115, "Exemplary fidelity"),
        (114, "Good fidelity"),
        (100, "Good fidelity"),
        (99, "Fair fidelity"),
        (74, "Fair fidelity"),
        (73, "Not supported employment"),
        (25, "Not supported employment"),
        (24, None),
        (None, None),
    ],
)
def test_bands_include_both_of_their_ends(total, band):
    found = band_for(IPS25.bands, total)
    assert (found.label if found else None) == band


def test_a_score_outside_the_scales_range_is_refused():
    with pytest.raises(ScoringError, match="Item 3: 6 is outside 1-5"):
        score_review(IPS25, {**scores_of(TABLE_5["C1"]), 3: 6})
    with pytest.raises(ScoringError, match="outside"):
        score_review(IPS25, {1: 0})


def test_an_item_not_in_the_scale_is_refused():
    with pytest.raises(ScoringError, match="Item 26 is not part"):
        score_review(IPS25, {26: 3})


def test_another_scale_with_other_items_range_and_bands_scores_the_same_way():
    goi_like = ScaleSpec(
        items=(ItemSpec(1, "A"), ItemSpec(2, "A"), ItemSpec(3, "B")),
        min_score=0,
        max_score=4,
        improvement_at_or_below=1,
        bands=(Band(8, 12, "High"), Band(0, 7, "Low")),
    )
    result = score_review(goi_like, {1: 4, 2: 0, 3: 4})
    assert (result.total, result.band, result.max_total) == (8, "High", 12)
    assert result.needing_improvement == (2,)
    assert [s.subtotal for s in result.sections] == [4, 4]


def test_change_since_a_previous_review_matches_items_by_number():
    changes = changes_since({1: 5, 2: 3, 3: 4, 4: None}, {1: 4, 2: 3, 3: 5, 4: 2})
    assert [changes[n].change for n in (1, 2, 3, 4)] == [1, 0, -1, None]
    assert changes[1].previous == 4


def test_an_item_without_a_previous_score_has_no_change():
    changes = changes_since({1: 5, 26: 3}, {1: 5})
    assert changes[26].change is None
    assert changes[26].previous is None


def test_spread_is_how_far_apart_the_scores_are():
    assert spread([3, 3]) == 0
    assert spread([2, 4, 3]) == 2
    assert spread([]) == 0


# Weighted kappa, worked out by hand.
#
# Linear weights, as disagreement: kappa = 1 - D_observed / D_expected, with D the mean |a - b|.
#
# A = [1, 2, 3], B = [1, 2, 2]:
#   D_observed = (|1-1| + |2-2| + |3-2|) / 3 = 1/3
#   D_expected = mean of |a - b| over all 9 pairs (a from A, b from B):
#                a=1: 0 1 1 | a=2: 1 0 0 | a=3: 2 1 1  -> 7/9
#   kappa = 1 - (1/3) / (7/9) = 1 - 3/7 = 4/7 = 0.5714...
# Checked against the textbook form with weights w = 1 - |i - j| / (k - 1), k = 3:
#   p_o = (1 + 1 + 0.5) / 3 = 0.8333; p_e = 5.5 / 9 = 0.6111; (0.8333 - 0.6111) / 0.3889 = 0.5714.
#
# A = [1, 5], B = [5, 1]: D_observed = 4, D_expected = (4 + 0 + 0 + 4) / 4 = 2 -> kappa = -1.
#
# Three raters A = [1, 2, 3], B = [1, 2, 2], C = [1, 2, 3]:
#   kappa(A, B) = 4/7, kappa(A, C) = 1, kappa(B, C) = 4/7 -> mean (4/7 + 1 + 4/7) / 3 = 5/7.
#   Exact agreement: items 1 and 2 of 3 = 66.7 %; within one point: all 3 = 100 %.


def test_weighted_kappa_of_a_hand_worked_example_is_four_sevenths():
    assert weighted_kappa([1, 2, 3], [1, 2, 2]) == pytest.approx(4 / 7)


def test_weighted_kappa_is_one_for_full_agreement():
    assert weighted_kappa([5, 4, 3, 2, 1], [5, 4, 3, 2, 1]) == pytest.approx(1)


def test_weighted_kappa_is_minus_one_for_opposite_scores():
    assert weighted_kappa([1, 5], [5, 1]) == pytest.approx(-1)


def test_weighted_kappa_weighs_a_two_point_disagreement_more_than_a_one_point_one():
    near = weighted_kappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 4])
    far = weighted_kappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 3])
    assert far < near < 1


def test_weighted_kappa_is_not_defined_when_every_score_is_the_same():
    assert weighted_kappa([3, 3, 3], [3, 3, 3]) is None
    assert weighted_kappa([], []) is None


def test_weighted_kappa_needs_the_same_items_from_both_raters():
    with pytest.raises(ScoringError):
        weighted_kappa([1, 2], [1])


def test_agreement_of_two_raters():
    result = agreement([scores_of([1, 2, 3]), scores_of([1, 2, 2])])
    assert result.items_compared == 3
    assert result.exact_percent == pytest.approx(200 / 3)
    assert result.within_one_percent == 100
    assert result.kappa == pytest.approx(4 / 7)


def test_agreement_of_three_raters_uses_the_mean_of_pairwise_kappas():
    result = agreement([scores_of([1, 2, 3]), scores_of([1, 2, 2]), scores_of([1, 2, 3])])
    assert result.raters == 3
    assert result.kappa == pytest.approx(5 / 7)
    assert result.exact_percent == pytest.approx(200 / 3)
    assert result.within_one_percent == 100


def test_agreement_counts_a_two_point_difference_outside_within_one():
    result = agreement([scores_of([1, 5, 3, 3]), scores_of([1, 3, 3, 4])])
    assert result.exact_percent == 50
    assert result.within_one_percent == 75


def test_agreement_only_compares_items_every_rater_scored():
    result = agreement([{1: 1, 2: 2, 3: 3, 4: 5}, {1: 1, 2: 2, 3: 2, 4: None}])
    assert result.items_compared == 3
    assert result.kappa == pytest.approx(4 / 7)


def test_agreement_needs_two_raters_with_common_items():
    assert agreement([scores_of([1, 2])]).exact_percent is None
    assert agreement([]).kappa is None
    empty = agreement([{1: 3}, {2: 3}])
    assert (empty.items_compared, empty.exact_percent, empty.kappa) == (0, None, None)


def test_scores_by_item_number_fit_in_a_list_and_come_back_unchanged():
    from reviews.scoring import scores_dict, scores_list

    scores = {1: 5, 2: 4, 4: 1}
    assert scores_list(scores) == [5, 4, None, 1]
    assert scores_dict(scores_list(scores)) == scores
    assert scores_list({}) == []


@pytest.mark.parametrize(
    ("score", "needs"), [(None, False), (1, True), (3, True), (4, False), (5, False)]
)
def test_an_item_needs_improvement_at_or_below_the_threshold_and_a_missing_score_does_not(
    score, needs
):
    assert needs_improvement(score, IPS25.improvement_at_or_below) is needs
