"""Every field's range and its explicit "not answered", in forms and in the database."""

import pytest
from django.db import IntegrityError, transaction

from participants.forms import BaselineForm, DiagnosticForm, FollowUpForm
from participants.models import (
    BASELINE_RANGES,
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
)
from tests.factories import BaselineFactory, FollowUpFactory, ParticipantFactory, StatementFactory

pytestmark = pytest.mark.django_db

EMPTY_BASELINE = {
    "age": "",
    "gender": "",
    "higher_education": "",
    "reading_writing_difficulties": "",
    "years_employed": "",
    "eq_vas": "",
    "whodas_total": "",
    "violence_experienced": "",
    "involuntary_commitment": "",
    "years_with_complaints": "",
}


def baseline_form(**values):
    participant = ParticipantFactory()
    return BaselineForm(
        {**EMPTY_BASELINE, **values}, instance=BaselineSurvey(participant=participant)
    )


def test_a_baseline_with_nothing_answered_is_valid_and_stores_every_answer_as_missing():
    form = baseline_form()
    assert form.is_valid(), form.errors
    baseline = form.save(commit=False)
    assert all(getattr(baseline, name) is None for name in EMPTY_BASELINE)


def test_zero_and_no_are_answers_distinct_from_not_answered():
    form = baseline_form(
        age="30", years_employed="0", eq_vas="0", whodas_total="0", higher_education="False"
    )
    assert form.is_valid(), form.errors
    baseline = form.save(commit=False)
    assert (baseline.years_employed, baseline.eq_vas, baseline.whodas_total) == (0, 0, 0)
    assert baseline.higher_education is False
    assert baseline.reading_writing_difficulties is None


@pytest.mark.parametrize("name", list(BASELINE_RANGES))
def test_each_number_accepts_its_whole_range_and_refuses_values_outside_it(name):
    low, high = BASELINE_RANGES[name]
    age = {"age": "99"} if name != "age" else {}
    for good in (low, high):
        form = baseline_form(**{**age, name: str(good)})
        assert form.is_valid(), (name, good, form.errors)
    for bad in (low - 1, high + 1):
        form = baseline_form(**{**age, name: str(bad)})
        assert not form.is_valid()
        assert name in form.errors, (name, bad)


@pytest.mark.parametrize("bad", ["abc", "12.5", "1e9", "-0.5", "<script>"])
def test_numbers_refuse_text_with_a_message_and_keep_the_other_answers(bad):
    form = baseline_form(age=bad, eq_vas="55")
    assert not form.is_valid()
    assert "age" in form.errors
    assert form["eq_vas"].value() == "55"


@pytest.mark.parametrize(
    "name", ["higher_education", "reading_writing_difficulties", "violence_experienced"]
)
def test_yes_no_questions_refuse_anything_but_yes_no_or_not_answered(name):
    assert not baseline_form(**{name: "maybe"}).is_valid()
    assert baseline_form(**{name: "True"}).is_valid()


def test_gender_refuses_an_unknown_value():
    form = baseline_form(gender="robot")
    assert not form.is_valid() and "gender" in form.errors


def test_years_of_work_or_complaints_cannot_exceed_the_age():
    form = baseline_form(age="20", years_employed="25")
    assert not form.is_valid()
    assert "cannot be more than the age" in str(form.errors)
    form = baseline_form(age="20", years_with_complaints="21")
    assert not form.is_valid()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", 15),
        ("age", 100),
        ("eq_vas", 101),
        ("whodas_total", 49),
        ("years_employed", 81),
        ("years_with_complaints", 91),
        ("gender", "robot"),
    ],
)
def test_the_database_refuses_out_of_range_baseline_answers_too(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        BaselineFactory(**{field: value})


def test_the_database_refuses_more_years_of_work_than_years_of_age():
    with pytest.raises(IntegrityError), transaction.atomic():
        BaselineFactory(age=20, years_employed=21)


def test_the_database_keeps_missing_baseline_answers_as_null():
    baseline = BaselineFactory()
    baseline.refresh_from_db()
    assert baseline.age is None and baseline.higher_education is None


def test_the_diagnostic_screen_distinguishes_found_not_found_and_not_assessed():
    participant = ParticipantFactory()
    form = DiagnosticForm(
        {
            "recurrent_depression": "True",
            "psychosis": "False",
            "bipolar": "",
            "anxiety": "",
            "substance_addiction": "False",
        },
        instance=DiagnosticScreen(participant=participant),
    )
    assert form.is_valid(), form.errors
    screen = form.save(commit=False)
    assert (screen.recurrent_depression, screen.psychosis, screen.bipolar) == (True, False, None)
    assert "Not assessed" in form.as_div()


def test_the_diagnostic_screen_refuses_other_values():
    form = DiagnosticForm(
        {"psychosis": "yes please"}, instance=DiagnosticScreen(participant=ParticipantFactory())
    )
    assert not form.is_valid() and "psychosis" in form.errors


# A comment, confirmed: these tests are about each field's shape, not about blank or sparse
# surveys (tests/participants/test_blank_follow_ups.py).
NOT_BLANK = {"barrier_comment": "x", "confirm_sparse": "on"}


def follow_up_form(data):
    statement = StatementFactory()
    return FollowUpForm({**NOT_BLANK, **data}, statements=[statement]), statement


@pytest.mark.parametrize("name", ["specialist_satisfaction", "general_satisfaction", "usefulness"])
def test_follow_up_scales_take_1_to_5_or_not_answered_and_nothing_else(name):
    for good in ["1", "5", ""]:
        form, _statement = follow_up_form({name: good})
        assert form.is_valid(), form.errors
    form, _statement = follow_up_form({name: ""})
    form.is_valid()
    assert form.values()[name] is None
    for bad in ["0", "6", "three", "-1"]:
        form, _statement = follow_up_form({name: bad})
        assert not form.is_valid() and name in form.errors


def test_follow_up_statements_take_yes_no_or_not_answered():
    form, statement = follow_up_form({})
    assert form.is_valid()
    assert form.answers() == {statement.pk: None}
    form = FollowUpForm({**NOT_BLANK, f"statement_{statement.pk}": "False"}, statements=[statement])
    assert form.is_valid() and form.answers() == {statement.pk: False}
    form = FollowUpForm({**NOT_BLANK, f"statement_{statement.pk}": "nope"}, statements=[statement])
    assert not form.is_valid()


def test_follow_up_open_texts_are_limited_in_length():
    form, _statement = follow_up_form({"facilitator_comment": "x" * 2001})
    assert not form.is_valid() and "facilitator_comment" in form.errors


@pytest.mark.parametrize("field", ["specialist_satisfaction", "general_satisfaction", "usefulness"])
def test_the_database_refuses_scale_values_outside_1_to_5(field):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(**{field: 6})


def test_the_database_refuses_a_staff_entry_that_does_not_say_who_entered_it():
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpFactory(channel=FollowUpSurvey.Channel.STAFF, entered_by=None)
