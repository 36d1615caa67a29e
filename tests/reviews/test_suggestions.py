"""The suggested-score rules: pure functions, no database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from reviews.suggestions import (
    Fact,
    SuggestionError,
    format_number,
    parse_facts,
    parse_rule,
    rule_text,
    suggest,
)

LANGUAGES = ("en", "nb")
FACT_DATA = [
    {"key": "participants", "label": "Participants", "kind": "count", "min": 0, "max": 10000},
    {"key": "specialists", "label": "Specialists", "kind": "number", "min": 0, "max": 1000},
    {"key": "days", "label": "Days to first contact", "kind": "days", "min": 0, "max": 3650},
    {"key": "jobs", "label": "Jobs", "kind": "count", "max": 10000},
    {"key": "competitive", "label": "Competitive jobs", "kind": "count", "max": 10000},
    {
        "key": "community",
        "label": "Time out of the office",
        "kind": "percent",
        "min": 0,
        "max": 100,
        "translations": {"nb": {"label": "Tid utenfor kontoret"}},
    },
]
FACTS = parse_facts(FACT_DATA, languages=LANGUAGES)
CASELOAD = {
    "value": {"ratio": ["participants", "specialists"]},
    "direction": "at_most",
    "thresholds": {"5": 20, "4": 25, "3": 30, "2": 40},
}
COMMUNITY = {
    "value": {"fact": "community"},
    "direction": "at_least",
    "thresholds": {"5": 65, "4": 55, "3": 45, "2": 25},
}
COMPETITIVE = {
    "value": {"ratio": ["competitive", "jobs"]},
    "percent": True,
    "direction": "at_least",
    "thresholds": {"5": 95, "4": 85, "3": 65, "2": 35},
}


def rule(data):
    return parse_rule(data, facts=FACTS, min_score=1, max_score=5)


def test_fact_definitions_are_read_with_their_kinds_bounds_and_translated_labels():
    by_key = {fact.key: fact for fact in FACTS}
    assert by_key["participants"].whole and not by_key["specialists"].whole
    assert by_key["jobs"].min == 0  # "min" defaults to 0
    assert by_key["community"].max == 100
    assert by_key["community"].label_in("nb") == "Tid utenfor kontoret"
    assert by_key["community"].label_in("en") == "Time out of the office"
    assert by_key["participants"].label_in("nb") == "Participants"


def test_fact_definitions_survive_a_round_trip_through_their_data():
    data = [fact.to_data() for fact in FACTS]
    assert parse_facts(data, languages=LANGUAGES) == FACTS


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"key": "Bad Key", "label": "x", "kind": "count", "max": 5}, "“key”"),
        ({"key": "a", "label": " ", "kind": "count", "max": 5}, "“label”"),
        ({"key": "a", "label": "x", "kind": "money", "max": 5}, "“kind”"),
        ({"key": "a", "label": "x", "kind": "count", "min": 5, "max": 5}, "min below max"),
        ({"key": "a", "label": "x", "kind": "count", "max": "many"}, "must be numbers"),
        ({"key": "a", "label": "x", "kind": "count", "max": True}, "must be numbers"),
        ({"key": "a", "label": "x", "kind": "count", "max": 10**12}, "must be numbers"),
        ({"key": "a", "label": "x", "kind": "percent", "max": 150}, "0-100"),
        ({"key": "a", "label": "x", "kind": "count", "max": 5, "translations": {"xx": {}}}, "xx"),
        (
            {
                "key": "a",
                "label": "x",
                "kind": "count",
                "max": 5,
                "translations": {"nb": {"u": "1"}},
            },
            "only the “label”",
        ),
    ],
)
def test_a_bad_fact_definition_is_refused_with_what_is_wrong(entry, problem):
    with pytest.raises(SuggestionError) as error:
        parse_facts([entry], languages=LANGUAGES)
    assert any(problem in p or problem == "xx" for p in error.value.problems)


def test_facts_must_be_a_list_of_objects_with_distinct_keys():
    with pytest.raises(SuggestionError):
        parse_facts({"key": "a"}, languages=LANGUAGES)
    entry = {"key": "a", "label": "x", "kind": "count", "max": 5}
    with pytest.raises(SuggestionError) as error:
        parse_facts([entry, entry], languages=LANGUAGES)
    assert "Fact keys used twice: a." in error.value.problems
    assert parse_facts([], languages=LANGUAGES) == ()


@pytest.mark.parametrize(
    ("participants", "specialists", "score"),
    [
        (40, 2, 5),  # exactly 20 per specialist: the bound is inclusive
        (41, 2, 4),  # 20.5: just above
        (50, 2, 4),  # exactly 25
        (51, 2, 3),
        (60, 2, 3),  # exactly 30
        (61, 2, 2),
        (80, 2, 2),  # exactly 40
        (81, 2, 1),  # past every bound: the lowest score
        (0, 3, 5),
        (50, Decimal("2.5"), 5),  # 20 per full-time equivalent
        (51, Decimal("2.5"), 4),
    ],
)
def test_the_caseload_rule_at_and_around_each_bound(participants, specialists, score):
    found = suggest(
        rule(CASELOAD), {"participants": participants, "specialists": specialists}, min_score=1
    )
    assert found.score == score


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        (100, 5),
        (65, 5),
        (Decimal("64.99"), 4),
        (55, 4),
        (54, 3),
        (45, 3),
        (44, 2),
        (25, 2),
        (24, 1),
        (0, 1),
    ],
)
def test_an_at_least_rule_at_and_around_each_bound(percent, score):
    assert suggest(rule(COMMUNITY), {"community": percent}, min_score=1).score == score


def test_a_percent_ratio_is_compared_exactly_at_its_bound():
    # 19 of 20 is exactly 95 %: with floats, 19 / 20 * 100 is 95.00000000000001 in some orders.
    competitive = rule(COMPETITIVE)
    assert suggest(competitive, {"competitive": 19, "jobs": 20}, min_score=1).score == 5
    assert suggest(competitive, {"competitive": 189, "jobs": 200}, min_score=1).score == 4
    found = suggest(competitive, {"competitive": 7, "jobs": 100}, min_score=1)
    assert found.value == 7 and found.score == 1
    assert suggest(competitive, {"competitive": 35, "jobs": 100}, min_score=1).score == 2


def test_without_every_fact_there_is_no_suggestion_and_the_missing_facts_are_named():
    found = suggest(rule(CASELOAD), {"participants": 30}, min_score=1)
    assert found.score is None and found.missing == ("specialists",)
    found = suggest(rule(CASELOAD), {"participants": None, "specialists": None}, min_score=1)
    assert found.missing == ("participants", "specialists")


def test_a_ratio_over_zero_has_no_suggestion():
    found = suggest(rule(CASELOAD), {"participants": 30, "specialists": 0}, min_score=1)
    assert found.score is None and found.zero_denominator


def test_values_that_are_not_numbers_count_as_missing():
    for junk in ("12", True, float("nan"), float("inf"), [1]):
        found = suggest(rule(COMMUNITY), {"community": junk}, min_score=1)
        assert found.score is None and found.missing == ("community",)


def test_floats_are_read_as_the_decimals_they_print_as():
    # 0.1 * 3 is not 0.3 in binary; the rule sees the decimal the JSON held.
    threshold_rule = {
        "value": {"fact": "specialists"},
        "direction": "at_most",
        "thresholds": {"5": 0.3},
    }
    assert suggest(rule(threshold_rule), {"specialists": 0.3}, min_score=1).score == 5


def test_the_lowest_score_of_the_scale_is_the_fallback():
    scale_0_to_4 = parse_rule(
        {"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"4": 30}},
        facts=FACTS,
        min_score=0,
        max_score=4,
    )
    assert suggest(scale_0_to_4, {"days": 31}, min_score=0).score == 0
    assert suggest(scale_0_to_4, {"days": 30}, min_score=0).score == 4


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"value": {"fact": "nope"}, "direction": "at_most", "thresholds": {"5": 1}},
            "unknown facts",
        ),
        ({"value": "days", "direction": "at_most", "thresholds": {"5": 1}}, "“value”"),
        ({"value": {"ratio": ["days"]}, "direction": "at_most", "thresholds": {"5": 1}}, "“value”"),
        ({"value": {"fact": "days"}, "direction": "up", "thresholds": {"5": 1}}, "“direction”"),
        ({"value": {"fact": "days"}, "direction": "at_most", "thresholds": {}}, "“thresholds”"),
        ({"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"6": 1}}, "at most 5"),
        ({"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"1": 1}}, "above 1"),
        ({"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"5": "x"}}, "a number"),
        (
            {"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"5": 30, "4": 20}},
            "strictly lower",
        ),
        (
            {"value": {"fact": "days"}, "direction": "at_least", "thresholds": {"5": 30, "4": 30}},
            "strictly higher",
        ),
        (
            {
                "value": {"fact": "days"},
                "percent": True,
                "direction": "at_most",
                "thresholds": {"5": 1},
            },
            "ratio only",
        ),
        (
            {"value": {"fact": "days"}, "direction": "at_most", "thresholds": {"5": 1}, "x": 1},
            "unknown parts",
        ),
        ([1, 2], "an object"),
    ],
)
def test_a_bad_rule_is_refused_with_what_is_wrong(data, problem):
    with pytest.raises(SuggestionError) as error:
        rule(data)
    assert any(problem in p for p in error.value.problems), error.value.problems


def test_an_empty_rule_means_no_suggestion():
    assert rule({}) is None


def test_rules_survive_a_round_trip_through_their_data():
    for data in (CASELOAD, COMMUNITY, COMPETITIVE):
        assert rule(rule(data).to_data()) == rule(data)


def test_the_rule_text_names_the_facts_every_bound_and_the_fallback():
    labels = {fact.key: fact.label for fact in FACTS}
    assert rule_text(rule(CASELOAD), labels, min_score=1) == (
        "Participants per Specialists. 20 or less: 5; 25 or less: 4; 30 or less: 3; "
        "40 or less: 2; otherwise: 1."
    )
    assert rule_text(rule(COMPETITIVE), labels, min_score=1).startswith(
        "Competitive jobs as a percentage of Jobs. 95 or more: 5;"
    )


def test_the_rule_text_takes_translated_words_and_a_number_format():
    words = {
        "ratio": "{numerator} per {denominator}",
        "percent": "{numerator} i prosent av {denominator}",
        "at_most": "{bound} eller mindre: {score}",
        "at_least": "{bound} eller mer: {score}",
        "otherwise": "ellers: {score}",
        "rule": "{value}. {steps}.",
    }
    text = rule_text(
        rule({"value": {"fact": "community"}, "direction": "at_least", "thresholds": {"5": 65.5}}),
        {"community": "Tid ute"},
        min_score=1,
        words=words,
        number=lambda n: format_number(n, decimal_mark=","),
    )
    assert text == "Tid ute. 65,5 eller mer: 5; ellers: 1."


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(20), "20"),
        (Fraction(193, 2), "96.5"),
        (Fraction(4, 3), "1.33"),
        (Fraction(1, 1000), "0"),
    ],
)
def test_numbers_are_written_with_at_most_two_decimals(value, text):
    assert format_number(value) == text


def test_a_fact_is_a_plain_value_object():
    fact = Fact(key="k", label="K", kind="count", min=Fraction(0), max=Fraction(10))
    assert fact.to_data() == {"key": "k", "label": "K", "kind": "count", "min": 0, "max": 10}


def ips25_file() -> dict:
    import json
    from pathlib import Path

    return json.loads(
        (Path(__file__).resolve().parents[2] / "reviews" / "data" / "ips25.json").read_text()
    )


def test_a_scale_file_with_a_rule_on_an_unknown_fact_is_refused_naming_the_item():
    from reviews.scale_format import ScaleFormatError, parse_scale

    data = ips25_file()
    data["sections"][0]["items"][0]["suggestion"]["value"] = {"fact": "caseload"}
    with pytest.raises(ScaleFormatError) as error:
        parse_scale(data)
    assert error.value.problems == ["Section 1, item 1: unknown facts caseload; define them first."]


def test_a_scale_file_without_facts_has_no_rules_and_loads():
    from reviews.scale_format import parse_scale

    data = ips25_file()
    del data["facts"]
    for section in data["sections"]:
        for item in section["items"]:
            item.pop("suggestion", None)
    definition = parse_scale(data)
    assert definition.facts == () and all(i.suggestion is None for i in definition.items)


def test_the_ips25_file_defines_rules_for_the_items_with_numbers():
    from reviews.scale_format import parse_scale

    definition = parse_scale(ips25_file())
    assert [i.number for i in definition.items if i.suggestion] == [1, 2, 15, 17, 21, 24]
    assert all(fact.translations.get("nb") for fact in definition.facts)
