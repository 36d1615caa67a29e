import datetime
import math
import random

import pytest

from ipsweb.dates import add_months
from participants.schedule import FollowUpState, follow_up_state
from participants.statistics import (
    Proportion,
    distribution,
    proportion,
    summarize,
    suppress_counts,
    suppress_proportion,
    suppress_summary,
)
from participants.study_codes import ALPHABET, CODE_PATTERN, new_study_code


def test_summary_leaves_out_missing_answers_and_uses_the_sample_sd():
    result = summarize([2, 4, None, 4, 4, 5, 5, 7, 9])
    assert result.n == 8
    assert result.mean == 5
    assert result.sd == pytest.approx(math.sqrt(32 / 7))


def test_summary_of_nothing_or_one_value_has_no_sd():
    assert summarize([]).mean is None
    assert summarize([None]).n == 0
    assert summarize([3]).sd is None


def test_proportion_counts_yes_among_those_who_answered():
    result = proportion([True, False, None, True, None])
    assert (result.count, result.n) == (2, 3)
    assert result.percent == pytest.approx(66.667, abs=0.001)
    assert Proportion(0, 0).percent is None


def test_distribution_counts_each_level_and_refuses_values_outside_the_scale():
    result = distribution([1, 5, 5, None, 3], [1, 2, 3, 4, 5])
    assert result.counts == (1, 0, 1, 0, 2)
    assert result.n == 4
    assert result.summary.mean == pytest.approx(3.5)
    with pytest.raises(ValueError, match="outside the scale"):
        distribution([6], [1, 2, 3, 4, 5])


def test_small_counts_show_as_less_than_threshold_with_percentage_hidden():
    cells = suppress_counts([3, 10, 20, 0], 33, threshold=5)
    assert cells[0].display == "<5" and cells[0].percent is None and cells[0].count is None
    assert cells[3].display == "0" and not cells[3].suppressed


def test_a_single_small_count_also_hides_the_next_smallest_as_the_range_the_total_gives():
    cells = suppress_counts([3, 10, 20], 33, threshold=5)
    # 33 - 20 = 13 for the two hidden ones; the small one is 1-4, so the other is 9-12.
    assert [c.display for c in cells] == ["<5", "9–12", "20"]
    assert cells[1].count is None and cells[1].percent is None
    assert cells[2].percent == pytest.approx(60.6, abs=0.1)


def test_a_large_count_hidden_beside_a_small_one_reads_as_a_number_not_a_riddle():
    # 255 active, 2 withdrawn, 0 completed of 257: not "-" or "≥5" for the 255.
    cells = suppress_counts([255, 2, 0], 257, threshold=5)
    assert [c.display for c in cells] == ["253–256", "<5", "0"]


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_the_range_shown_is_exactly_what_the_total_and_the_shown_counts_allow(small):
    total = small + 12 + 30
    cells = suppress_counts([small, 12, 30], total, threshold=5)
    assert [cells[0].display, cells[2].display] == ["<5", "30"]
    # What anyone can work out: the two hidden counts add up to total - 30, the small one is 1-4.
    possible = [total - 30 - s for s in range(1, 5)]
    low, high = (int(x) for x in cells[1].display.split("–"))
    assert (low, high) == (min(possible), max(possible))
    assert low <= 12 <= high


def test_two_small_counts_need_no_secondary_suppression():
    cells = suppress_counts([3, 2, 20], 25, threshold=5)
    assert [c.display for c in cells] == ["<5", "<5", "20"]


def test_threshold_zero_shows_exact_numbers():
    cells = suppress_counts([1, 2, 20], 23, threshold=0)
    assert [c.count for c in cells] == [1, 2, 20]
    assert not any(c.suppressed for c in cells)


def test_a_proportion_hides_yes_when_the_no_count_is_small():
    yes, n = suppress_proportion(Proportion(count=18, n=20), threshold=5)
    assert yes.suppressed and yes.display == "16–19"
    assert n.display == "20"


def test_a_small_group_hides_its_mean_and_sd():
    n, mean, sd = suppress_summary(summarize([1, 2, 3]), threshold=5)
    assert (n.display, mean, sd) == ("<5", None, None)
    n, mean, sd = suppress_summary(summarize([1, 2, 3]), threshold=0)
    assert (n.count, mean) == (3, 2)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 15), 6, datetime.date(2025, 7, 15)),
        (datetime.date(2025, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2023, 8, 31), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 12, 1), 1, datetime.date(2026, 1, 1)),
        (datetime.date(2025, 3, 10), 18, datetime.date(2026, 9, 10)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_last_day_of_a_short_month(day, months, expected):
    assert add_months(day, months) == expected


def test_follow_up_state_is_due_two_weeks_ahead_and_overdue_after_the_date():
    due = datetime.date(2025, 7, 15)
    assert follow_up_state(due, datetime.date(2025, 6, 30), received=False) == "not yet"
    assert follow_up_state(due, datetime.date(2025, 7, 1), received=False) == FollowUpState.DUE
    assert follow_up_state(due, due, received=False) == FollowUpState.DUE
    assert follow_up_state(due, datetime.date(2025, 7, 16), received=False) == "overdue"
    assert follow_up_state(due, datetime.date(2026, 1, 1), received=True) == "received"


def test_a_follow_up_unanswered_90_days_after_its_date_is_missed():
    due = datetime.date(2025, 7, 15)
    assert follow_up_state(due, datetime.date(2025, 10, 13), received=False) == "overdue"
    assert follow_up_state(due, datetime.date(2025, 10, 14), received=False) == "missed"
    assert follow_up_state(due, datetime.date(2026, 10, 14), received=True) == "received"


def test_study_codes_use_only_unambiguous_characters():
    codes = {new_study_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert CODE_PATTERN.match(code), code
    assert not set("01OIL") & set(ALPHABET)


def test_a_seeded_generator_gives_reproducible_codes_for_demo_data():
    assert new_study_code(random.Random(1)) == new_study_code(random.Random(1))
