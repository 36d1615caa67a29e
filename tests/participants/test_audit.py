import pytest
from django.urls import reverse

from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    Participant,
    StatementAnswer,
)
from tests.factories import BaselineFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(center, manager):
    return ParticipantFactory(center=center, consent_recorded_by=manager)


def test_a_corrected_baseline_keeps_who_changed_what_and_admins_see_it(
    client_for, admin, manager, participant
):
    url = reverse("participants:baseline", args=[participant.pk])
    client_for(manager).post(url, {"age": "34", "eq_vas": "50"})
    client_for(manager).post(url, {"age": "35", "eq_vas": "50", "version": "1"})
    latest = BaselineSurvey.history.order_by("-history_date").first()
    assert (latest.age, latest.history_user) == (35, manager)
    page = client_for(admin).get(url).content.decode()
    assert "<del>34</del> → <ins>35</ins>" in page
    assert "History" not in client_for(manager).get(url).content.decode()


def test_follow_up_answers_are_audited(client_for, manager, participant):
    statement = StatementFactory()
    url = reverse("participants:follow_up", args=[participant.pk])
    client_for(manager).post(
        url, {f"statement_{statement.pk}": "True", "usefulness": "4", "confirm_sparse": "on"}
    )
    client_for(manager).post(
        url,
        {
            f"statement_{statement.pk}": "False",
            "usefulness": "2",
            "version": "1",
            "confirm_sparse": "on",
        },
    )
    assert [h.usefulness for h in FollowUpSurvey.history.order_by("history_date")] == [4, 2]
    answers = StatementAnswer.history.filter(statement=statement).order_by("history_date")
    assert [h.agrees for h in answers] == [True, False]


def test_erasing_also_removes_the_answers_from_the_audit_trail(client_for, admin, participant):
    BaselineFactory(participant=participant, age=33)
    client_for(admin).post(
        reverse("participants:withdraw", args=[participant.pk]),
        {"withdrawn_on": participant.included_on.isoformat(), "reason": "moved to Bergen"},
    )
    participant.refresh_from_db()
    participant.status = Participant.Status.ACTIVE
    participant.save()
    statement = StatementFactory()
    client_for(admin).post(
        reverse("participants:follow_up", args=[participant.pk]),
        {
            f"statement_{statement.pk}": "True",
            "facilitator_comment": "private words",
            "confirm_sparse": "on",
        },
    )
    client_for(admin).post(
        reverse("participants:erase", args=[participant.pk]),
        {"confirm_code": participant.study_code},
    )
    for model in (BaselineSurvey, DiagnosticScreen, FollowUpSurvey, StatementAnswer):
        assert not model.history.exists(), model
    assert not Participant.history.exclude(withdrawal_reason="").exists()
    erased = Participant.history.order_by("-history_date").first()
    assert (erased.status, erased.history_user) == (Participant.Status.ERASED, admin)
