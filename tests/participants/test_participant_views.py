import datetime

import pytest
from django.urls import reverse

from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    EraseLog,
    FollowUpSurvey,
    Participant,
    SelfCompletionLink,
    StatementAnswer,
)
from participants.study_codes import CODE_PATTERN
from tests.factories import (
    BaselineFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(center, manager):
    return ParticipantFactory(center=center, consent_recorded_by=manager)


@pytest.fixture
def stranger(other_center, outsider):
    return ParticipantFactory(center=other_center, consent_recorded_by=outsider)


def register(client, center, **extra):
    data = {
        "center": center.pk,
        "arm": "ips",
        "included_on": "2025-03-01",
        "consent_on": "2025-02-27",
        **extra,
    }
    return client.post(reverse("participants:create"), data)


@pytest.mark.parametrize("role", ["manager", "reviewer", "admin"])
def test_staff_in_scope_register_a_participant_with_a_random_study_code(
    request, client_for, center, role
):
    user = request.getfixturevalue(role)
    response = register(client_for(user), center)
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[participant.pk])
    assert CODE_PATTERN.match(participant.study_code)
    assert participant.consent_recorded_by == user
    assert participant.status == Participant.Status.ACTIVE


def test_the_registration_form_asks_for_no_name_birth_date_or_identity_number(client_for, manager):
    form = client_for(manager).get(reverse("participants:create")).context["form"]
    assert list(form.fields) == ["center", "arm", "included_on", "consent_on"]
    identifying = {"name", "birth", "born", "ssn", "identity", "phone", "email", "address"}
    fields = {f.name for f in Participant._meta.get_fields()}
    assert not {f for f in fields for word in identifying if word in f}


def test_a_manager_cannot_register_a_participant_in_a_center_outside_their_scope(
    client_for, manager, other_center
):
    response = register(client_for(manager), other_center)
    assert response.status_code == 200
    assert "center" in response.context["form"].errors
    assert not Participant.objects.exists()


