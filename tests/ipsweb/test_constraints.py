"""Check constraints evaluated in memory agree with the database's own verdict."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F, Q

from ipsweb.constraints import evaluate, fields_of, validate_constraints_in_memory
from participants.models import BaselineSurvey, Participant

pytestmark = pytest.mark.django_db


def verdicts(instance, check) -> set[str]:
    try:
        check(instance)
    except ValidationError as error:
        return {message for messages in error.message_dict.values() for message in messages}
    return set()


BASELINES = [
    {},
    {"age": 30, "years_employed": 31},
    {"age": 30, "years_employed": 30, "years_with_complaints": 29},
    {"age": None, "years_employed": 70},
    {"age": 15},
    {"age": 100, "eq_vas": 101, "whodas_total": 49},
    {"gender": "robot"},
    {"gender": None, "age": 16, "years_with_complaints": 17},
]


@pytest.mark.parametrize("values", BASELINES)
def test_baseline_constraints_give_the_databases_verdict(values):
    survey = BaselineSurvey(**values)
    in_memory = verdicts(
        survey, lambda s: validate_constraints_in_memory(s, exclude={"participant"})
    )
    in_database = verdicts(survey, lambda s: s.validate_constraints(exclude={"participant"}))
    assert in_memory == in_database


PARTICIPANTS = [
    {"included_on": datetime.date(2025, 1, 1), "consent_on": datetime.date(2025, 1, 2)},
    {"included_on": datetime.date(2025, 1, 1), "consent_on": datetime.date(2024, 12, 1)},
    {"included_on": datetime.date(1999, 1, 1), "consent_on": datetime.date(1999, 1, 1)},
    {
        "included_on": datetime.date(2025, 1, 1),
        "consent_on": datetime.date(2025, 1, 1),
        "status": "withdrawn",
        "withdrawn_on": None,
    },
    {
        "included_on": datetime.date(2025, 3, 1),
        "consent_on": datetime.date(2025, 1, 1),
        "status": "withdrawn",
        "withdrawn_on": datetime.date(2025, 2, 1),
    },
    {"arm": "placebo", "status": "lost"},
]


@pytest.mark.parametrize("values", PARTICIPANTS)
def test_participant_constraints_give_the_databases_verdict(values):
    participant = Participant(**{"arm": "ips", **values})
    exclude = {"study_code", "center", "consent_recorded_by"}
    in_memory = verdicts(participant, lambda p: validate_constraints_in_memory(p, exclude=exclude))
    in_database = verdicts(participant, lambda p: p.validate_constraints(exclude=exclude))
    assert in_memory == in_database


def test_a_comparison_with_null_is_unknown_as_in_sql():
    name = "baseline_years_employed_within_age"
    constraint = next(c for c in BaselineSurvey._meta.constraints if c.name == name)
    assert fields_of(constraint.condition) == ["years_employed", "age"]
    assert evaluate(BaselineSurvey(years_employed=5), Q(years_employed__lte=F("age"))) is None
    assert evaluate(BaselineSurvey(years_employed=5), ~Q(years_employed__lte=F("age"))) is None
    # The constraint allows a missing age explicitly, so it holds.
    assert evaluate(BaselineSurvey(years_employed=5), constraint.condition) is True
    assert evaluate(BaselineSurvey(years_employed=5, age=4), constraint.condition) is False
