"""No copies of participant data are left behind: pages are never stored by browsers or proxies,
and self-completion pages keep the token from leaving them in a Referer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import ImportBatch
from participants.services import link_create
from tests.factories import DiagnosticFactory, ParticipantFactory
from tests.ipsweb.test_permission_matrix import url_names

pytestmark = pytest.mark.django_db

PARTICIPANT_PAGES = ["detail", "edit", "withdraw", "erase", "baseline", "diagnostic", "follow_up"]
PARTICIPANT_PAGES += ["link_create"]
LIST_PAGES = ["list", "create", "follow_ups_due", "dashboard", "exports", "read_log"]
LIST_PAGES += ["import", "import_log"]
# Follow-up statements are the survey's questions, not anyone's answers; the import's template is
# empty and discarding a checked file answers with a redirect.
WITHOUT_HEALTH_DATA = {"statements", "statement_create", "statement_edit"}
WITHOUT_HEALTH_DATA |= {"import_template", "import_discard"}


@pytest.fixture
def participant(center, admin):
    participant = ParticipantFactory(center=center, consent_recorded_by=admin)
    DiagnosticFactory(participant=participant, psychosis=True)
    return participant


def test_every_participant_url_is_checked_for_no_store():
    named = {name.split(":", 1)[1] for name in url_names() if name.startswith("participants:")}
    checked = {*PARTICIPANT_PAGES, *LIST_PAGES, "link_revoke", "import_preview"}
    assert named - WITHOUT_HEALTH_DATA <= checked


@pytest.fixture
def link_and_token(admin, participant):
    return link_create(
        actor=admin,
        participant=participant,
        expires_on=datetime.date.today() + datetime.timedelta(days=3),
    )


@pytest.mark.parametrize("name", PARTICIPANT_PAGES)
def test_participant_pages_are_never_stored(client_for, admin, participant, name):
    response = client_for(admin).get(reverse(f"participants:{name}", args=[participant.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_pages_listing_participants_are_never_stored(client_for, admin, participant, name):
    response = client_for(admin).get(reverse(f"participants:{name}"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_withdrawn_link_answer_and_an_export_are_never_stored(
    client_for, admin, participant, link_and_token
):
    link, _token = link_and_token
    revoked = client_for(admin).post(
        reverse("participants:link_revoke", args=[participant.pk, link.pk])
    )
    assert revoked.status_code == 302 and "no-store" in revoked["Cache-Control"]
    export = client_for(admin).post(reverse("participants:exports"), {"format": "csv"})
    assert "attachment" in export["Content-Disposition"]
    assert "no-store" in export["Cache-Control"]


def test_self_completion_pages_without_a_form_send_no_referrer(client, link_and_token):
    _link, token = link_and_token
    survey = client.get(reverse("self_completion", args=[token]))
    # The form needs its own origin for the CSRF check; other sites get nothing.
    assert survey["Referrer-Policy"] == "same-origin"
    assert "no-store" in survey["Cache-Control"]
    for response in (
        client.get(reverse("self_completion", args=["not-a-token"])),
        client.get(reverse("self_completion_thanks")),
    ):
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]


def test_the_preview_of_an_import_is_never_stored(client_for, admin):
    batch = ImportBatch.objects.create(
        owner=admin,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
        file_name="import.csv",
        fingerprint="-",
        plan={"rows": [], "changes": [], "counts": {"answers_changed": 0}, "notes": []},
        table={"header": [], "rows": []},
    )
    response = client_for(admin).get(reverse("participants:import_preview", args=[batch.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
