import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from centers.demo import demo_quarters
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


def test_the_demo_has_outcomes_for_the_eight_quarters_before_the_day_it_is_loaded():
    call_command("load_demo", today=datetime.date(2026, 12, 2))
    expected = ["2024 Q4", *(f"2025 Q{q}" for q in (1, 2, 3, 4)), "2026 Q1", "2026 Q2", "2026 Q3"]
    for center in Center.objects.all():
        periods = [o.period for o in center.outcomes.order_by("year", "quarter")]
        assert periods == expected


def test_the_demo_centers_started_ips_about_two_and_a_half_years_before_it_is_loaded():
    call_command("load_demo", today=datetime.date(2026, 12, 2))
    started = dict(Center.objects.values_list("code", "ips_started_on"))
    assert started["C1"] == datetime.date(2024, 6, 1)
    assert started["C6"] == datetime.date(2024, 8, 1)


def test_loading_the_demo_again_a_quarter_later_adds_no_outcomes(capsys):
    call_command("load_demo", today=datetime.date(2026, 12, 2))
    call_command("load_demo", today=datetime.date(2027, 3, 2))
    assert "Employment outcomes: 0 quarters added." in capsys.readouterr().out
    assert EmploymentOutcome.objects.count() == 48


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
    for year, quarter in demo_quarters(timezone.localdate()):
        rates = employment_rates(Center.objects.all(), first=(year, quarter), last=(year, quarter))
        assert len(rates) == 6
        assert groups_by_median_rate(centers_with(rates)).upper == ("C3", "C5", "C6")