def test_consent_after_inclusion_or_dates_in_the_future_are_refused_with_a_message(
    client_for, manager, center
):
    response = register(client_for(manager), center, consent_on="2025-03-05")
    assert "Consent must be given on or before the inclusion date." in response.content.decode()
    response = register(client_for(manager), center, included_on="2999-01-01")
    assert "This date is in the future." in response.content.decode()
    assert not Participant.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, participant):
    for url in [
        reverse("participants:list"),
        reverse("participants:detail", args=[participant.pk]),
        reverse("participants:dashboard"),
        reverse("participants:follow_ups_due"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_only_participants_of_the_users_centers(
    client_for, manager, participant, stranger
):
    response = client_for(manager).get(reverse("participants:list"))
    assert list(response.context["page"]) == [participant]
    assert stranger.study_code not in response.content.decode()


def test_admins_see_every_participant(client_for, admin, participant, stranger):
    response = client_for(admin).get(reverse("participants:list"))
    assert set(response.context["page"]) == {participant, stranger}


@pytest.mark.parametrize(
    "name",
    ["detail", "edit", "withdraw", "baseline", "diagnostic", "follow_up", "link_create", "erase"],
)
def test_a_participant_outside_the_users_scope_is_not_found(
    client_for, outsider, participant, name
):
    assert (
        client_for(outsider).get(reverse(f"participants:{name}", args=[participant.pk])).status_code
        == 404
    )


def test_a_center_filter_outside_the_scope_is_not_found(client_for, manager, other_center):
    response = client_for(manager).get(reverse("participants:list"), {"center": other_center.pk})
    assert response.status_code == 404
    response = client_for(manager).get(reverse("participants:list"), {"center": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_managers_and_reviewers_may_not_erase(request, client_for, role, participant):
    client = client_for(request.getfixturevalue(role))
    url = reverse("participants:erase", args=[participant.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm_code": participant.study_code}).status_code == 403
    assert not EraseLog.objects.exists()


def test_withdrawal_keeps_the_data_flags_it_and_stops_new_answers(client_for, manager, participant):
    BaselineFactory(participant=participant, age=40)
    client = client_for(manager)
    response = client.post(
        reverse("participants:withdraw", args=[participant.pk]),
        {"withdrawn_on": "2025-04-01", "reason": "By own wish"},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.WITHDRAWN
    assert participant.withdrawn_on == datetime.date(2025, 4, 1)
    assert BaselineSurvey.objects.get(participant=participant).age == 40
    page = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Withdrawn" in page and "40" in page
    response = client.post(
        reverse("participants:baseline", args=[participant.pk]), {"age": "41"}, follow=True
    )
    assert "only be recorded for active participants" in response.content.decode()
    assert BaselineSurvey.objects.get(participant=participant).age == 40


def test_a_withdrawal_before_the_inclusion_is_refused(client_for, manager, participant):
    response = client_for(manager).post(
        reverse("participants:withdraw", args=[participant.pk]),
        {"withdrawn_on": "2024-01-01", "reason": "By own wish"},
    )
    assert "cannot be dated before the inclusion" in response.content.decode()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ACTIVE


def test_erasing_removes_every_answer_keeps_a_counted_stub_and_logs_who(
    client_for, admin, participant
):
    BaselineFactory(participant=participant, age=33)
    DiagnosticFactory(participant=participant, psychosis=True)
    follow_up = FollowUpFactory(participant=participant, facilitator_comment="personal words")
    StatementAnswer.objects.create(follow_up=follow_up, statement=StatementFactory(), agrees=True)
    SelfCompletionLink.objects.create(
        participant=participant,
        token_hash="0" * 64,
        expires_at="2030-01-01T00:00Z",
        created_by=admin,
    )
    client = client_for(admin)
    url = reverse("participants:erase", args=[participant.pk])
    response = client.post(url, {"confirm_code": "P-WRONG"})
    assert "not the study code of this participant" in response.content.decode()
    assert BaselineSurvey.objects.exists()

    response = client.post(url, {"confirm_code": participant.study_code.lower()})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ERASED
    for model in [BaselineSurvey, DiagnosticScreen, FollowUpSurvey, StatementAnswer]:
        assert not model.objects.exists()
    assert not SelfCompletionLink.objects.exists()
    assert Participant.objects.count() == 1
    log = EraseLog.objects.get()
    assert (log.participant, log.erased_by) == (participant, admin)
    page = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "personal words" not in page and "Erased on request" in page
    assert f"Erased by {admin.username}" in page


def test_staff_enter_a_baseline_and_see_it_on_the_participant_page(
    client_for, reviewer, participant
):
    client = client_for(reviewer)
    response = client.post(
        reverse("participants:baseline", args=[participant.pk]),
        {"age": "34", "gender": "female", "eq_vas": "0", "higher_education": ""},
    )
    assert response.status_code == 302
    baseline = BaselineSurvey.objects.get(participant=participant)
    assert (baseline.age, baseline.gender, baseline.eq_vas) == (34, "female", 0)
    assert baseline.higher_education is None
    assert baseline.entered_by == reviewer


def test_an_invalid_baseline_comes_back_with_the_typed_values_and_changes_nothing(
    client_for, reviewer, participant
):
    response = client_for(reviewer).post(
        reverse("participants:baseline", args=[participant.pk]),
        {"age": "200", "eq_vas": "77"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="77"' in page and 'value="200"' in page
    assert not BaselineSurvey.objects.exists()


def test_staff_enter_a_diagnostic_screen_and_the_page_shows_severity_with_rule_version(
    client_for, manager, participant
):
    client = client_for(manager)
    client.post(
        reverse("participants:diagnostic", args=[participant.pk]),
        {"psychosis": "True", "anxiety": "False"},
    )
    page = client.get(reverse("participants:detail", args=[participant.pk])).content.decode()
    assert "Severe" in page and "severity-1" in page


def test_staff_entered_follow_up_records_its_channel_and_author(client_for, manager, participant):
    statement = StatementFactory()
    response = client_for(manager).post(
        reverse("participants:follow_up", args=[participant.pk]),
        {
            f"statement_{statement.pk}": "True",
            "usefulness": "4",
            "barrier_comment": "Bus",
            "confirm_sparse": "on",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert follow_up.channel == FollowUpSurvey.Channel.STAFF
    assert follow_up.entered_by == manager
    assert (follow_up.usefulness, follow_up.general_satisfaction) == (4, None)
    assert StatementAnswer.objects.get(follow_up=follow_up, statement=statement).agrees is True


def test_the_follow_up_is_refused_for_the_usual_care_arm(client_for, manager, center):
    participant = ParticipantFactory(center=center, arm="usual_care")
    response = client_for(manager).post(
        reverse("participants:follow_up", args=[participant.pk]),
        {"usefulness": "4", "confirm_sparse": "on"},
    )
    assert "only for participants in the IPS arm" in response.content.decode()
    assert not FollowUpSurvey.objects.exists()


def test_the_arm_of_a_participant_with_a_follow_up_cannot_become_usual_care(
    client_for, manager, participant
):
    FollowUpFactory(participant=participant)
    response = client_for(manager).post(
        reverse("participants:edit", args=[participant.pk]),
        {
            "center": participant.center.pk,
            "arm": "usual_care",
            "included_on": participant.included_on.isoformat(),
            "consent_on": participant.consent_on.isoformat(),
        },
    )
    assert "the arm must stay IPS" in response.content.decode()
    participant.refresh_from_db()
    assert participant.arm == "ips"


def test_staff_correct_the_inclusion_date(client_for, manager, participant):
    response = client_for(manager).post(
        reverse("participants:edit", args=[participant.pk]),
        {
            "center": participant.center.pk,
            "arm": "ips",
            "included_on": "2025-02-01",
            "consent_on": "2025-01-30",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.included_on == datetime.date(2025, 2, 1)
