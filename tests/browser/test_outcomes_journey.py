import pytest
from playwright.sync_api import expect

from centers.models import EmploymentOutcome
from tests.factories import EmploymentOutcomeFactory

# serialized_rollback, as in every browser test: each test gets back the rows the migrations made
# (role groups, default benchmarks), which the flush after a transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHART_SUMMARY = """() => {
    const chart = Chart.getChart(document.getElementById("outcome-chart"));
    return chart && {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map((d) => d.label),
        drawn: chart.getDatasetMeta(0).data.length,
    };
}"""


def test_admin_adds_a_quarter_and_sees_it_in_the_table_and_the_chart(page, log_in, admin, center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1, served=40, working=10)
    log_in(admin.username)
    page.get_by_role("link", name="Nordvik IPS").click()
    page.get_by_role("link", name="All quarters and the chart").click()
    page.get_by_role("link", name="Add a quarter").click()

    page.get_by_label("Year").fill("2025")
    page.get_by_label("Quarter").select_option("2")
    page.get_by_label("Participants served").fill("40")
    page.get_by_label("Participants in competitive jobs").fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("cannot be more than participants served")).to_be_visible()
    expect(page.get_by_label("Participants served")).to_have_value("40")

    page.get_by_label("Participants in competitive jobs").fill("18")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Outcomes for 2025 Q2 were added.")).to_be_visible()
    row = page.get_by_role("row", name="2025 Q2")
    expect(row).to_contain_text("45.0 %")
    expect(row).to_contain_text("Reaches Average (41 %)")
    assert EmploymentOutcome.objects.get(quarter=2).working == 18

    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('outcome-chart'))"
    )
    chart = page.evaluate(CHART_SUMMARY)
    assert chart == {
        "labels": ["2025 Q1", "2025 Q2"],
        "datasets": ["Employment rate", "Minimal (31 %)", "Average (41 %)", "Excellent (50 %)"],
        "drawn": 2,
    }


def test_a_manager_sees_the_outcome_chart_draw_without_errors(page, log_in, manager, center):
    for quarter, working in [(1, 10), (2, 14), (3, 17), (4, 21)]:
        EmploymentOutcomeFactory(
            center=center, year=2025, quarter=quarter, served=40, working=working
        )
    log_in(manager.username)
    page.goto(f"/centers/{center.pk}/outcomes/")
    expect(page.get_by_role("img", name="Line chart of the employment rate")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('outcome-chart'))"
    )
    chart = page.evaluate(CHART_SUMMARY)
    assert chart["labels"] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    assert chart["drawn"] == 4
    expect(page.get_by_role("link", name="Add a quarter")).to_have_count(0)


def test_admin_imports_a_csv_file_and_sees_the_summary(page, log_in, admin, center, tmp_path):
    good = tmp_path / "outcomes.csv"
    good.write_text("center_code,year,quarter,served,working\nNV,2025,1,40,12\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("center_code,year,quarter,served,working\nNV,2025,2,40,12\nNV,2025,3,4,9\n")
    log_in(admin.username)
    page.get_by_role("button", name="Admin", exact=True).click()
    page.get_by_role("link", name="Import outcomes").click()

    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Nothing was imported.")).to_be_visible()
    expect(page.get_by_role("row", name="3 working 9 working is more than")).to_be_visible()
    assert not EmploymentOutcome.objects.exists()

    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("1 new quarters, 0 replaced, 0 unchanged.")).to_be_visible()
    assert EmploymentOutcome.objects.get().working == 12
