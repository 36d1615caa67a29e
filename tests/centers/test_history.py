import pytest
from django.urls import reverse

from centers.roles import Role

pytestmark = pytest.mark.django_db


def test_a_center_change_is_recorded_with_who_and_the_old_and_new_values(client_for, admin, center):
    client = client_for(admin)
    client.post(
        reverse("centers:edit", args=[center.pk]),
        {"name": "Nordvik IPS team", "code": "NV", "region": "West"},
    )
    record = center.history.order_by("-history_date").first()
    assert record.history_user == admin
    assert record.name == "Nordvik IPS team"
    page = client.get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "Nordvik IPS team" in page
    assert "<del>Nordvik IPS</del>" in page


def test_assigning_users_is_recorded_on_the_center(client_for, admin, manager, outsider, center):
    client_for(admin).post(
        reverse("centers:members", args=[center.pk]), {"members": [manager.pk, outsider.pk]}
    )
    latest = center.history.order_by("-history_date").first()
    assert {m.user_id for m in latest.members.all()} == {manager.pk, outsider.pk}
    page = client_for(admin).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert (
        f"<del>{manager.username}</del> → <ins>{manager.username}, {outsider.username}</ins>"
        in page
    )


def test_a_role_change_is_recorded_on_the_user(client_for, admin, manager):
    client_for(admin).post(
        reverse("user_edit", args=[manager.pk]),
        {
            "username": manager.username,
            "email": manager.email,
            "is_active": "on",
            "role": Role.REVIEWER,
        },
    )
    latest = manager.history.order_by("-history_date").first()
    assert latest.history_user == admin
    assert [g.group.name for g in latest.groups.all()] == [Role.REVIEWER]


def test_the_history_is_shown_to_admins_only(client_for, admin, manager, center):
    assert (
        "History"
        in client_for(admin).get(reverse("centers:detail", args=[center.pk])).content.decode()
    )
    page = client_for(manager).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "History" not in page
