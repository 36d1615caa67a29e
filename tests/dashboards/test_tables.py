"""Rounding, ranks and column pages of the tables the dashboards show and export."""

import csv
import io
from decimal import Decimal

import pytest

from dashboards import exports, tables
from dashboards.selectors import ComparisonPage
from reviews import comparison
from reviews.scoring import ItemSpec
from tests.reviews.test_comparison import (
    INTEGRATION,
    ITEMS,
    JOB_DEVELOPMENT_QUALITY,
    seed_centers,
)


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (4.666666666666667, 2, "4.67"),
        (2.125, 2, "2.13"),  # half up as written, although Python's round gives 2.12
        (2.675, 2, "2.68"),  # the float is 2.67499999..., written 2.675
        (99.5, 1, "99.5"),
        (-0.3333333333333335, 2, "-0.33"),
        (5, 2, "5.00"),
        (0.4749999, 1, "0.5"),
    ],
)
def test_numbers_are_rounded_half_up_as_written_only_for_display(value, places, shown):
    assert tables.number(value, places).text == shown
    assert tables.number(value, places).value == float(shown)


def test_missing_numbers_show_a_dash_and_rates_show_percent_with_one_decimal():
    assert tables.number(None).text == "–"
    assert tables.percent(0.4821).text == "48.2"
    assert tables.percent(None).text == "–"
    assert tables.whole(89).value == 89


def test_differences_that_look_the_same_share_a_rank():

    def difference(number, value):
        summary = comparison.summarize([])
        return comparison.ItemGroupDifference(
            ItemSpec(number, name=str(number)), summary, summary, value
        )

    sizes = tables.difference_sizes(
        [difference(1, 4.67 - 3.67), difference(2, 1.0), difference(3, -1.0), difference(4, None)]
    )
    assert sizes[1] == sizes[2] == sizes[3] == Decimal("1.00")
    assert 4 not in sizes


@pytest.mark.parametrize("order", ["items", "difference"])
def test_a_page_of_centers_is_the_whole_table_with_only_those_center_columns(order):
    centers = seed_centers()
    split = comparison.groups_by_median_rate(centers)
    computed = tables.compute(
        ITEMS,
        centers,
        (),
        split,
        names=tables.GroupNames(upper="High", lower="Low"),
        review_dates={},
        rate_label="Rate",
        order=order,
    )
    whole = tables.comparison_table(computed, "caption")
    assert whole.center_columns == range(5, 11)  # after the item and the group summary
    page = tables.comparison_table(computed, "caption", shown=slice(2, 4))
    # The item and the group summary, centers 3 and 4, the statistics.
    keep = [*range(5), 7, 8, *range(11, len(whole.header))]
    assert page.as_lists() == [[row[i] for i in keep] for row in whole.as_lists()]
    assert [row.css for row in page.rows] == [row.css for row in whole.rows]


def test_text_a_spreadsheet_would_run_is_neutralised_and_numbers_are_left_alone():
    table = tables.Table(
        key="comparison",
        caption="",
        header=("Item", "Difference"),
        rows=(
            tables.Row((tables.text("=HYPERLINK(1)"), tables.number(-0.3333))),
            tables.Row((tables.text("x;=1+1;"), tables.number(2))),
        ),
    )
    page = ComparisonPage(
        data=None, split=None, names=None, computed=None, caption="", totals=table, notes=()
    )
    page.remembered("table", lambda: table)
    text = exports.as_csv(page).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=HYPERLINK(1)", "-0.33"]
    # Text is quoted (a ";" inside stays in its cell) and numbers are not (they stay numbers).
    assert text.splitlines()[1:3] == ['"\'=HYPERLINK(1)",-0.33', '"x;\'=1+1;",2.00']


def test_job_development_quality_has_the_largest_difference_between_the_groups():
    centers = seed_centers()
    groups = comparison.compare_groups(ITEMS, centers, comparison.groups_by_median_rate(centers))
    ranked = tables.by_difference(groups.items)
    assert ranked[0].item.number == JOB_DEVELOPMENT_QUALITY
    assert ranked[1].item.number == INTEGRATION
    shown = tables.difference_sizes(ranked)
    sizes = [shown[row.item.number] for row in ranked]
    assert sizes == sorted(sizes, reverse=True)


def test_by_difference_puts_undefined_differences_last_and_keeps_scale_order_for_ties():
    centers = [
        comparison.CenterData(key="u", label="u", scores={1: 4, 2: 2, 3: 5}, employment_rate=0.6),
        comparison.CenterData(key="l", label="l", scores={1: 2, 2: 4}, employment_rate=0.2),
    ]
    items = [ItemSpec(1, name="one"), ItemSpec(2, name="two"), ItemSpec(3, name="three")]
    rows = comparison.compare_groups(items, centers, comparison.groups_by_median_rate(centers))
    assert [(r.item.number, r.difference) for r in tables.by_difference(rows.items)] == [
        (1, 2),
        (2, -2),
        (3, None),
    ]


def test_differences_that_look_the_same_are_ordered_and_ranked_as_shown_not_by_float_noise():
    """Raw floats put item 2 (4.67 - 3.67 = 1.0000000000000004) before item 1 (1.0); the page
    shows both as 1.00: they share rank 1 and keep scale order."""
    summary = comparison.summarize([])
    rows = [
        comparison.ItemGroupDifference(ItemSpec(n, name=str(n)), summary, summary, value)
        for n, value in [(1, 1.0), (2, 4.67 - 3.67), (3, 0.5)]
    ]
    assert [row.item.number for row in tables.by_difference(rows)] == [1, 2, 3]
    assert tables.difference_ranks(rows) == {1: 1, 2: 1, 3: 3}
