"""A blank follow-up is never a response; a sparse one is saved only once confirmed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ipsweb.dates import add_months
from participants import services
from participants.completeness import completeness
from participants.dashboard import Filters, dashboard
from participants.models import FollowUpSurvey, SelfCompletionLink, Statement, StatementAnswer
from tests.factories import FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

UNTOUCHED = {"version": "0", "facilitator_comment": "", "barrier_comment": ""}


@pytest.fixture
def participant(center, manager, settings):
    """The follow-up is overdue by a month (its window still open, whatever day the tests run)."""
    included = add_months(timezone.localdate(), -settings.FOLLOW_UP_MONTHS - 1)
    return ParticipantFactory(
        center=center, consent_recorded_by=manager, included_on=included, consent_on=included
    )


def first_statement():
    return Statement.objects.filter(is_active=True).order_by("pk").first()


def due_codes(client):
    rows = client.get(reverse("participants:follow_ups_due")).context["rows"]
    return [row.participant.study_code for row in rows]


def test_an_untouched_follow_up_form_stores_nothing_and_the_participant_stays_due(
    client_for, manager, admin, participant
):
    client = client_for(manager)
    response = client.post(reverse("participants:follow_up", args=[participant.pk]), UNTOUCHED)
    assert response.status_code == 200
    assert "an empty survey is not a response" in response.content.decode()
    assert not FollowUpSurvey.objects.exists()
    assert due_codes(client) == [participant.study_code]
    rate = dashboard(admin, Filters())
    assert (rate.follow_ups_received.count, rate.follow_ups_due.count) == (0, 1)


def test_one_answer_asks_for_confirmation_then_saves_when_confirmed(
    client_for, manager, admin, participant
):
    client = client_for(manager)
    url = reverse("participants:follow_up", args=[participant.pk])
    one_answer = {**UNTOUCHED, f"statement_{first_statement().pk}": "True"}
    asked = client.post(url, one_answer)
    page = asked.content.decode()
    questions = Statement.objects.filter(is_active=True).count() + 3
    assert f"Only 1 of the {questions} questions is answered." in page
    assert 'name="confirm_sparse"' in page
    # What was answered is kept in the form.
    assert f'name="statement_{first_statement().pk}" value="True"' in page
    assert not FollowUpSurvey.objects.exists()
    assert due_codes(client) == [participant.study_code]

    saved = client.post(url, {**one_answer, "confirm_sparse": "on"})
    assert saved.status_code == 302
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert StatementAnswer.objects.get(follow_up=follow_up, statement=first_statement()).agrees
    assert due_codes(client) == []
    assert dashboard(admin, Filters()).follow_ups_received.count == 1


def test_half_of_the_questions_answered_saves_without_asking(client_for, manager, participant):
    statements = list(Statement.objects.filter(is_active=True))
    half = (len(statements) + 3 + 1) // 2
    answers = {f"statement_{s.pk}": "False" for s in statements[: half - 3]}
    data = {
        **UNTOUCHED,
        **answers,
        "usefulness": "3",
        "general_satisfaction": "4",
        "specialist_satisfaction": "5",
    }
    response = client_for(manager).post(
        reverse("participants:follow_up", args=[participant.pk]), data
    )
    assert response.status_code == 302
    assert FollowUpSurvey.objects.filter(participant=participant).exists()


def test_a_comment_alone_is_not_blank_but_needs_confirmation(client_for, manager, participant):
    url = reverse("participants:follow_up", args=[participant.pk])
    data = {**UNTOUCHED, "barrier_comment": "Could not get there by bus"}
    response = client_for(manager).post(url, data)
    assert "Only 0 of the" in response.content.decode()
    assert not FollowUpSurvey.objects.exists()
    assert client_for(manager).post(url, {**data, "confirm_sparse": "on"}).status_code == 302


def test_clearing_every_answer_of_a_stored_follow_up_is_refused(client_for, manager, participant):
    follow_up = FollowUpFactory(participant=participant, usefulness=4, general_satisfaction=2)
    response = client_for(manager).post(
        reverse("participants:follow_up", args=[participant.pk]),
        {**UNTOUCHED, "version": str(follow_up.version), "confirm_sparse": "on"},
    )
    assert "an empty survey is not a response" in response.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.usefulness, follow_up.general_satisfaction) == (4, 2)


def test_the_service_refuses_a_blank_follow_up_on_every_path(manager, participant):
    with pytest.raises(ValidationError, match="empty survey is not a response"):
        services.follow_up_save(
            participant=participant,
            channel=FollowUpSurvey.Channel.STAFF,
            actor=manager,
            values={"usefulness": None, "facilitator_comment": "  "},
            answers={first_statement().pk: None},
        )
    assert not FollowUpSurvey.objects.exists()


@pytest.fixture
def token(participant, manager):
    _link, token = services.link_create(
        actor=manager,
        participant=participant,
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    return token


def test_an_untouched_self_completion_form_stores_nothing_and_keeps_the_link_open(
    client, participant, token
):
    response = client.post(reverse("self_completion", args=[token]), UNTOUCHED)
    assert response.status_code == 200
    assert "an empty survey is not a response" in response.content.decode()
    assert not FollowUpSurvey.objects.exists()
    assert SelfCompletionLink.objects.get(participant=participant).used_at is None


def test_one_answer_by_link_asks_for_confirmation_then_sends(client, participant, token):
    url = reverse("self_completion", args=[token])
    one_answer = {**UNTOUCHED, "usefulness": "5"}
    asked = client.post(url, one_answer)
    assert "Only 1 of the" in asked.content.decode()
    assert 'name="confirm_sparse"' in asked.content.decode()
    assert SelfCompletionLink.objects.get(participant=participant).used_at is None
    sent = client.post(url, {**one_answer, "confirm_sparse": "on"})
    assert sent.status_code == 302
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert (follow_up.channel, follow_up.usefulness) == (FollowUpSurvey.Channel.SELF, 5)


def test_a_blank_follow_up_stored_before_the_rule_is_not_a_response(admin, center):
    FollowUpFactory(participant=ParticipantFactory(center=center))
    answered = FollowUpFactory(participant=ParticipantFactory(center=center))
    StatementAnswer.objects.create(follow_up=answered, statement=first_statement(), agrees=False)
    FollowUpFactory(participant=ParticipantFactory(center=center), usefulness=2)
    for _ in range(3):
        ParticipantFactory(center=center)
    data = dashboard(admin, Filters())
    assert (data.follow_ups_received.count, data.follow_ups_due.count) == (2, 6)


def test_completeness_counts_statements_and_scales_not_comments():
    done = completeness({"usefulness": 3, "barrier_comment": "x"}, {1: True, 2: None, 3: False})
    assert (done.answered, done.questions, done.is_blank, done.is_sparse) == (3, 6, False, False)
    assert completeness({"facilitator_comment": " "}, {1: None}).is_blank
