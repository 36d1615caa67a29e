"""Staff entering many follow-ups by hand: register and go straight to the follow-up, the center
and arm offered again, save and register the next, and the answered count before saving."""

import pytest
from django.urls import reverse

from participants.models import FollowUpSurvey, Participant, Statement

pytestmark = pytest.mark.django_db
CREATE = reverse("participants:create")


def register(client, center, arm="usual_care", **extra):
    data = {
        "center": center.pk,
        "arm": arm,
        "included_on": "2025-03-01",
        "consent_on": "2025-02-27",
        **extra,
    }
    return client.post(CREATE, data)


def all_answered() -> dict:
    statements = Statement.objects.filter(is_active=True)
    return {
        "version": "0",
        "facilitator_comment": "",
        "barrier_comment": "",
        **{f"statement_{s.pk}": "True" for s in statements},
        "usefulness": "4",
        "general_satisfaction": "4",
        "specialist_satisfaction": "5",
    }


def test_register_and_enter_the_follow_up_in_one_step(client_for, manager, center):
    client = client_for(manager)
    page = client.get(CREATE).content.decode()
    assert "Register and enter the follow-up" in page
    response = register(client, center, then="follow_up")
    participant = Participant.objects.get()
    assert response["Location"] == reverse("participants:follow_up", args=[participant.pk])


def test_the_center_and_arm_of_the_last_registration_are_offered_again(client_for, manager, center):
    client = client_for(manager)
    assert client.get(CREATE).context["form"]["arm"].value() in (None, "")
    register(client, center, arm="usual_care")
    form = client.get(CREATE).context["form"]
    assert (form["center"].value(), form["arm"].value()) == (center.pk, "usual_care")


def test_save_and_register_the_next_participant(client_for, manager, center):
    client = client_for(manager)
    register(client, center, arm="ips")
    participant = Participant.objects.get()
    url = reverse("participants:follow_up", args=[participant.pk])
    response = client.post(url, {**all_answered(), "then": "next"})
    assert response.status_code == 302
    assert response["Location"] == CREATE
    assert FollowUpSurvey.objects.filter(participant=participant).exists()
    # The next registration starts from the same center and arm.
    form = client.get(CREATE).context["form"]
    assert (form["center"].value(), form["arm"].value()) == (center.pk, "ips")


def test_the_follow_up_form_counts_the_answered_questions_before_saving(
    client_for, manager, center
):
    client = client_for(manager)
    register(client, center)
    participant = Participant.objects.get()
    url = reverse("participants:follow_up", args=[participant.pk])
    questions = Statement.objects.filter(is_active=True).count() + 3
    page = " ".join(client.get(url).content.decode().split())
    assert (
        f"Questions answered: <span data-answered>0</span> / "
        f"<span data-questions>{questions}</span>"
    ) in page
    assert "Save and register the next participant" in page
    # A refused form keeps the count of what was chosen.
    statement = Statement.objects.filter(is_active=True).order_by("pk").first()
    refused = client.post(url, {"version": "0", f"statement_{statement.pk}": "False"})
    assert refused.status_code == 200
    assert "<span data-answered>1</span>" in refused.content.decode()
