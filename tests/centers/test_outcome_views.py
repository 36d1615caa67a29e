import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import EmploymentOutcome, OutcomeBenchmark
from centers.roles import Role
from tests.factories import EmploymentOutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db


def outcomes_url(center):
    return reverse("centers:outcomes", args=[center.pk])


def create_url(center):
    return reverse("centers:outcome_create", args=[center.pk])


def edit_url(outcome):
    return reverse("centers:outcome_edit", args=[outcome.center.pk, outcome.pk])


def chart_data(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="outcome-chart-data" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def quarters(center):
    return [
        EmploymentOutcomeFactory(center=center, year=2025, quarter=1, served=40, working=10),
        EmploymentOutcomeFactory(center=center, year=2025, quarter=2, served=40, working=18),
        EmploymentOutcomeFactory(center=center, year=2024, quarter=4, served=40, working=21),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, quarters):
    outcome = quarters[0]
    for url in [outcomes_url(outcome.center), create_url(outcome.center), edit_url(outcome)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_manager_reads_the_quarters_newest_first_with_rates(
    client_for, manager, center, quarters
):
    response = client_for(manager).get(outcomes_url(center))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.outcome.period for row in rows] == ["2025 Q2", "2025 Q1", "2024 Q4"]
    html = response.content.decode()
    assert "45.0 %" in html  # 18 of 40
    assert html.index("2025 Q2") < html.index("2025 Q1") < html.index("2024 Q4")


def test_each_quarter_says_how_it_compares_with_the_benchmarks(
    client_for, manager, center, quarters
):
    html = client_for(manager).get(outcomes_url(center)).content.decode()
    assert "Below Minimal (31 %)" in html  # 25 %
    assert "Reaches Average (41 %)" in html  # 45 %
    assert "Reaches Excellent (50 %)" in html  # 52.5 %


def test_a_rate_exactly_at_a_benchmark_reaches_it(client_for, manager, center):
    EmploymentOutcomeFactory(center=center, served=100, working=41)
    html = client_for(manager).get(outcomes_url(center)).content.decode()
    assert "Reaches Average (41 %)" in html


def test_a_quarter_with_nobody_served_has_no_rate(client_for, manager, center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1, served=0, working=0)
    response = client_for(manager).get(outcomes_url(center))
    assert "No participants served" in response.content.decode()
    assert chart_data(response)["rates"] == [None]


def test_the_chart_gets_the_rates_oldest_first_and_the_active_benchmarks(
    client_for, manager, center, quarters
):
    OutcomeBenchmark.objects.filter(label="Minimal").update(is_active=False)
    response = client_for(manager).get(outcomes_url(center))
    data = chart_data(response)
    assert data["labels"] == ["2024 Q4", "2025 Q1", "2025 Q2"]
    assert data["rates"] == [pytest.approx(52.5), pytest.approx(25.0), pytest.approx(45.0)]
    assert data["benchmarks"] == [
        {"label": "Average", "percent": 41.0},
        {"label": "Excellent", "percent": 50.0},
    ]
    html = response.content.decode()
    assert "Minimal" not in html
    assert "js/outcome-chart.js" in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_a_center_without_outcomes_says_so_and_draws_no_chart(client_for, manager, center):
    html = client_for(manager).get(outcomes_url(center)).content.decode()
    assert "No employment outcomes have been entered for this center yet." in html
    assert "outcome-chart-data" not in html


def test_the_page_needs_the_same_number_of_queries_for_3_or_30_quarters(
    client_for, manager, center
):
    client = client_for(manager)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(outcomes_url(center)).status_code == 200
        return len(queries)

    EmploymentOutcomeFactory.create_batch(3, center=center, entered_by=manager)
    few = count_queries()
    EmploymentOutcomeFactory.create_batch(27, center=center, entered_by=manager)
    assert count_queries() == few


def test_a_reviewer_of_the_center_reads_the_outcomes_too(client_for, reviewer, center, quarters):
    assert client_for(reviewer).get(outcomes_url(center)).status_code == 200


def test_a_manager_of_region_a_sees_nothing_of_region_b(client_for, manager, other_center, center):
    theirs = EmploymentOutcomeFactory(center=other_center, served=40, working=17)
    client = client_for(manager)
    assert client.get(outcomes_url(other_center)).status_code == 404
    assert client.get(create_url(other_center)).status_code == 404
    assert client.get(edit_url(theirs)).status_code == 404
    assert client.post(edit_url(theirs), {"year": 2025, "quarter": 1}).status_code == 404
    html = client.get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "42.5" not in html


def test_permission_to_enter_outcomes_does_not_widen_the_scope(client_for, other_center, center):
    clerk = UserFactory(role=Role.MANAGER, centers=[center])
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_employmentoutcome", "change_employmentoutcome"]
        )
    )
    theirs = EmploymentOutcomeFactory(center=other_center)
    client = client_for(clerk)
    assert client.get(create_url(center)).status_code == 200
    assert client.get(create_url(other_center)).status_code == 404
    assert client.get(edit_url(theirs)).status_code == 404


