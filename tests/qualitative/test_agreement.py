"""Agreement per code on characters, checked by hand."""

import pytest

from qualitative.agreement import character_agreement, merged
from qualitative.offsets import carried_over, nearest


def test_identical_codings_agree_fully():
    result = character_agreement([(2, 6)], [(2, 6)], 10)
    assert result.percent == 100
    assert result.kappa == 1


def test_half_overlapping_codings_of_ten_characters():
    # A codes 0-3, B codes 2-5: both 2 chars, only A 2, only B 2, neither 4.
    # observed 6/10; chance .4*.4 + .6*.6 = .52; kappa = (.6 - .52) / .48 = 1/6.
    result = character_agreement([(0, 4)], [(2, 6)], 10)
    assert (result.both, result.only_first, result.only_second, result.neither) == (2, 2, 2, 4)
    assert result.percent == pytest.approx(60)
    assert result.kappa == pytest.approx(1 / 6)


def test_one_coder_codes_half_of_what_the_other_codes():
    # Of 20 characters A codes 10, B 5 of those: observed 15/20 = .75;
    # chance .5*.25 + .5*.75 = .5; kappa = .25 / .5 = .5.
    result = character_agreement([(0, 10)], [(0, 5)], 20)
    assert result.percent == pytest.approx(75)
    assert result.kappa == pytest.approx(0.5)


def test_kappa_is_undefined_when_neither_coder_used_the_code():
    result = character_agreement([], [], 10)
    assert result.percent == 100
    assert result.kappa is None


def test_spans_beyond_the_text_are_clipped():
    result = character_agreement([(-5, 3), (8, 99)], [(0, 3), (8, 10)], 10)
    assert result.kappa == 1


def test_overlapping_and_touching_spans_are_joined():
    assert merged([(5, 9), (0, 3), (3, 4), (8, 12)]) == [(0, 4), (5, 12)]


def test_codings_on_unchanged_text_move_with_a_correction_before_them():
    old = "Hello world. The job developer calls employers."
    new = "Hello, world! The job developer calls employers."
    start = old.index("calls")
    assert carried_over(old, new, [(start, start + 5)]) == [
        (new.index("calls"), new.index("calls") + 5)
    ]


def test_a_coding_on_changed_text_is_not_carried_over_silently():
    old = "She calls me back."
    new = "He calls me back."
    assert carried_over(old, new, [(0, 9)]) == [None]
    start, end = nearest(old, new, (0, 9))
    assert 0 <= start < end <= len(new)
