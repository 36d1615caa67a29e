import pytest

from participants.severity import RULE_VERSION, Diagnoses, Severity, classify


@pytest.mark.parametrize(
    ("diagnoses", "expected"),
    [
        (Diagnoses(psychosis=True), Severity.SEVERE),
        (Diagnoses(bipolar=True), Severity.SEVERE),
        (Diagnoses(psychosis=True, recurrent_depression=True, anxiety=True), Severity.SEVERE),
        (Diagnoses(psychosis=False, bipolar=False, recurrent_depression=True), Severity.MODERATE),
        (Diagnoses(anxiety=True), Severity.MODERATE),
        (Diagnoses(substance_addiction=True, psychosis=False), Severity.MODERATE),
        (
            Diagnoses(
                recurrent_depression=False,
                psychosis=False,
                bipolar=False,
                anxiety=False,
                substance_addiction=False,
            ),
            Severity.NONE,
        ),
        (Diagnoses(psychosis=False, bipolar=False), Severity.UNKNOWN),
        (Diagnoses(), Severity.UNKNOWN),
        (None, Severity.UNKNOWN),
    ],
)
def test_severity_follows_the_rule_severe_for_psychosis_or_bipolar_moderate_for_others(
    diagnoses, expected
):
    assert classify(diagnoses) == expected


def test_an_unassessed_psychosis_does_not_block_moderate_when_another_diagnosis_is_found():
    assert classify(Diagnoses(psychosis=None, anxiety=True)) == Severity.MODERATE


def test_nothing_found_with_items_not_assessed_is_unknown_not_none():
    almost = Diagnoses(recurrent_depression=False, psychosis=False, bipolar=False, anxiety=False)
    assert classify(almost) == Severity.UNKNOWN


def test_the_rule_has_a_version_that_names_it():
    assert RULE_VERSION.startswith("severity-1")
    assert "psychosis or bipolar" in RULE_VERSION
