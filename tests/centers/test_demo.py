import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centers.models import Center
from centers.roles import Role, user_role

pytestmark = pytest.mark.django_db
DEMO_USERS = {"admin", "manager", "reviewer1", "reviewer2"}


def test_demo_users_do_not_exist_without_load_demo():
    assert not get_user_model().objects.filter(username__in=DEMO_USERS).exists()


def test_load_demo_creates_centers_and_users_who_can_log_in(capsys):
    call_command("load_demo")
    assert Center.objects.count() == 6
    for user in get_user_model().objects.filter(username__in=DEMO_USERS):
        assert user.check_password("ips-demo-2026")
    assert user_role(get_user_model().objects.get(username="manager")) == Role.MANAGER
    assert "ips-demo-2026" in capsys.readouterr().out


def test_load_demo_can_run_again_without_changes():
    call_command("load_demo")
    counts = (Center.objects.count(), get_user_model().objects.count())
    call_command("load_demo")
    assert (Center.objects.count(), get_user_model().objects.count()) == counts
