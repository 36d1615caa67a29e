"""The fidelity dashboard on a center's page."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.services import user_set_centers
from reviews.demo import TABLE_5
from reviews.models import ActionItem, ScaleItem
from reviews.services.reviews import review_reopen
from tests.dashboards.conftest import add_outcomes, column, page_table
from tests.factories import CenterFactory, ReviewFactory, final_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(center, lead):
    """NV: a final review in 2024 (97), one in 2025 (103), and one still being planned."""
    first = final_review(center, [lead], TABLE_5["C1"], visit_start=datetime.date(2024, 3, 4))
    latest = final_review(center, [lead], TABLE_5["C2"], visit_start=datetime.date(2025, 3, 3))
    ReviewFactory(center=center, reviewers=[lead], visit_start=datetime.date(2026, 3, 2))
    return first, latest


def dashboard_page(client, center):
    response = client.get(reverse("centers:detail", args=[center.pk]))
    assert response.status_code == 200
    return response


def test_the_dashboard_shows_the_latest_total_and_band(client_for, manager, center, reviewed):
    html = dashboard_page(client_for(manager), center).content.decode()
    assert "<strong data-total>103</strong> of 125 · <strong data-band>Good fidelity</strong>" in (
        html
    )


def test_the_totals_over_time_are_a_chart_and_the_same_numbers_in_a_table(
    client_for, manager, center, reviewed
):
    response = dashboard_page(client_for(manager), center)
    html = response.content.decode()
    table = page_table(html, "totals-table")
    assert [(r[0], r[2], r[3]) for r in table[1:]] == [
        ("4 Mar 2024", "97", "Fair fidelity"),
        ("3 Mar 2025", "103", "Good fidelity"),
    ]
    chart = response.context["dashboard"].chart_data()["totals"]
    assert chart["labels"] == ["4 Mar 2024", "3 Mar 2025"]
    assert chart["values"] == [97, 103]
    assert (chart["min"], chart["max"]) == (25, 125)
    # The band thresholds are drawn as labelled lines (the lowest band starts at the axis).
    assert chart["bands"] == [
        {"value": 115, "label": "Exemplary fidelity ≥ 115"},
        {"value": 100, "label": "Good fidelity ≥ 100"},
        {"value": 74, "label": "Fair fidelity ≥ 74"},
    ]
    data = json.loads(
        html.split('id="center-dashboard-data" type="application/json">')[1].split("</script>")[0]
    )
    assert data["totals"]["values"] == [97, 103]
    assert 'src="/static/js/center-dashboard.js"' in html
    assert "<script>" not in html and "style=" not in html  # nothing inline under the CSP


def test_section_subtotals_of_the_latest_review(client_for, manager, center, reviewed):
    dashboard = dashboard_page(client_for(manager), center).context["dashboard"]
    subtotals = {s.section: s.subtotal for s in dashboard.result.sections}
    # C2 of Table 5: items 1-3, 4-11, 12-25.
    assert subtotals == {"Staffing": 15, "Organization": 29, "Services": 59}


def test_the_item_profile_compares_the_latest_scores_with_the_mean_of_the_users_centers(
    client_for, manager, center, reviewed, lead
):
    other = CenterFactory(code="B")
    final_review(other, [lead], TABLE_5["C3"])
    user_set_centers(user=manager, centers=[center, other])
    response = dashboard_page(client_for(manager), center)
    profile = column(page_table(response.content.decode(), "profile-table"), "Mean of your centers")
    # Item 18: NV's latest 1 (C2) and B's 5 (C3): mean 3.
    assert profile["18. Job development: quality of employer contact"] == "3.00"
    differences = column(page_table(response.content.decode(), "profile-table"), "Difference")
    assert differences["18. Job development: quality of employer contact"] == "-2.00"
    chart = response.context["dashboard"].chart_data()["profile"]
    assert chart["scores"][17] == 1 and chart["means"][17] == 3.0


def test_the_weakest_items_are_the_lowest_scores_marked_when_they_need_improvement(
    client_for, manager, center, reviewed
):
    html = dashboard_page(client_for(manager), center).content.decode()
    weakest = page_table(html, "weakest-table")[1:]
    # C2's lowest: items 18 and 24 (1), 4 and 17 (2), then the first item at 3.
    assert [r[0] for r in weakest] == [
        "18. Job development: quality of employer contact",
        "24. Community-based services",
        "4. Integration of rehabilitation with mental health treatment through team assignment",
        "17. Job development: frequent employer contact",
        "5. Integration of rehabilitation with mental health treatment through frequent team "
        "member contact",
    ]
    assert len(weakest) == 5
    assert all(r[3] == "needs improvement" for r in weakest)


def test_open_action_plan_items_of_the_latest_review(client_for, manager, center, reviewed):
    _first, latest = reviewed
    item = ScaleItem.objects.get(scale=latest.scale, number=18)
    ActionItem.objects.create(review=latest, item=item, action="Visit employers", owner="Kari")
    ActionItem.objects.create(
        review=latest, item=item, action="Done already", owner="Per", status="done"
    )
    html = dashboard_page(client_for(manager), center).content.decode()
    assert "Visit employers" in html
    assert "Done already" not in html


def test_open_action_plan_items_past_their_due_date_are_marked_overdue(
    client_for, manager, center, reviewed
):
    _first, latest = reviewed
    item = ScaleItem.objects.get(scale=latest.scale, number=18)
    today = timezone.localdate()
    for action, due, status in [
        ("Visit employers", today - datetime.timedelta(days=1), "open"),
        ("Call the job centre", today, "in_progress"),
        ("Plan the autumn", None, "open"),
        ("Done late", today - datetime.timedelta(days=30), "done"),
    ]:
        ActionItem.objects.create(
            review=latest, item=item, action=action, owner="Kari", due_date=due, status=status
        )
    html = dashboard_page(client_for(manager), center).content.decode()
    rows = {
        action: next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if action in r)
        for action in ["Visit employers", "Call the job centre", "Plan the autumn"]
    }
    assert [a for a, r in rows.items() if "Overdue" in r] == ["Visit employers"]
    summary = re.search(r'data-testid="open-actions">(.*?)</dd>', html).group(1)
    assert summary == "3 · 1 overdue"


def test_the_latest_employment_rate_is_part_of_the_summary(client_for, manager, center, reviewed):
    add_outcomes(center, "C1")
    html = dashboard_page(client_for(manager), center).content.decode()
    assert "28.9 % (2025 Q4)" in html


def test_a_reopened_review_leaves_the_dashboard_until_it_is_final_again(
    client_for, manager, admin, center, reviewed
):
    _first, latest = reviewed
    review_reopen(review=latest, actor=admin, reason="Typo in item 18.")
    dashboard = dashboard_page(client_for(manager), center).context["dashboard"]
    assert dashboard.latest.total == 97
    assert [r.total for r in dashboard.history] == [97]


def test_a_center_without_a_final_review_says_so(client_for, manager, center):
    html = dashboard_page(client_for(manager), center).content.decode()
    assert "This center has no final fidelity review yet." in html
    assert "center-dashboard-data" not in html


def test_items_tied_with_the_last_weakest_item_are_named_not_dropped(
    client_for, manager, center, lead
):
    # Item 25 scored 1, items 1-7 scored 3, the rest 5: five rows show 25 and 1-4.
    scores = [3] * 7 + [5] * 17 + [1]
    final_review(center, [lead], scores)
    html = dashboard_page(client_for(manager), center).content.decode()
    weakest = page_table(html, "weakest-table")[1:]
    assert [r[0].split(".")[0] for r in weakest] == ["25", "1", "2", "3", "4"]
    assert (
        "and 3 more at 3: 5. Integration of rehabilitation with mental health treatment through "
        "frequent team member contact; 6. Collaboration between employment specialists and the "
        "vocational rehabilitation agency; 7. Vocational unit"
    ) in " ".join(html.split())


def test_no_tie_note_when_the_next_item_scores_higher(client_for, manager, center, lead):
    scores = [3] * 5 + [5] * 20
    final_review(center, [lead], scores)
    html = dashboard_page(client_for(manager), center).content.decode()
    assert 'data-testid="weakest-tied"' not in html


def test_the_next_review_follows_the_band_and_a_planned_one_is_shown_instead_of_overdue(
    client_for, manager, center, lead
):
    final_review(center, [lead], TABLE_5["C4"], visit_start=datetime.date(2025, 3, 3))  # fair
    html = " ".join(dashboard_page(client_for(manager), center).content.decode().split())
    assert '3 Sep 2025 <span class="badge text-bg-warning">Overdue</span>' in html
    ReviewFactory(center=center, reviewers=[lead], visit_start=datetime.date(2026, 3, 2))
    html = " ".join(dashboard_page(client_for(manager), center).content.decode().split())
    assert "Overdue</span>" not in html
    assert 'Planned</span> <span class="small">visit 2 Mar 2026 to 3 Mar 2026' in html
