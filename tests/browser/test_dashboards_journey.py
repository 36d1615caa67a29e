"""A program manager's dashboards in Chromium: the portfolio, a center's dashboard with its two
charts, the comparison and the fidelity-outcome scatter, without a console error."""

import datetime

import pytest
from playwright.sync_api import expect

from centers.demo import demo_outcome_numbers
from centers.models import EmploymentOutcome
from centers.roles import Role
from reviews.demo import TABLE_5
from tests.dashboards.conftest import PAPER_QUARTERS
from tests.factories import CenterFactory, UserFactory, final_review

# serialized_rollback, as in every browser test: each test gets back the rows the migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHART = """(id) => {
    const chart = Chart.getChart(document.getElementById(id));
    const canvas = chart.canvas;
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    return {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map((d) => d.label),
        points: chart.getDatasetMeta(0).data.length,
        painted: pixels.some((value, index) => index % 4 === 3 && value > 0),
        lines: (chart.config.options.plugins.referenceLines || {}).lines || [],
    };
}"""

# Words of the comparison's group headers that wrap across two lines ("employme" / "nt").
BROKEN_WORDS = """() => {
    const broken = [];
    for (const th of document.querySelectorAll('#comparison-table th.group-summary')) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture
def manager():
    lead = UserFactory(username="lena", role=Role.REVIEWER)
    centers = []
    for code in ["C1", "C3", "C6"]:
        center = CenterFactory(code=code, name=f"Center {code}")
        final_review(center, [lead], TABLE_5["C2"], visit_start=datetime.date(2024, 3, 4))
        final_review(center, [lead], TABLE_5[code], visit_start=datetime.date(2025, 3, 3))
        EmploymentOutcome.objects.bulk_create(
            EmploymentOutcome(center=center, year=y, quarter=q, served=s, working=w)
            for y, q, s, w in demo_outcome_numbers(code, PAPER_QUARTERS)
        )
        centers.append(center)
    return UserFactory(username="mona", role=Role.MANAGER, centers=centers)


def test_a_manager_goes_from_the_portfolio_to_a_dashboard_whose_charts_draw(page, log_in, manager):
    log_in("mona")
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible()
    # C3 went from 103 to 102; the words say so, the arrow only repeats it.
    expect(page.get_by_role("row", name="Center C3")).to_contain_text("▼ down 1")
    page.get_by_role("link", name="Center C3").click()

    expect(page.get_by_role("heading", name="Fidelity dashboard")).to_be_visible()
    expect(page.get_by_role("img", name="Line chart of the total")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('profile-chart'))"
    )
    totals = page.evaluate(CHART, "totals-chart")
    assert totals["labels"] == ["4 Mar 2024", "3 Mar 2025"]
    assert totals["points"] == 2 and totals["painted"]
    assert [line["label"] for line in totals["lines"]] == [
        "Exemplary fidelity ≥ 115",
        "Good fidelity ≥ 100",
        "Fair fidelity ≥ 74",
    ]
    profile = page.evaluate(CHART, "profile-chart")
    assert profile["datasets"] == ["This center (latest review)", "Mean of your centers"]
    assert profile["points"] == 25 and profile["painted"]
    # The same numbers as a table.
    expect(page.locator("#totals-table")).to_contain_text("102")


def test_the_comparison_and_the_scatter_of_fidelity_and_outcomes(page, log_in, manager):
    log_in("mona")
    page.get_by_role("button", name="Dashboards").click()
    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_label("Two groups").select_option("top_k")
    page.get_by_label("k (top centers)").fill("1")
    page.get_by_role("button", name="Compare").click()
    table = page.locator("#comparison-table")
    expect(table.get_by_role("row", name="Group")).to_have_text(
        "Group Lower employment Lower employment Higher employment", use_inner_text=True
    )
    expect(table.get_by_role("row", name="Total")).to_contain_text("102")
    # The group means' headers wrap between words, never inside one.
    assert page.evaluate(BROKEN_WORDS) == []

    page.get_by_role("button", name="Dashboards").click()
    page.get_by_role("link", name="Fidelity and outcomes").first.click()
    # The new page first: until it has loaded, the comparison page (no charts) is still shown.
    page.wait_for_url("**/fidelity-and-outcomes/**")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('fidelity-outcome-chart'))"
    )
    scatter = page.evaluate(CHART, "fidelity-outcome-chart")
    assert scatter["points"] == 3 and scatter["painted"]
    assert "Average (41 %)" in [line["label"] for line in scatter["lines"]]
    expect(page.get_by_text("Based on only 3 centers")).to_be_visible()
