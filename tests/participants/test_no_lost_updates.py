"""Two people editing the same survey: the later save is refused and shows the earlier one."""

import pytest
from django.urls import reverse

from participants.models import BaselineSurvey, FollowUpSurvey
from tests.factories import ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(center, manager):
    return ParticipantFactory(center=center, consent_recorded_by=manager)


def version_on(page) -> str:
    html = page.content.decode()
    start = html.index('name="version" value="') + len('name="version" value="')
    return html[start : html.index('"', start)]


def test_a_later_baseline_save_from_an_older_page_is_refused_and_shows_the_other_answers(
    client_for, manager, reviewer, participant
):
    url = reverse("participants:baseline", args=[participant.pk])
    mona, rita = client_for(manager), client_for(reviewer)
    seen_by_mona, seen_by_rita = version_on(mona.get(url)), version_on(rita.get(url))
    assert mona.post(url, {"age": "41", "version": seen_by_mona}).status_code == 302

    response = rita.post(url, {"age": "29", "eq_vas": "70", "version": seen_by_rita})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this survey" in page
    assert "saved these answers after you opened the page" in page
    assert "<td>41</td>" in page  # Mona's answer is shown
    assert 'value="29"' in page  # Rita's typing is kept
    assert BaselineSurvey.objects.get(participant=participant).age == 41

    # Saving again, now knowingly over Mona's version, replaces it.
    response = rita.post(url, {"age": "29", "eq_vas": "70", "version": version_on(response)})
    assert response.status_code == 302
    assert BaselineSurvey.objects.get(participant=participant).age == 29


def test_two_staff_entering_the_first_follow_up_at_once_do_not_overwrite_each_other(
    client_for, manager, reviewer, participant
):
    statement = StatementFactory()
    url = reverse("participants:follow_up", args=[participant.pk])
    mona, rita = client_for(manager), client_for(reviewer)
    mona.get(url), rita.get(url)
    few = {"version": "0", "confirm_sparse": "on"}
    mona.post(url, {f"statement_{statement.pk}": "True", "usefulness": "5", **few})
    response = rita.post(url, {f"statement_{statement.pk}": "False", "usefulness": "1", **few})
    assert "Someone else saved this survey" in response.content.decode()
    follow_up = FollowUpSurvey.objects.get(participant=participant)
    assert (follow_up.usefulness, follow_up.entered_by) == (5, manager)
    assert follow_up.answers.get(statement=statement).agrees is True


def test_the_same_person_saving_twice_in_a_row_is_no_conflict(client_for, manager, participant):
    url = reverse("participants:diagnostic", args=[participant.pk])
    client = client_for(manager)
    first = client.post(url, {"psychosis": "True", "version": version_on(client.get(url))})
    assert first.status_code == 302
    second = client.post(url, {"psychosis": "False", "version": version_on(client.get(url))})
    assert second.status_code == 302
