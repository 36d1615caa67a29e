"""Every read of participant data is logged: who, when, what, which participant or center, which
page; admins read the log, and entries older than the retention are purged."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from participants.models import ReadLog
from tests.factories import DiagnosticFactory, ParticipantFactory, UserFactory
from tests.participants.test_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(center, manager):
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    DiagnosticFactory(participant=participant, psychosis=True)
    return participant


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("detail", ReadLog.Kind.PARTICIPANT),
        ("edit", ReadLog.Kind.PARTICIPANT),
        ("withdraw", ReadLog.Kind.PARTICIPANT),
        ("link_create", ReadLog.Kind.PARTICIPANT),
        ("baseline", ReadLog.Kind.BASELINE),
        ("diagnostic", ReadLog.Kind.DIAGNOSTIC),
        ("follow_up", ReadLog.Kind.FOLLOW_UP),
    ],
)
def test_opening_a_participant_page_logs_who_read_what_and_where(
    client_for, manager, participant, name, kind
):
    url = reverse(f"participants:{name}", args=[participant.pk])
    assert client_for(manager).get(url).status_code == 200
    entry = ReadLog.objects.get()
    assert (entry.user, entry.kind, entry.participant, entry.center, entry.path) == (
        manager,
        kind,
        participant,
        participant.center,
        url,
    )
    assert timezone.now() - entry.read_at < datetime.timedelta(minutes=1)


def test_list_pages_log_the_filter_and_the_center(client_for, manager, participant, center):
    client = client_for(manager)
    client.get(reverse("participants:list") + f"?center={center.pk}&q=P-")
    client.get(reverse("participants:follow_ups_due"))
    entries = list(ReadLog.objects.order_by("pk").values_list("kind", "center", "path"))
    assert entries == [
        (ReadLog.Kind.LIST, center.pk, f"/participants/?center={center.pk}&q=P-"),
        (ReadLog.Kind.LIST, None, "/participants/follow-ups/"),
    ]


def test_a_participant_level_export_is_logged_as_a_read(client_for, admin, participant):
    client_for(admin).post(reverse("participants:exports"), {"format": "csv"})
    assert list(ReadLog.objects.values_list("user", "kind")) == [(admin.pk, ReadLog.Kind.EXPORT)]


def test_a_page_refused_to_the_user_logs_no_read(client_for, outsider, participant):
    url = reverse("participants:diagnostic", args=[participant.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert not ReadLog.objects.exists()


def test_admins_read_the_log_filtered_by_reader_center_and_day(
    client_for, admin, manager, participant, other_center
):
    client_for(manager).get(reverse("participants:detail", args=[participant.pk]))
    someone = UserFactory(username="zed", centers=[other_center])
    old = ReadLog.objects.create(
        user=someone,
        kind=ReadLog.Kind.LIST,
        center=other_center,
        path="/participants/",
        read_at=timezone.now() - datetime.timedelta(days=40),
    )
    url = reverse("participants:read_log")
    page = client_for(admin).get(url).content.decode()
    assert participant.study_code in page and "zed" in page and "2 reads" in page

    by_user = client_for(admin).get(url, {"user": manager.pk})
    assert [entry.user for entry in by_user.context["page"]] == [manager]
    by_center = client_for(admin).get(url, {"center": other_center.pk})
    assert list(by_center.context["page"]) == [old]
    day = old.read_at.astimezone(timezone.get_current_timezone()).date().isoformat()
    by_day = client_for(admin).get(url, {"read_from": day, "read_to": day})
    assert list(by_day.context["page"]) == [old]


def test_the_read_log_is_paginated_and_bad_filters_are_explained(client_for, admin, manager):
    ReadLog.objects.bulk_create(
        ReadLog(user=manager, kind=ReadLog.Kind.LIST, path="/participants/") for _ in range(105)
    )
    url = reverse("participants:read_log")
    assert len(client_for(admin).get(url).context["page"]) == 100
    assert len(client_for(admin).get(url, {"page": "2"}).context["page"]) == 5
    response = client_for(admin).get(
        url, {"user": "x\x00", "read_from": "2026-05-01", "read_to": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()


def test_only_admins_may_read_the_log(client_for, manager):
    assert client_for(manager).get(reverse("participants:read_log")).status_code == 403


def test_purge_read_log_deletes_entries_older_than_the_retention(settings, manager):
    settings.HEALTH_READ_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (31, 29, 0):
        ReadLog.objects.create(
            user=manager,
            kind=ReadLog.Kind.LIST,
            path="/participants/",
            read_at=now - datetime.timedelta(days=days),
        )
    call_command("purge_read_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kept = sorted((now - entry.read_at).days for entry in ReadLog.objects.all())
    assert kept == [0, 29]


def test_the_retention_comes_from_the_environment_with_a_year_by_default():
    show = "from django.conf import settings; print(settings.HEALTH_READ_LOG_RETENTION_DAYS)"
    assert run_manage("shell", "-c", show, DEBUG="1").stdout.split()[-1] == "365"
    set_ = run_manage("shell", "-c", show, DEBUG="1", HEALTH_READ_LOG_RETENTION_DAYS="90")
    assert set_.stdout.split()[-1] == "90"
    bad = run_manage("check", DEBUG="1", HEALTH_READ_LOG_RETENTION_DAYS="0")
    assert "HEALTH_READ_LOG_RETENTION_DAYS must be at least 1" in bad.stderr
