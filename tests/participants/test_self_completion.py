import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsweb.links import UNKNOWN_TOKENS_PER_HOUR
from ipsweb.tokens import hash_token
from participants import services
from participants.models import FollowUpSurvey, Participant, SelfCompletionLink, Statement
from tests.factories import FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(center, manager):
    return ParticipantFactory(center=center, consent_recorded_by=manager)


@pytest.fixture
def link_and_token(participant, manager):
    return services.link_create(
        actor=manager,
        participant=participant,
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
    )


def survey_url(token: str) -> str:
    return reverse("self_completion", args=[token])


def answers(**extra):
    first = Statement.objects.filter(is_active=True).order_by("pk").first()
    # Two answers of many: the participant confirms sending so few.
    return {
        f"statement_{first.pk}": "True",
        "general_satisfaction": "5",
        "confirm_sparse": "on",
        **extra,
    }


def test_staff_get_the_link_once_and_only_its_hash_is_stored(client_for, manager, participant):
    response = client_for(manager).post(
        reverse("participants:link_create", args=[participant.pk]),
        {"expires_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
    )
    url = response.context["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43
    link = SelfCompletionLink.objects.get()
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash
    assert response["Cache-Control"].startswith("max-age=0")
    detail = client_for(manager).get(reverse("participants:detail", args=[participant.pk]))
    assert token not in detail.content.decode()


def test_the_link_opens_only_the_survey_without_login_and_without_other_data(
    client, link_and_token, participant
):
    _link, token = link_and_token
    response = client.get(survey_url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your experience with IPS" in page
    assert participant.study_code not in page
    assert participant.center.name not in page
    assert "<nav" not in page and "<a " not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_submitting_by_link_saves_a_self_completed_response_and_kills_the_link(
    client, link_and_token, participant
):
    link, token = link_and_token
    response = client.post(survey_url(token), answers(usefulness="2"))
    assert response.status_code == 302
    # The thanks page keeps the survey's language (the link's: English here).
    assert response["Location"] == reverse("self_completion_thanks") + "?language=en"
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert follow_up.channel == FollowUpSurvey.Channel.SELF
    assert follow_up.entered_by is None
    assert (follow_up.general_satisfaction, follow_up.usefulness) == (5, 2)
    link.refresh_from_db()
    assert link.used_at is not None

    again = client.get(survey_url(token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    repost = client.post(survey_url(token), answers(general_satisfaction="1"))
    assert repost.status_code == 410
    follow_up.refresh_from_db()
    assert follow_up.general_satisfaction == 5


def test_a_link_used_between_opening_and_sending_refuses_the_second_submit(client, link_and_token):
    link, token = link_and_token
    services.link_submit(link=link, values={"usefulness": 3}, answers={})
    response = client.post(survey_url(token), answers())
    assert response.status_code == 410
    assert FollowUpSurvey.objects.count() == 1


def test_an_expired_link_says_so_with_410(client, link_and_token):
    link, token = link_and_token
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save()
    for response in [client.get(survey_url(token)), client.post(survey_url(token), answers())]:
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert not FollowUpSurvey.objects.exists()


def test_a_link_stays_open_until_the_end_of_its_last_day(participant, manager):
    today = timezone.localdate()
    link, _token = services.link_create(actor=manager, participant=participant, expires_on=today)
    assert link.state() == SelfCompletionLink.State.OPEN
    assert timezone.localtime(link.expires_at).date() == today + datetime.timedelta(days=1)


def test_a_new_link_withdraws_the_old_one(client, participant, manager, link_and_token):
    _old, old_token = link_and_token
    _new, new_token = services.link_create(
        actor=manager, participant=participant, expires_on=timezone.localdate()
    )
    assert client.get(survey_url(old_token)).status_code == 410
    assert "withdrawn" in client.get(survey_url(old_token)).content.decode()
    assert client.get(survey_url(new_token)).status_code == 200


def test_staff_can_withdraw_an_open_link(client, client_for, manager, participant, link_and_token):
    link, token = link_and_token
    client_for(manager).post(reverse("participants:link_revoke", args=[participant.pk, link.pk]))
    assert client.get(survey_url(token)).status_code == 410


@pytest.mark.parametrize(
    "token",
    [
        "a" * 43,
        "x",
        "../../etc/passwd",
        "%00",
        "A" * 500,
        "<script>alert(1)</script>",
        "😀" * 10,
    ],
)
def test_guessed_or_malformed_tokens_get_a_clear_404_never_a_500(client, link_and_token, token):
    response = client.get(f"/s/{token}/")
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.content.decode()
    response = client.post(f"/s/{token}/", answers())
    assert response.status_code == 404
    assert not FollowUpSurvey.objects.exists()


def test_an_unknown_token_explains_what_to_check(client):
    response = client.get(survey_url("this-is-not-a-token"))
    assert "This link does not work" in response.content.decode()


def test_guessing_tokens_is_stopped_after_the_hourly_limit(client, link_and_token):
    for attempt in range(UNKNOWN_TOKENS_PER_HOUR):
        assert client.get(survey_url(f"guess-{attempt}")).status_code == 404
    refused = client.get(survey_url("one-guess-too-many"))
    assert refused.status_code == 429
    assert "Too many links that do not work" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    # A real link still opens: only unknown tokens are counted.
    _link, token = link_and_token
    assert client.get(f"/s/{token}/").status_code == 200


def test_a_link_for_a_withdrawn_participant_is_closed(client, link_and_token, participant):
    _link, token = link_and_token
    Participant.objects.filter(pk=participant.pk).update(
        status="withdrawn", withdrawn_on=participant.included_on
    )
    response = client.get(survey_url(token))
    assert response.status_code == 410
    assert "closed" in response.content.decode()


def test_invalid_answers_come_back_with_a_message_and_the_link_stays_open(client, link_and_token):
    link, token = link_and_token
    response = client.post(
        survey_url(token), answers(usefulness="9", facilitator_comment="Kept text")
    )
    assert response.status_code == 200
    assert "Kept text" in response.content.decode()
    link.refresh_from_db()
    assert link.used_at is None
    assert not FollowUpSurvey.objects.exists()


def test_no_link_is_made_when_the_follow_up_is_already_answered(client_for, manager, participant):
    FollowUpFactory(participant=participant)
    response = client_for(manager).post(
        reverse("participants:link_create", args=[participant.pk]),
        {"expires_on": timezone.localdate().isoformat()},
    )
    assert "already been answered" in response.content.decode()
    assert not SelfCompletionLink.objects.exists()


@pytest.mark.parametrize("days", [-1, 91])
def test_expiry_must_be_between_today_and_90_days(client_for, manager, participant, days):
    response = client_for(manager).post(
        reverse("participants:link_create", args=[participant.pk]),
        {"expires_on": (timezone.localdate() + datetime.timedelta(days=days)).isoformat()},
    )
    assert "Choose a day from today to 90 days ahead." in response.content.decode()
    assert not SelfCompletionLink.objects.exists()


def test_an_outsider_cannot_make_or_withdraw_links(
    client_for, outsider, participant, link_and_token
):
    link, _token = link_and_token
    client = client_for(outsider)
    assert (
        client.post(reverse("participants:link_create", args=[participant.pk]), {}).status_code
        == 404
    )
    assert (
        client.post(reverse("participants:link_revoke", args=[participant.pk, link.pk])).status_code
        == 404
    )
    link.refresh_from_db()
    assert link.revoked_at is None
