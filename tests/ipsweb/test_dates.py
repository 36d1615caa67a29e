"""Month arithmetic: the day kept where the month has it, and never an exception."""

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsweb.dates import add_months

days = st.dates(min_value=datetime.date.min, max_value=datetime.date.max)
months = st.integers(min_value=-200_000, max_value=200_000)


def test_a_far_future_visit_date_gives_the_last_date_instead_of_an_error():
    """On main this raised "year 10000 is out of range" and the portfolio answered 500."""
    assert add_months(datetime.date(9999, 12, 31), 12) == datetime.date.max
    assert add_months(datetime.date(1, 1, 31), -1) == datetime.date.min


@given(days, months)
def test_adding_months_never_raises_and_lands_in_the_expected_month(day, count):
    result = add_months(day, count)
    target = day.year * 12 + day.month - 1 + count
    if datetime.MINYEAR * 12 <= target < (datetime.MAXYEAR + 1) * 12:
        year, month = divmod(target, 12)
        assert (result.year, result.month) == (year, month + 1)
        last_day = calendar.monthrange(result.year, result.month)[1]
        assert result.day == min(day.day, last_day)
    else:
        assert result in (datetime.date.min, datetime.date.max)
        assert (result == datetime.date.max) == (count > 0)


@given(days)
def test_adding_no_months_changes_nothing(day):
    assert add_months(day, 0) == day


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_shown_date_reads_as_the_date_filter_in_each_language(language):
    from django.template import Context, Template
    from django.utils import translation

    from ipsweb.dates import shown_date

    day = datetime.date(2026, 3, 5)
    with translation.override(language):
        expected = Template('{{ day|date:"DATE_FORMAT" }}').render(Context({"day": day}))
        assert shown_date(day) == expected
        assert shown_date(None) == ""
    with translation.override("nb" if language == "en" else "en"):
        assert shown_date(day) != expected  # remembered per language, not once for all
