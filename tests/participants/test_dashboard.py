import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import LanguagePreference
from participants.dashboard import Filters, dashboard
from participants.models import Statement, StatementAnswer
from tests.factories import (
    BaselineFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def add_follow_ups(center, count, *, agrees=True, usefulness=5, **participant):
    statement = Statement.objects.get(text="My illness was a barrier")
    for _ in range(count):
        follow_up = FollowUpFactory(
            participant=ParticipantFactory(center=center, **participant), usefulness=usefulness
        )
        StatementAnswer.objects.create(follow_up=follow_up, statement=statement, agrees=agrees)


@pytest.fixture
def small_center(center):
    """3 say yes and 10 say no to "My illness was a barrier"; usefulness 3 x 2, 10 x 5."""
    add_follow_ups(center, 3, agrees=True, usefulness=2)
    add_follow_ups(center, 10, agrees=False, usefulness=5)
    return center


def barrier_row(data):
    return next(r for r in data.barriers if r.statement.text == "My illness was a barrier")


def test_managers_see_small_counts_as_less_than_5_without_percentages(manager, small_center):
    row = barrier_row(dashboard(manager, Filters()))
    assert (row.yes.display, row.yes.percent, row.yes.count) == ("<5", None, None)
    assert row.n.display == "13"


def test_admins_see_exact_small_counts(admin, small_center):
    row = barrier_row(dashboard(admin, Filters()))
    assert (row.yes.count, row.n.count) == (3, 13)
    assert row.yes.percent == pytest.approx(23.08, abs=0.01)


def test_the_manager_page_and_its_chart_data_never_contain_the_hidden_numbers(
    client_for, manager, small_center
):
    response = client_for(manager).get(reverse("participants:dashboard"))
    page = response.content.decode()
    assert "&lt;5" in page
    charts = response.context["charts"]
    usefulness = charts["chart-usefulness"]
    # 3 answered "not very useful" (hidden) and the next smallest, "very useful", is hidden too.
    assert usefulness["values"] == [0.0, None, 0.0, 0.0, None]
    assert 23.1 not in charts["chart-barriers"]["values"]
    embedded = json.loads(
        page.split('id="dashboard-charts" type="application/json">')[1].split("</script>")[0]
    )
    assert embedded["chart-barriers"] == charts["chart-barriers"]
    assert "23.1" not in page and "23%" not in page


def test_the_admin_page_plots_the_exact_values(client_for, admin, small_center):
    response = client_for(admin).get(reverse("participants:dashboard"))
    barriers = response.context["charts"]["chart-barriers"]
    index = barriers["labels"].index("My illness was a barrier")
    assert barriers["values"][index] == 23.1
    assert "23%" in response.content.decode()


def test_the_suppression_threshold_is_a_setting(settings, manager, small_center):
    settings.SMALL_CELL_THRESHOLD = 3
    row = barrier_row(dashboard(manager, Filters()))
    assert row.yes.count == 3
    settings.SMALL_CELL_THRESHOLD = 20
    row = barrier_row(dashboard(manager, Filters()))
    assert row.n.display == "<20"


def test_the_dashboard_counts_only_the_users_centers(
    client_for, outsider, manager, small_center, other_center
):
    add_follow_ups(other_center, 6, agrees=True)
    assert barrier_row(dashboard(outsider, Filters())).yes.count == 6
    assert barrier_row(dashboard(manager, Filters())).n.count == 13
    response = client_for(manager).get(
        reverse("participants:dashboard"), {"center": other_center.pk}
    )
    assert response.context["form"].errors["center"]
    assert barrier_row(response.context["data"]).n.count == 13


def test_filters_by_arm_and_inclusion_period(admin, center):
    early = datetime.date(2024, 1, 10)
    late = datetime.date(2025, 6, 10)
    for day, age in [(early, 20), (early, 30), (late, 60)]:
        BaselineFactory(participant=ParticipantFactory(center=center, included_on=day), age=age)
    BaselineFactory(participant=ParticipantFactory(center=center, arm="usual_care"), age=99)

    def mean_age(**filters):
        return dashboard(admin, Filters(**filters)).reach[0].mean

    assert mean_age(arm="ips") == pytest.approx(110 / 3)
    assert mean_age(arm="usual_care") == 99
    assert mean_age(arm="ips", included_to=datetime.date(2024, 12, 31)) == 25
    assert mean_age(included_from=datetime.date(2025, 1, 1), arm="ips") == 60
    assert mean_age(center=center, arm="ips", included_from=late, included_to=late) == 60


def test_a_reversed_period_is_refused_with_a_message(client_for, admin):
    response = client_for(admin).get(
        reverse("participants:dashboard"),
        {"included_from": "2025-01-01", "included_to": "2024-01-01", "arm": "bogus"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "included_to" in errors and "arm" in errors


def test_reach_shows_share_with_severe_and_moderate_illness(admin, center):
    for psychosis, anxiety in [(True, False), (False, True), (False, True), (None, None)]:
        DiagnosticFactory(
            participant=ParticipantFactory(center=center), psychosis=psychosis, anxiety=anxiety
        )
    data = dashboard(admin, Filters())
    severe, moderate = data.severity
    assert (severe.share.count, moderate.share.count, severe.n.count) == (1, 2, 3)
    assert severe.share.percent == pytest.approx(33.3, abs=0.1)
    assert data.unclassified.count == 1
    assert data.rule_version.startswith("severity-1")


def test_follow_up_response_rate_counts_ips_follow_ups_due_by_today(admin, center):
    FollowUpFactory(participant=ParticipantFactory(center=center), usefulness=4)
    ParticipantFactory(center=center)
    ParticipantFactory(center=center, arm="usual_care")
    ParticipantFactory(center=center, included_on=datetime.date.today())  # not due yet
    data = dashboard(admin, Filters())
    assert (data.follow_ups_received.count, data.follow_ups_due.count) == (1, 2)
    assert data.follow_ups_received.percent == 50


def test_the_dashboard_needs_the_same_number_of_queries_for_more_participants(admin, center):
    add_follow_ups(center, 2)

    def count():
        with CaptureQueriesContext(connection) as queries:
            dashboard(admin, Filters())
        return len(queries)

    count()  # the first call caches the user's permissions
    few = count()
    assert few == 3
    add_follow_ups(center, 15)
    for _ in range(15):
        BaselineFactory(participant=ParticipantFactory(center=center), age=40)
    assert count() == few


def test_a_large_count_hidden_beside_a_small_one_shows_the_range_the_total_gives(
    client_for, manager, center
):
    ParticipantFactory.create_batch(30, center=center)
    ParticipantFactory.create_batch(
        2, center=center, status="withdrawn", withdrawn_on=datetime.date(2025, 6, 1)
    )
    page = " ".join(
        client_for(manager).get(reverse("participants:dashboard")).content.decode().split()
    )
    statuses = dict(dashboard(manager, Filters()).statuses)
    assert [cell.display for cell in statuses.values()][:2] == ["28–31", "<5"]
    assert "28–31" in page
    assert "the smallest other count is hidden too and shown as the range the total" in page


def test_the_survey_tables_read_the_same_in_norwegian_with_decimal_commas(
    client_for, admin, small_center
):
    page = reverse("participants:dashboard")
    english = client_for(admin).get(page).content.decode()
    LanguagePreference.objects.create(user=admin, language="nb")
    norwegian = client_for(admin).get(page).content.decode()
    # Usefulness: 3 x 2 and 10 x 5, mean 4.31 (Table 4's layout).
    assert "4.31" in english and "4,31" not in english
    assert "4,31" in norwegian and "4.31" not in norwegian
    numbers = re.compile(r">\s*(?:n = )?(-?\d+(?:[.,]\d+)?%?)")
    assert [n.replace(".", ",") for n in numbers.findall(english)] == numbers.findall(norwegian)
