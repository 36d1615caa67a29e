"""reviews.scale_format: reading scale files and the rules for publishing."""

import copy
import json
from pathlib import Path

import pytest

from reviews.scale_format import ScaleFormatError, parse_scale, publish_problems

IPS25_FILE = Path(__file__).resolve().parents[2] / "reviews" / "data" / "ips25.json"


@pytest.fixture
def ips25_data():
    return json.loads(IPS25_FILE.read_text(encoding="utf-8"))


def test_the_shipped_ips25_file_is_complete_and_publishable(ips25_data):
    definition = parse_scale(ips25_data)
    assert (definition.code, definition.version) == ("IPS-25", 1)
    assert [s.name for s in definition.sections] == ["Staffing", "Organization", "Services"]
    assert [len(s.items) for s in definition.sections] == [3, 8, 14]
    assert [i.number for i in definition.items] == list(range(1, 26))
    assert all(len(item.anchors) == 5 for item in definition.items)
    assert [(b.min_total, b.max_total, b.label) for b in definition.bands] == [
        (115, 125, "Exemplary fidelity"),
        (100, 114, "Good fidelity"),
        (74, 99, "Fair fidelity"),
        (25, 73, "Not supported employment"),
    ]
    assert publish_problems(definition) == []


def test_the_ips25_file_uses_the_seed_papers_short_names(ips25_data):
    short = [i.short_name for i in parse_scale(ips25_data).items]
    assert short[0] == "Case load size"
    assert short[17] == "Job development, quality"
    assert short[24] == "Assertive outreach to clients"


def test_a_definition_reads_back_from_its_own_data(ips25_data):
    definition = parse_scale(ips25_data)
    assert parse_scale(json.loads(json.dumps(definition.to_data()))) == definition


@pytest.mark.parametrize("data", [[], "IPS", None, 3])
def test_anything_but_an_object_is_refused(data):
    with pytest.raises(ScaleFormatError, match="one JSON object"):
        parse_scale(data)


def test_a_file_of_another_format_is_refused(ips25_data):
    with pytest.raises(ScaleFormatError, match="format"):
        parse_scale({**ips25_data, "format": "something-else/2"})


def test_every_problem_in_a_file_is_listed_at_once(ips25_data):
    data = copy.deepcopy(ips25_data)
    data["name"] = ""
    data["min_score"] = "one"
    first = data["sections"][0]["items"][0]
    first["data_sources"] = ["MIS", "PHONE"]
    first["anchors"] = {"5": ""}
    data["sections"][1]["items"][0]["number"] = 1
    with pytest.raises(ScaleFormatError) as raised:
        parse_scale(data)
    problems = "\n".join(raised.value.problems)
    assert "“name” must be a non-empty text" in problems
    assert "“min_score” must be a whole number" in problems
    assert "“data_sources” must be a list of codes" in problems
    assert "anchor “5” must be a score with a text" in problems
    assert "Item numbers used twice: 1." in problems


def test_scores_outside_the_generic_bound_are_refused(ips25_data):
    with pytest.raises(ScaleFormatError, match="from 0 to 10"):
        parse_scale({**ips25_data, "max_score": 11})


def test_an_incomplete_scale_can_be_read_but_not_published(ips25_data):
    data = copy.deepcopy(ips25_data)
    del data["sections"][2]["items"][0]["anchors"]["3"]
    data["bands"] = data["bands"][:3]
    data["sections"][2]["items"].pop()
    problems = publish_problems(parse_scale(data))
    assert "Item 12 needs an anchor text for each score 1-5 and no others." in problems
    assert any("starts at 74, expected 24" in p for p in problems)


def test_bands_must_not_leave_a_gap(ips25_data):
    data = copy.deepcopy(ips25_data)
    data["bands"][1]["min_total"] = 101
    problems = publish_problems(parse_scale(data))
    assert any("“Good fidelity” starts at 101, expected 100" in p for p in problems)


def test_items_must_be_numbered_without_gaps(ips25_data):
    data = copy.deepcopy(ips25_data)
    data["sections"][2]["items"][-1]["number"] = 30
    assert "Items must be numbered 1 to 25 without gaps." in publish_problems(parse_scale(data))
