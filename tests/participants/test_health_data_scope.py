"""Participant data follows membership of a center or an admin's explicit grant, never a review
assignment: an external fidelity reviewer sees the review, not the center's patients."""

import datetime

import pytest
from django.urls import reverse

from centers.models import HealthDataGrant
from centers.roles import Role
from participants import selectors
from participants.models import DiagnosticScreen
from tests.factories import DiagnosticFactory, ParticipantFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(center, other_center, reviewer):
    """``reviewer`` is a member of ``center`` and assigned to a review of ``other_center``."""
    return ReviewFactory(center=other_center, reviewers=[reviewer])


@pytest.fixture
def theirs(other_center, reviewed):
    participant = ParticipantFactory(center=other_center, study_code="P-THEI-RS00")
    DiagnosticFactory(participant=participant, psychosis=True)
    return participant


@pytest.fixture
def ours(center):
    return ParticipantFactory(center=center, study_code="P-OURS-0000")


def test_an_assigned_reviewer_does_not_find_a_participant_of_the_reviewed_center(
    client_for, reviewer, theirs
):
    client = client_for(reviewer)
    for name in ("detail", "diagnostic", "baseline", "follow_up", "edit", "link_create"):
        response = client.get(reverse(f"participants:{name}", args=[theirs.pk]))
        assert response.status_code == 404, name


def test_an_assigned_reviewer_lists_only_the_participants_of_their_own_centers(
    client_for, reviewer, theirs, ours
):
    page = client_for(reviewer).get(reverse("participants:list")).content.decode()
    assert ours.study_code in page
    assert theirs.study_code not in page
    assert theirs.center.name not in page  # nor offered as a filter


def test_an_assigned_reviewer_cannot_change_a_diagnostic_screen_of_the_reviewed_center(
    client_for, reviewer, theirs
):
    response = client_for(reviewer).post(
        reverse("participants:diagnostic", args=[theirs.pk]), {"psychosis": "False"}
    )
    assert response.status_code == 404
    assert DiagnosticScreen.objects.get(participant=theirs).psychosis is True


def test_an_assigned_reviewer_filtering_by_the_reviewed_center_is_not_found(
    client_for, reviewer, theirs
):
    for name in ("list", "follow_ups_due"):
        url = reverse(f"participants:{name}") + f"?center={theirs.center_id}"
        assert client_for(reviewer).get(url).status_code == 404, name


def test_an_assigned_reviewer_still_sees_the_center_and_the_review(
    client_for, reviewer, reviewed, other_center
):
    client = client_for(reviewer)
    assert client.get(reverse("centers:detail", args=[other_center.pk])).status_code == 200
    assert client.get(reverse("reviews:detail", args=[reviewed.pk])).status_code == 200


def test_dashboards_exports_and_due_follow_ups_leave_out_the_reviewed_center(
    reviewer, theirs, ours
):
    # The survey dashboard, participant-level exports and the due list all read this scope.
    assert list(selectors.participants_for_user(reviewer)) == [ours]
    due = selectors.due_follow_ups(reviewer, today=datetime.date(2025, 7, 20))
    assert [row.participant for row in due] == [ours]


def test_an_admin_grant_opens_a_centers_participants_and_removing_it_closes_them(
    client_for, admin, other_center, theirs
):
    analyst = UserFactory(role=Role.MANAGER)
    url = reverse("participants:detail", args=[theirs.pk])
    assert client_for(analyst).get(url).status_code == 404
    form = {
        "username": analyst.username,
        "email": analyst.email,
        "is_active": "on",
        "role": Role.MANAGER,
        "health_data_centers": [other_center.pk],
    }
    client_for(admin).post(reverse("user_edit", args=[analyst.pk]), form)
    grant = HealthDataGrant.objects.get(user=analyst)
    assert (grant.center, grant.granted_by) == (other_center, admin)
    assert client_for(analyst).get(url).status_code == 200

    client_for(admin).post(
        reverse("user_edit", args=[analyst.pk]), {**form, "health_data_centers": []}
    )
    assert client_for(analyst).get(url).status_code == 404
    removed = HealthDataGrant.history.order_by("-history_date").first()
    assert (removed.history_type, removed.history_user) == ("-", admin)


def test_the_user_page_shows_which_centers_participant_data_a_user_was_granted(
    client_for, admin, other_center, reviewer
):
    HealthDataGrant.objects.create(user=reviewer, center=other_center, granted_by=admin)
    response = client_for(admin).get(reverse("user_edit", args=[reviewer.pk]))
    assert list(response.context["form"].initial["health_data_centers"]) == [other_center]
