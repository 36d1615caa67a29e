"""A program manager's day in Chromium, on a 1366-wide screen and a phone: the portfolio, the
comparison of many centers with its group summary in view, a center, fidelity and outcomes.
Screenshots go to /tmp/shots/manager/ (not in git)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from centers.demo import demo_outcome_numbers
from centers.models import Center, EmploymentOutcome
from centers.roles import Role
from reviews.demo import TABLE_5
from tests.browser import screens
from tests.browser.screens import PHONE, WIDE
from tests.dashboards.conftest import PAPER_QUARTERS
from tests.factories import CenterFactory, ReviewFactory, UserFactory, final_review

# serialized_rollback, as in every browser test: each test gets back the rows the migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

JOB_DEVELOPMENT_QUALITY = "18. Job development: quality of employer contact"
SUMMARY = ["Mean: Lower employment", "Mean: Higher employment", "Difference", "Rank"]


@pytest.fixture
def manager():
    """Eighteen centers (the seed paper's six, three times): a comparison far wider than a
    1366 screen."""
    lead = UserFactory(username="lena", role=Role.REVIEWER)
    centers = []
    for index in range(18):
        source = f"C{index % 6 + 1}"
        center = CenterFactory(code=f"K{index + 1:02}", name=f"Center K{index + 1:02}")
        final_review(center, [lead], TABLE_5[source], visit_start=datetime.date(2025, 3, 3))
        EmploymentOutcome.objects.bulk_create(
            EmploymentOutcome(center=center, year=y, quarter=q, served=s, working=w)
            for y, q, s, w in demo_outcome_numbers(source, PAPER_QUARTERS)
        )
        centers.append(center)
    return UserFactory(username="mona", role=Role.MANAGER, centers=centers)


def shoot(page, name: str) -> None:
    screens.shoot(page, "manager", name)


def box(locator) -> dict:
    return locator.bounding_box()


def within(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 1
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    )


def summary_cells(page):
    table = page.locator("#comparison-table")
    headers = [table.locator("thead th", has_text=label).first for label in SUMMARY]
    quality = table.get_by_role("row", name=JOB_DEVELOPMENT_QUALITY)
    return table, headers, quality


def test_the_group_summary_is_in_view_on_a_wide_screen_and_the_items_stay_when_scrolled(
    page, log_in, manager
):
    page.set_viewport_size(WIDE)
    log_in("mona")
    page.goto("/dashboards/comparison/")
    table, headers, quality = summary_cells(page)
    expect(quality).to_be_visible()
    scroller = box(page.locator(".table-responsive").filter(has=table))
    screen = {"x": 0, "width": WIDE["width"]}
    assert box(table)["width"] > scroller["width"]  # the centers do not fit: they scroll
    # The seed paper's headline, 2.33 against 5.00, is in view without scrolling.
    for header in headers:
        assert within(box(header), scroller) and within(box(header), screen)
    means = quality.locator("td.group-summary")
    expect(means).to_have_text(["2.33", "5.00", "2.67", "1"])
    for index in range(4):
        assert within(box(means.nth(index)), scroller)
    shoot(page, "compare")

    # Scrolled to the last center, the item names and the summary are still there.
    page.locator(".table-responsive").filter(has=table).evaluate(
        "(el) => { el.scrollLeft = el.scrollWidth; }"
    )
    last_center = table.locator("thead th", has_text="K18")
    assert within(box(last_center), scroller)
    assert within(box(quality.locator("th")), scroller)
    for index in range(4):
        assert within(box(means.nth(index)), scroller)
    shoot(page, "compare-scrolled")


def test_on_a_phone_the_item_names_stay_while_the_comparison_scrolls(page, log_in, manager):
    page.set_viewport_size(PHONE)
    log_in("mona")
    page.goto("/dashboards/comparison/")
    table, headers, quality = summary_cells(page)
    expect(quality).to_be_visible()
    scroller = page.locator(".table-responsive").filter(has=table)
    # The summary is the first thing right of the item names.
    assert box(headers[0])["x"] < box(table.locator("thead th", has_text="K01"))["x"]
    scroller.evaluate("(el) => { el.scrollLeft = el.scrollWidth / 2; }")
    assert within(box(quality.locator("th")), box(scroller))
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"]
    shoot(page, "compare-scrolled")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "390"])
def test_the_managers_day_portfolio_compare_a_center_fidelity_and_outcomes(
    page, log_in, manager, viewport
):
    center = Center.objects.get(code="K02")
    ReviewFactory(
        center=center,
        reviewers=[get_user_model().objects.get(username="lena")],
        visit_start=datetime.date.today() + datetime.timedelta(days=30),
    )
    page.set_viewport_size(viewport)
    log_in("mona")
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible()
    row = page.get_by_role("row", name="Center K02")
    expect(row).to_contain_text("Planned")
    expect(row).not_to_contain_text("Overdue")
    expect(page.get_by_test_id("review-cadence")).to_contain_text("Good fidelity: 12 months")
    shoot(page, "day-1-portfolio")

    page.get_by_role("link", name="Compare centers").click()
    table, headers, quality = summary_cells(page)
    expect(quality.locator("td.group-summary")).to_have_text(["2.33", "5.00", "2.67", "1"])
    if viewport == WIDE:
        scroller = box(page.locator(".table-responsive").filter(has=table))
        for header in headers:
            assert within(box(header), scroller)
    shoot(page, "day-2-compare")

    page.goto("/dashboards/portfolio/")
    page.get_by_role("link", name="Center K03").click()
    expect(page.get_by_role("heading", name="Fidelity dashboard")).to_be_visible()
    expect(page.locator("#weakest-table")).to_be_visible()
    shoot(page, "day-3-center")

    page.goto("/dashboards/fidelity-and-outcomes/")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('fidelity-outcome-chart'))"
    )
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('fidelity-outcome-chart'));
            return {
                plugins: chart.config.plugins.map((p) => p.id),
                codes: chart.data.datasets[0].data.map((p) => p.code),
            };
        }"""
    )
    assert "pointLabels" in chart["plugins"]
    assert sorted(chart["codes"]) == [f"K{n:02}" for n in range(1, 19)]
    # Reviews (2025) and quarters (2024-2025) are close: no warning; the caution is said once.
    expect(page.get_by_test_id("time-gap")).to_have_count(0)
    expect(page.locator("#correlations-table")).not_to_contain_text("caution: only")
    shoot(page, "day-4-fidelity-outcomes")
