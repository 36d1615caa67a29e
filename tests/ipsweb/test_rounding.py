"""One display rounding for tables, templates, exports and chart data: half up on the decimal."""

import types
from decimal import Decimal

import pytest
from django.template import Context, Template

from dashboards import exports, tables
from dashboards.selectors.center import CenterDashboard, ProfileRow
from dashboards.selectors.comparisons import ComparisonTables
from ipsweb.rounding import display_round
from participants.dashboard import chart
from participants.templatetags.survey_tables import number as survey_number


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [(12.25, 1, "12.3"), (2.125, 2, "2.13"), (2.675, 2, "2.68"), (-0.05, 1, "-0.1"), (7, 0, "7")],
)
def test_halves_round_up_as_the_number_is_written_not_as_the_float_is_stored(value, places, shown):
    assert str(display_round(value, places)) == shown


def test_nothing_to_round_stays_nothing():
    assert display_round(None, 1) is None


@pytest.mark.parametrize(
    ("template", "shown"),
    [
        ("{{ v|rounded:1 }}", "12.3"),
        ('{{ v|rounded:"-1" }}', "12.3"),
        ('{{ whole|rounded:"-1" }}', "35"),
        ("{{ missing|rounded:1 }}", ""),
        ("{{ word|rounded:1 }}", ""),
    ],
)
def test_templates_round_through_the_same_rule(template, shown):
    context = Context({"v": 12.25, "whole": 35.0, "missing": None, "word": "n/a"})
    assert Template("{% load rounding %}" + template).render(context) == shown


def test_a_table_and_a_survey_number_show_12_25_as_12_3():
    assert tables.number(12.25, 1).text == "12.3"
    assert survey_number(12.25) == "12.3"


def test_chart_data_plots_12_25_at_12_3_as_the_table_shows_it():
    """Python's round() gives 12.2 here: the chart disagreed with the table."""
    assert round(12.25, 1) == 12.2
    dashboard = CenterDashboard(
        history=[],
        latest=types.SimpleNamespace(scale=types.SimpleNamespace(min_score=1, max_score=5)),
        result=types.SimpleNamespace(max_total=125),
        profile=[ProfileRow(number=1, name="a", score=3, scope_mean=2.125, scope_n=4)],
    )
    assert dashboard.chart_data()["profile"]["means"] == [2.13]
    assert dashboard.profile_table().rows[0].cells[2].text == "2.13"


def test_a_survey_chart_plots_12_25_at_12_3_as_its_table_shows_it():
    cell = types.SimpleNamespace(percent=12.25)
    assert chart("Employed", [("Yes", cell), ("No", types.SimpleNamespace(percent=None))])[
        "values"
    ] == [12.3, None]


def test_exports_show_12_25_as_12_3():
    table = tables.Table(
        key="comparison",
        caption="",
        header=("Item", "Rate"),
        rows=(tables.Row((tables.text("a"), tables.number(12.25, 1))),),
    )
    rows = tables.export_rows(table)
    page = ComparisonTables(table=rows, totals=rows)
    assert exports.as_csv(page).decode("utf-8-sig").splitlines()[1] == '"a",12.3'
    assert Decimal("12.3") == display_round(12.25, 1)