def test_an_outcome_is_only_found_under_its_own_center(client_for, admin, center, other_center):
    outcome = EmploymentOutcomeFactory(center=center)
    url = reverse("centers:outcome_edit", args=[other_center.pk, outcome.pk])
    assert client_for(admin).get(url).status_code == 404


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_managers_and_reviewers_cannot_add_or_change_outcomes(
    request, client_for, role, center, quarters
):
    client = client_for(request.getfixturevalue(role))
    outcome = quarters[0]
    assert client.get(create_url(center)).status_code == 403
    data = {"year": 2026, "quarter": 1, "served": 5, "working": 1}
    assert client.post(create_url(center), data).status_code == 403
    assert client.get(edit_url(outcome)).status_code == 403
    assert client.post(edit_url(outcome), data).status_code == 403
    outcome.refresh_from_db()
    assert (outcome.year, outcome.served, outcome.working) == (2025, 40, 10)
    assert EmploymentOutcome.objects.count() == 3
    html = client.get(outcomes_url(center)).content.decode()
    assert create_url(center) not in html
    assert edit_url(outcome) not in html


def test_admin_adds_a_quarter(client_for, admin, center):
    response = client_for(admin).post(
        create_url(center),
        {"year": 2025, "quarter": 4, "served": 30, "working": 12},
        follow=True,
    )
    outcome = EmploymentOutcome.objects.get(center=center)
    assert (outcome.period, outcome.served, outcome.working) == ("2025 Q4", 30, 12)
    assert outcome.entered_by == admin
    assert response.redirect_chain[-1][0] == outcomes_url(center)
    html = response.content.decode()
    assert "Outcomes for 2025 Q4 were added." in html
    assert "40.0 %" in html


def test_the_new_quarter_form_suggests_the_last_complete_quarter(
    client_for, admin, center, monkeypatch
):
    client = client_for(admin)
    monkeypatch.setattr("centers.forms.timezone.localdate", lambda: datetime.date(2026, 2, 10))
    form = client.get(create_url(center)).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2025, 4)
    monkeypatch.setattr("centers.forms.timezone.localdate", lambda: datetime.date(2026, 8, 31))
    form = client.get(create_url(center)).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2026, 2)


def test_more_working_than_served_is_refused_and_the_typed_values_stay(client_for, admin, center):
    response = client_for(admin).post(
        create_url(center), {"year": 2025, "quarter": 2, "served": 10, "working": 12}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Participants in competitive jobs cannot be more than participants served." in html
    assert 'value="12"' in html
    assert not EmploymentOutcome.objects.exists()


def test_a_quarter_that_already_exists_is_refused(client_for, admin, center, quarters):
    response = client_for(admin).post(
        create_url(center), {"year": 2025, "quarter": 1, "served": 50, "working": 20}
    )
    assert response.status_code == 200
    assert "already has employment outcomes for that quarter" in response.content.decode()
    assert EmploymentOutcome.objects.get(center=center, year=2025, quarter=1).served == 40


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "1850", "greater than or equal to 1990"),
        ("quarter", "5", "Select a valid choice"),
        ("served", "-3", "greater than or equal to 0"),
        ("working", "many", "Enter a whole number"),
    ],
)
def test_bad_values_get_a_message_and_change_nothing(
    client_for, admin, center, field, value, message
):
    data = {"year": 2025, "quarter": 1, "served": 10, "working": 2, field: value}
    response = client_for(admin).post(create_url(center), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EmploymentOutcome.objects.exists()


def test_admin_corrects_a_quarter(client_for, admin, center, quarters):
    outcome = quarters[0]
    response = client_for(admin).post(
        edit_url(outcome), {"year": 2025, "quarter": 1, "served": 42, "working": 11}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.served, outcome.working, outcome.entered_by) == (42, 11, admin)


def test_moving_a_quarter_onto_another_existing_one_is_refused(client_for, admin, center, quarters):
    response = client_for(admin).post(
        edit_url(quarters[0]), {"year": 2025, "quarter": 2, "served": 42, "working": 11}
    )
    assert response.status_code == 200
    assert "already has employment outcomes for that quarter" in response.content.decode()
    quarters[0].refresh_from_db()
    assert quarters[0].quarter == 1


def test_the_center_page_shows_the_latest_rate_and_links_to_the_outcomes(
    client_for, manager, center, quarters
):
    html = client_for(manager).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "Latest quarter 2025 Q2: 18 of 40 participants in competitive jobs (45.0 %)" in html
    assert "Reaches Average (41 %)" in html
    assert outcomes_url(center) in html


def test_the_center_page_says_when_there_are_no_outcomes_yet(client_for, manager, center):
    html = client_for(manager).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "No employment outcomes have been entered yet." in html


def test_only_admins_see_the_import_and_benchmark_links(client_for, admin, manager, center):
    admin_page = client_for(admin).get(reverse("centers:list")).content.decode()
    manager_page = client_for(manager).get(reverse("centers:list")).content.decode()
    for url in [reverse("outcome_import"), reverse("benchmark_list")]:
        assert url in admin_page
        assert url not in manager_page
