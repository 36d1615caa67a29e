import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from centers.demo import DEMO_USERS
from centers.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory, authenticator_code, authenticator_for
from tests.ipsweb.test_settings import ROOT, run_manage

pytestmark = pytest.mark.django_db


def password_login(user, **extra) -> tuple[Client, object]:
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD, **extra}
    )
    return client, response


def give_code(client, code, next_url="/centers/"):
    return client.post(reverse("two_factor_verify"), {"code": code, "next": next_url})


def pending_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return str(totp(device.bin_key, device.step, device.t0, device.digits)).zfill(6)


def test_an_admin_gives_the_code_after_the_password_before_any_page_opens(admin):
    authenticator_for(admin)
    client, response = password_login(admin, next="/centers/")
    assert response.url == "/centers/"
    blocked = client.get("/centers/")
    assert blocked.url.startswith(reverse("two_factor_verify"))
    assert client.get(blocked.url).status_code == 200
    done = give_code(client, authenticator_code(admin), next_url="/centers/")
    assert done.url == "/centers/"
    assert client.get("/centers/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(admin):
    authenticator_for(admin)
    client, _ = password_login(admin)
    response = give_code(client, "000000" if authenticator_code(admin) != "000000" else "111111")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/centers/").status_code == 302


def test_right_after_a_wrong_code_even_the_right_one_must_wait(admin):
    authenticator_for(admin)
    client, _ = password_login(admin)
    give_code(client, "12345x")  # not six digits: checked as a recovery code, none set up
    right = authenticator_code(admin)
    give_code(client, "000000" if right != "000000" else "111111")
    response = give_code(client, right)
    assert "Too many wrong codes: wait" in response.content.decode()
    assert client.get("/centers/").status_code == 302


def test_an_admin_without_an_authenticator_sets_one_up_after_the_password(admin):
    client, _ = password_login(admin)
    verify = client.get("/centers/", follow=True)
    assert verify.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    page = verify.content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = verify.context["secret"].replace(" ", "")
    assert len(secret) == 32 and secret in page.replace(" ", "")

    codes_page = client.post(
        reverse("two_factor_setup"), {"code": pending_code(admin), "next": "/centers/"}, follow=True
    )
    codes = codes_page.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert client.get(reverse("two_factor_recovery_codes")).status_code == 302  # shown once
    assert client.get("/centers/").status_code == 200
    assert TOTPDevice.objects.get(user=admin).confirmed


def test_a_wrong_code_at_set_up_confirms_nothing(admin):
    client, _ = password_login(admin)
    client.get(reverse("two_factor_setup"))
    right = pending_code(admin)
    response = client.post(
        reverse("two_factor_setup"), {"code": "000000" if right != "000000" else "111111"}
    )
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get("/centers/").status_code == 302


def test_a_recovery_code_logs_in_once(admin):
    authenticator_for(admin)
    code = services.recovery_codes_renew(user=admin)[0]
    client, _ = password_login(admin)
    assert give_code(client, code.upper()).url == "/centers/"
    assert client.get("/centers/").status_code == 200

    again, _ = password_login(admin)
    response = give_code(again, code)
    assert "That code is not right" in response.content.decode()
    assert StaticToken.objects.filter(device__user=admin).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client_for, admin):
    old = services.recovery_codes_renew(user=admin)
    client = client_for(admin)
    page = client.post(reverse("two_factor_recovery_codes"), follow=True)
    new = page.context["codes"]
    assert not set(old) & set(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_a_role_listed_in_the_setting_is_sent_to_set_up(manager, settings):
    settings.TWO_FACTOR_ROLES = ["manager"]
    client, _ = password_login(manager)
    response = client.get(reverse("dashboards:portfolio"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))


def test_a_role_not_listed_is_not_asked(reviewer, settings):
    settings.TWO_FACTOR_ROLES = ["manager"]
    client, _ = password_login(reviewer)
    assert client.get(reverse("centers:list")).status_code == 200


def test_someone_who_set_it_up_by_choice_is_asked_too(reviewer):
    authenticator_for(reviewer)
    client, _ = password_login(reviewer)
    assert client.get(reverse("centers:list")).url.startswith(reverse("two_factor_verify"))


def test_a_user_in_the_exempt_list_is_not_asked(admin, settings):
    settings.TWO_FACTOR_EXEMPT_USERS = [admin.username]
    client, _ = password_login(admin)
    assert client.get(reverse("centers:list")).status_code == 200


def test_the_password_alone_cannot_replace_the_authenticator(admin):
    authenticator_for(admin)
    client, _ = password_login(admin)
    response = client.get(reverse("two_factor_setup"))
    assert response.url.startswith(reverse("two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=admin, confirmed=False).exists()


def test_an_admin_resets_two_factor_for_a_user_who_lost_their_phone(client_for, admin):
    other = UserFactory(role=Role.ADMIN)
    authenticator_for(other)
    services.recovery_codes_renew(user=other)
    response = client_for(admin).post(
        reverse("user_two_factor_reset", args=[other.pk]), follow=True
    )
    assert "was reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=other).exists()
    assert not StaticToken.objects.filter(device__user=other).exists()
    client, _ = password_login(other)
    landing = client.get(reverse("centers:list"), follow=True)
    assert landing.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))


def test_a_verified_session_ends_when_its_authenticator_is_reset(client_for, admin):
    client = client_for(admin)
    other_admin = UserFactory(role=Role.ADMIN)
    client_for(other_admin).post(reverse("user_two_factor_reset", args=[admin.pk]))
    assert client.get(reverse("centers:list")).status_code == 302


def test_only_admins_reset_two_factor(client_for, manager, admin):
    authenticator_for(admin)
    response = client_for(manager).post(reverse("user_two_factor_reset", args=[admin.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_a_user_who_chose_it_may_turn_it_off_but_an_admin_may_not(client_for, reviewer, admin):
    authenticator_for(reviewer)
    client = client_for(reviewer)
    client.post(reverse("two_factor_turn_off"))
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert client.get(reverse("centers:list")).status_code == 200
    response = client_for(admin).post(reverse("two_factor_turn_off"), follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_a_next_address_elsewhere_is_not_followed(admin):
    authenticator_for(admin)
    client, _ = password_login(admin)
    response = give_code(client, authenticator_code(admin), next_url="https://evil.example/")
    assert response.url == "/"


def test_the_qr_code_needs_no_inline_script_or_style(client_for, reviewer):
    response = client_for(reviewer).get(reverse("two_factor_setup"))
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page
    assert "img-src 'self' data:" in response["Content-Security-Policy"]


def test_exempt_users_are_refused_outside_development():
    result = run_manage("check", TWO_FACTOR_EXEMPT_USERS="admin", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "TWO_FACTOR_EXEMPT_USERS is for development only" in result.stderr


def test_an_unknown_role_in_the_setting_stops_the_start():
    result = run_manage("check", DEBUG="1", TWO_FACTOR_ROLES="manager,boss")
    assert result.returncode != 0
    assert (
        "TWO_FACTOR_ROLES may list admin, manager, reviewer and researcher; got boss"
        in result.stderr
    )


def test_make_run_lets_exactly_the_demo_users_skip_the_second_factor():
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"TWO_FACTOR_EXEMPT_USERS=(\S+)", makefile).group(1).split(",")
    assert sorted(listed) == sorted(user[0] for user in DEMO_USERS)
