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


def post_password(client, user, password, **fields):
    data = user_data(username=user.username, role=Role.MANAGER, password=password, **fields)
    return client.post(reverse("user_edit", args=[user.pk]), data)


def test_a_password_shorter_than_twelve_characters_is_refused(client_for, admin, manager):
    response = post_password(client_for(admin), manager, "Kx9!vq2#Lm4")
    assert response.status_code == 200
    assert "at least 12 characters" in str(response.context["form"].errors["password"])


def test_a_common_password_of_twelve_characters_is_still_refused(client_for, admin, manager):
    response = post_password(client_for(admin), manager, "password1234")
    assert "too common" in str(response.context["form"].errors["password"])


def test_a_password_like_the_username_is_still_refused(client_for, admin, manager):
    response = post_password(client_for(admin), manager, f"{manager.username}1", last_name="")
    assert "too similar" in str(response.context["form"].errors["password"])


def test_admin_creates_a_manager_assigned_to_a_center(client_for, admin, center):
    response = client_for(admin).post(reverse("user_create"), user_data(centers=[center.pk]))
    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert user_role(nina) == Role.MANAGER
    assert list(nina.centers.all()) == [center]
    assert not nina.has_usable_password()
    assert not nina.is_staff


def test_a_weak_password_is_refused(client_for, admin, manager):
    response = post_password(client_for(admin), manager, "12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["password"]


def test_the_new_user_form_has_no_role_chosen(client_for, admin):
    response = client_for(admin).get(reverse("user_create"))
    html = response.content.decode()
    assert '<option value="" selected>Choose a role…</option>' in html
    assert 'value="admin" selected' not in html


def test_a_new_user_without_a_chosen_role_is_refused(client_for, admin):
    response = client_for(admin).post(reverse("user_create"), user_data(role=""))
    assert response.status_code == 200
    assert "This field is required." in str(response.context["form"].errors["role"])
    assert not User.objects.filter(username="nina").exists()


def test_the_new_user_form_asks_for_no_password(client_for, admin):
    response = client_for(admin).get(reverse("user_create"))
    assert 'name="password"' not in response.content.decode()


def test_a_new_user_is_invited_by_mail_to_choose_a_password(
    client, client_for, admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(reverse("user_create"), user_data(), follow=True)
    assert "invited by mail to nina@example.org" in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == ["nina@example.org"]
    assert "Your username is nina." in mail.body
    link = next(line for line in mail.body.splitlines() if "/accounts/reset/" in line)
    # The link opens the set-password form; the password chosen there logs nina in.
    form_page = client.get(link, follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-password-of-her-own-26", "new_password2": "a-password-of-her-own-26"},
    )
    assert User.objects.get(username="nina").check_password("a-password-of-her-own-26")


def test_with_console_mail_the_admin_sees_the_invitation_link(client_for, admin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client_for(admin).post(reverse("user_create"), user_data(), follow=True)
    assert "the link: http://testserver/accounts/reset/" in response.content.decode()


def test_with_real_mail_the_admin_does_not_see_the_link(client_for, admin):
    response = client_for(admin).post(reverse("user_create"), user_data(), follow=True)
    assert "/accounts/reset/" not in response.content.decode()


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
