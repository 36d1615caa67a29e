import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.selectors import due_follow_ups
from tests.factories import FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def months_ago(months: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    day = min(today.day, 28)
    return datetime.date(index // 12, index % 12 + 1, day) - datetime.timedelta(days=days)


def test_the_list_shows_due_and_overdue_follow_ups_of_active_ips_participants(
    client_for, manager, center, other_center
):
    overdue = ParticipantFactory(center=center, included_on=months_ago(7))
    due = ParticipantFactory(center=center, included_on=months_ago(6, days=-5))
    ParticipantFactory(center=center, included_on=months_ago(2))  # not yet
    ParticipantFactory(center=center, included_on=months_ago(10))  # missed: window closed
    FollowUpFactory(participant=ParticipantFactory(center=center, included_on=months_ago(8)))
    ParticipantFactory(center=center, included_on=months_ago(8), arm="usual_care")
    ParticipantFactory(
        center=center,
        included_on=months_ago(8),
        status="withdrawn",
        withdrawn_on=months_ago(7),
    )
    ParticipantFactory(center=other_center, included_on=months_ago(9))

    response = client_for(manager).get(reverse("participants:follow_ups_due"))
    rows = response.context["rows"]
    assert [(row.participant, row.state) for row in rows] == [
        (overdue, "overdue"),
        (due, "due"),
    ]
    page = response.content.decode()
    assert "Overdue" in page and overdue.study_code in page


def test_the_follow_up_interval_is_a_setting(settings, manager, center):
    participant = ParticipantFactory(center=center, included_on=months_ago(4))
    assert due_follow_ups(manager) == []
    settings.FOLLOW_UP_MONTHS = 3
    [row] = due_follow_ups(manager)
    assert row.participant == participant and row.state == "overdue"


def test_each_center_has_its_own_list(client_for, admin, center, other_center):
    here = ParticipantFactory(center=center, included_on=months_ago(7))
    ParticipantFactory(center=other_center, included_on=months_ago(7))
    response = client_for(admin).get(reverse("participants:follow_ups_due"), {"center": center.pk})
    assert [row.participant for row in response.context["rows"]] == [here]


def test_a_center_outside_the_scope_is_not_found(client_for, manager, other_center):
    response = client_for(manager).get(
        reverse("participants:follow_ups_due"), {"center": other_center.pk}
    )
    assert response.status_code == 404


def test_an_open_link_shows_that_the_survey_was_sent(manager, center):
    participant = ParticipantFactory(center=center, included_on=months_ago(7))
    services.link_create(actor=manager, participant=participant, expires_on=timezone.localdate())
    [row] = due_follow_ups(manager)
    assert row.open_link is not None


def test_a_follow_up_unanswered_long_after_its_date_shows_as_missed(client_for, manager, center):
    participant = ParticipantFactory(center=center, included_on=months_ago(10))
    url = reverse("participants:detail", args=[participant.pk])
    assert "(missed: the window has closed)" in client_for(manager).get(url).content.decode()
