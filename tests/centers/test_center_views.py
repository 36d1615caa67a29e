import pytest
from django.urls import reverse

from centers.models import Center

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client, center):
    for url in [
        reverse("centers:list"),
        reverse("centers:detail", args=[center.pk]),
        reverse("centers:create"),
        reverse("centers:edit", args=[center.pk]),
        reverse("user_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_admin_sees_every_center_including_inactive_on_request(
    client_for, admin, center, other_center
):
    other_center.is_active = False
    other_center.save()
    response = client_for(admin).get(reverse("centers:list"))
    assert list(response.context["page"]) == [center]
    response = client_for(admin).get(reverse("centers:list"), {"inactive": "1"})
    assert set(response.context["page"]) == {center, other_center}


def test_a_manager_lists_only_assigned_centers(client_for, manager, center, other_center):
    response = client_for(manager).get(reverse("centers:list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [center]
    assert other_center.name not in response.content.decode()


def test_a_manager_reads_an_assigned_center(client_for, manager, center):
    response = client_for(manager).get(reverse("centers:detail", args=[center.pk]))
    assert response.status_code == 200
    assert center.name in response.content.decode()


def test_a_manager_of_center_a_gets_404_for_center_b(client_for, manager, other_center):
    response = client_for(manager).get(reverse("centers:detail", args=[other_center.pk]))
    assert response.status_code == 404


def test_a_reviewer_reads_assigned_centers_but_not_others(
    client_for, reviewer, center, other_center
):
    client = client_for(reviewer)
    assert client.get(reverse("centers:detail", args=[center.pk])).status_code == 200
    assert client.get(reverse("centers:detail", args=[other_center.pk])).status_code == 404


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_managers_and_reviewers_cannot_create_or_change_centers(request, client_for, role, center):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("centers:create")).status_code == 403
    assert client.post(reverse("centers:create"), {"name": "X", "code": "X"}).status_code == 403
    assert client.get(reverse("centers:edit", args=[center.pk])).status_code == 403
    response = client.post(
        reverse("centers:edit", args=[center.pk]), {"name": "Renamed", "code": "NV"}
    )
    assert response.status_code == 403
    assert client.post(reverse("centers:toggle_active", args=[center.pk])).status_code == 403
    assert client.get(reverse("centers:members", args=[center.pk])).status_code == 403
    center.refresh_from_db()
    assert (center.name, center.is_active) == ("Nordvik IPS", True)
    assert not Center.objects.filter(code="X").exists()


def test_managers_do_not_see_the_buttons_for_changing_centers(client_for, manager, center):
    page = client_for(manager).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert reverse("centers:edit", args=[center.pk]) not in page
    page = client_for(manager).get(reverse("centers:list")).content.decode()
    assert reverse("centers:create") not in page


def test_admin_creates_a_center(client_for, admin):
    response = client_for(admin).post(
        reverse("centers:create"),
        {
            "name": "Elvedal IPS",
            "code": "ev-1",
            "region": "East",
            "municipality": "Elvedal",
            "ips_started_on": "2024-02-01",
            "employment_specialists": "4",
            "contact_name": "Eva",
            "contact_email": "eva@example.org",
        },
        follow=True,
    )
    center = Center.objects.get(code="EV-1")
    assert center.name == "Elvedal IPS"
    assert center.employment_specialists == 4
    assert response.redirect_chain[-1][0] == reverse("centers:detail", args=[center.pk])
    assert "was created" in response.content.decode()


def test_admin_edits_a_center(client_for, admin, center):
    response = client_for(admin).post(
        reverse("centers:edit", args=[center.pk]),
        {"name": "Nordvik IPS team", "code": "NV", "region": "West"},
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.name == "Nordvik IPS team"


def test_deactivating_keeps_the_center_and_hides_it_from_the_default_list(
    client_for, admin, center
):
    client = client_for(admin)
    client.post(reverse("centers:toggle_active", args=[center.pk]))
    center.refresh_from_db()
    assert center.is_active is False
    assert center not in client.get(reverse("centers:list")).context["page"]
    client.post(reverse("centers:toggle_active", args=[center.pk]))
    center.refresh_from_db()
    assert center.is_active is True


def test_deactivation_only_answers_post(client_for, admin, center):
    assert (
        client_for(admin).get(reverse("centers:toggle_active", args=[center.pk])).status_code == 405
    )


def test_centers_cannot_be_deleted_in_django_admin(client_for, admin, center):
    admin.is_superuser = True
    admin.save()
    response = client_for(admin).get(reverse("admin:centers_center_delete", args=[center.pk]))
    assert response.status_code == 403
    assert Center.objects.filter(pk=center.pk).exists()


def test_admin_assigns_users_to_a_center_and_they_then_see_it(client_for, admin, outsider, center):
    assert client_for(outsider).get(reverse("centers:detail", args=[center.pk])).status_code == 404
    client_for(admin).post(reverse("centers:members", args=[center.pk]), {"members": [outsider.pk]})
    assert client_for(outsider).get(reverse("centers:detail", args=[center.pk])).status_code == 200


def test_list_filters_by_name_and_region(client_for, admin, center, other_center):
    client = client_for(admin)
    assert list(client.get(reverse("centers:list"), {"q": "austby"}).context["page"]) == [
        other_center
    ]
    assert list(client.get(reverse("centers:list"), {"region": "West"}).context["page"]) == [center]
    response = client.get(reverse("centers:list"), {"q": "nothing like it"})
    assert "No center matches the filter." in response.content.decode()
