import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centers.models import EmploymentOutcome, OutcomeBenchmark
from tests.factories import EmploymentOutcomeFactory, OutcomeBenchmarkFactory

pytestmark = pytest.mark.django_db


def test_the_employment_rate_is_working_over_served():
    assert EmploymentOutcomeFactory(served=40, working=14).employment_rate == 0.35


def test_the_employment_rate_is_unknown_when_nobody_was_served():
    assert EmploymentOutcomeFactory(served=0, working=0).employment_rate is None


def test_an_outcome_names_its_quarter(center):
    outcome = EmploymentOutcomeFactory(center=center, year=2025, quarter=3)
    assert outcome.period == "2025 Q3"
    assert str(outcome) == "NV 2025 Q3"
    assert outcome.period_start.isoformat() == "2025-07-01"


def test_the_database_refuses_more_working_than_served(center):
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentOutcome.objects.create(center=center, year=2025, quarter=1, served=10, working=11)


def test_the_database_refuses_negative_working(center):
    outcome = EmploymentOutcomeFactory(center=center)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentOutcome.objects.filter(pk=outcome.pk).update(working=-1)


def test_the_database_refuses_a_fifth_quarter(center):
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentOutcome.objects.create(center=center, year=2025, quarter=5, served=1, working=0)


def test_the_database_keeps_one_outcome_per_center_and_quarter(center, other_center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1)
    EmploymentOutcomeFactory(center=other_center, year=2025, quarter=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentOutcomeFactory(center=center, year=2025, quarter=1)


def test_validation_explains_a_duplicate_quarter_and_too_many_working(center):
    EmploymentOutcomeFactory(center=center, year=2025, quarter=1)
    duplicate = EmploymentOutcome(center=center, year=2025, quarter=1, served=5, working=6)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    messages = " ".join(error.value.messages)
    assert "already has employment outcomes for that quarter" in messages
    assert "cannot be more than participants served" in messages


def test_the_default_benchmarks_are_31_41_and_50_percent():
    benchmarks = OutcomeBenchmark.objects.filter(is_active=True).order_by("order")
    assert [(b.label, int(b.rate_percent)) for b in benchmarks] == [
        ("Minimal", 31),
        ("Average", 41),
        ("Excellent", 50),
    ]
    assert str(benchmarks[1]) == "Average (41 %)"
    assert benchmarks[1].rate == 0.41


def test_the_database_refuses_a_benchmark_above_100_percent():
    with pytest.raises(IntegrityError), transaction.atomic():
        OutcomeBenchmarkFactory(rate_percent=120)


def test_admins_may_enter_outcomes_and_managers_and_reviewers_only_read_them():
    def codenames(name):
        return set(
            Group.objects.get(name=name)
            .permissions.filter(codename__contains="outcome")
            .values_list("codename", flat=True)
        )

    assert {
        "add_employmentoutcome",
        "change_employmentoutcome",
        "view_employmentoutcome",
        "add_outcomebenchmark",
        "change_outcomebenchmark",
    } <= codenames("admin")
    readers = {"view_employmentoutcome", "view_outcomebenchmark"}
    assert codenames("program manager") == readers
    assert codenames("reviewer") == readers
