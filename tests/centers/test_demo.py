import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centers.demo import DEMO_QUARTERS
from centers.models import Center, EmploymentOutcome
from centers.roles import Role, user_role
from centers.selectors import employment_rates
from reviews.comparison import CenterData, groups_by_median_rate, groups_by_top_k

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


def test_load_demo_can_run_again_without_changes(capsys):
    call_command("load_demo")
    assert "Employment outcomes: 48 quarters added." in capsys.readouterr().out

    def snapshot():
        return (
            Center.objects.count(),
            get_user_model().objects.count(),
            sorted(
                EmploymentOutcome.objects.values_list(
                    "center__code", "year", "quarter", "served", "working"
                )
            ),
        )

    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert "Employment outcomes: 0 quarters added." in capsys.readouterr().out


def test_the_demo_has_eight_quarters_of_outcomes_for_each_demo_center():
    call_command("load_demo")
    for center in Center.objects.all():
        periods = [o.period for o in center.outcomes.order_by("year", "quarter")]
        assert periods == [f"{y} Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]


def test_in_the_demo_centers_3_5_and_6_have_the_higher_employment_rates():
    call_command("load_demo")
    codes = dict(Center.objects.values_list("pk", "code"))

    def centers_with(rates: dict) -> list[CenterData]:
        return [
            CenterData(key=codes[pk], label=codes[pk], scores={}, employment_rate=rate)
            for pk, rate in sorted(rates.items(), key=lambda item: codes[item[0]])
        ]

    all_quarters = centers_with(employment_rates(Center.objects.all()))
    assert groups_by_median_rate(all_quarters).upper == ("C3", "C5", "C6")
    assert groups_by_top_k(all_quarters, 3).upper == ("C3", "C5", "C6")
    # Quarter by quarter too, so any chosen period gives the same two groups.
    for year, quarter in DEMO_QUARTERS:
        rates = employment_rates(Center.objects.all(), first=(year, quarter), last=(year, quarter))
        assert len(rates) == 6
        assert groups_by_median_rate(centers_with(rates)).upper == ("C3", "C5", "C6")
