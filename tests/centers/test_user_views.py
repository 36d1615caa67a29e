import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from centers.roles import Role, user_role

pytestmark = pytest.mark.django_db
User = get_user_model()


def user_data(**fields):
    data = {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "Nilsen",
        "email": "nina@example.org",
        "is_active": "on",
        "role": Role.MANAGER,
        "password": "correct-horse-battery-2026",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("role", ["manager", "reviewer", "outsider"])
def test_only_admins_manage_users(request, client_for, role, admin):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("user_list")).status_code == 403
    assert client.get(reverse("user_create")).status_code == 403
    assert client.post(reverse("user_create"), user_data()).status_code == 403
    assert client.post(reverse("user_edit", args=[admin.pk]), user_data()).status_code == 403
    assert not User.objects.filter(username="nina").exists()


def test_a_password_shorter_than_twelve_characters_is_refused(client_for, admin):
    response = client_for(admin).post(reverse("user_create"), user_data(password="Kx9!vq2#Lm4"))
    assert response.status_code == 200
    assert "at least 12 characters" in str(response.context["form"].errors["password"])
    assert not User.objects.filter(username="nina").exists()


def test_a_common_password_of_twelve_characters_is_still_refused(client_for, admin):
    response = client_for(admin).post(reverse("user_create"), user_data(password="password1234"))
    assert "too common" in str(response.context["form"].errors["password"])


def test_a_password_like_the_username_is_still_refused(client_for, admin):
    response = client_for(admin).post(
        reverse("user_create"), user_data(username="nina.berg.olsen", password="nina.berg.olsen1")
    )
    assert "too similar" in str(response.context["form"].errors["password"])


def test_admin_creates_a_manager_assigned_to_a_center(client_for, admin, center):
    response = client_for(admin).post(reverse("user_create"), user_data(centers=[center.pk]))
    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert user_role(nina) == Role.MANAGER
    assert list(nina.centers.all()) == [center]
    assert nina.check_password("correct-horse-battery-2026")
    assert not nina.is_staff


def test_a_weak_password_is_refused(client_for, admin):
    response = client_for(admin).post(reverse("user_create"), user_data(password="12345678"))
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="nina").exists()


def test_changing_a_role_replaces_the_old_one(client_for, admin, manager):
    client_for(admin).post(
        reverse("user_edit", args=[manager.pk]),
        user_data(username=manager.username, role=Role.REVIEWER, password=""),
    )
    manager = User.objects.get(pk=manager.pk)
    assert user_role(manager) == Role.REVIEWER
    assert manager.groups.count() == 1


def test_admins_cannot_demote_or_deactivate_themselves(client_for, admin):
    client = client_for(admin)
    response = client.post(
        reverse("user_edit", args=[admin.pk]),
        user_data(username=admin.username, role=Role.REVIEWER, password=""),
    )
    assert "You cannot remove your own admin role." in response.content.decode()
    data = user_data(username=admin.username, role=Role.ADMIN, password="")
    del data["is_active"]
    response = client.post(reverse("user_edit", args=[admin.pk]), data)
    assert "You cannot deactivate your own account." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert user_role(User.objects.get(pk=admin.pk)) == Role.ADMIN


def test_the_user_list_filters_by_role(client_for, admin, manager, reviewer):
    response = client_for(admin).get(reverse("user_list"), {"role": Role.REVIEWER})
    assert list(response.context["page"]) == [reviewer]
    response = client_for(admin).get(reverse("user_list"), {"role": "nonsense"})
    assert response.status_code == 200
