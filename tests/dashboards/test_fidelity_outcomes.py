"""The fidelity-outcome view: total fidelity against employment rate, per item correlations and
the exploratory weighted total."""

import datetime
import json
import statistics

import pytest
from django.urls import reverse

from centers.demo import demo_outcome_numbers
from centers.services import user_set_centers
from reviews.demo import TABLE_5
from tests.dashboards.conftest import PAPER_QUARTERS, add_outcomes, column, page_table
from tests.factories import CenterFactory, final_review, stored_final_review

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:fidelity_outcomes")


def pooled_rate(code: str) -> float:
    numbers = demo_outcome_numbers(code, PAPER_QUARTERS)
    return sum(w for *_, w in numbers) / sum(s for _y, _q, s, _w in numbers)


def test_the_total_correlates_with_the_rate_over_the_six_centers_with_a_caution(
    client_for, paper_manager
):
    html = client_for(paper_manager).get(URL).content.decode()
    r = statistics.correlation(
        [sum(TABLE_5[code]) for code in TABLE_5], [pooled_rate(code) for code in TABLE_5]
    )
    assert f"r = {r:.2f}</strong>, n = 6." in html
    assert "Based on only 6 centers: one center can change r a lot." in html


def test_each_item_has_its_correlation_with_n_and_a_visible_caution(client_for, paper_manager):
    html = client_for(paper_manager).get(URL).content.decode()
    rows = page_table(html, "correlations-table")
    assert rows[0] == ["Item", "r", "n", "Caution", "Exploratory weight"]
    quality = [pooled_rate(code) for code in TABLE_5]
    r18 = statistics.correlation([TABLE_5[code][17] for code in TABLE_5], quality)
    assert column(rows, "r")["18. Job development: quality of employer contact"] == f"{r18:.2f}"
    assert column(rows, "n")["18. Job development: quality of employer contact"] == "6"
    cautions = column(rows, "Caution")
    # The small-n caution is said once, above the table, not on every row.
    assert cautions["18. Job development: quality of employer contact"] == ""
    assert "caution: only" not in html
    assert html.count("some correlations rest on fewer than 10 centers") == 1
    # Every center scored 5 on caseload size: no variation, no correlation.
    assert column(rows, "r")["1. Caseload size"] == "–"
    assert cautions["1. Caseload size"] == "undefined: no variation"
    assert "some correlations rest on fewer than 10 centers" in html


def test_the_exploratory_weighted_total_stands_next_to_the_official_total(
    client_for, paper_manager
):
    html = client_for(paper_manager).get(URL).content.decode()
    rows = page_table(html, "centers-table")
    assert rows[0] == [
        "Center",
        "Official total",
        "Band",
        "Exploratory weighted total",
        "Employment rate (%)",
    ]
    assert [r[1] for r in rows[1:]] == ["97", "103", "102", "89", "89", "109"]
    assert all(r[3] not in ("", "–") for r in rows[1:])
    weights = [
        float(w)
        for w in column(page_table(html, "correlations-table"), "Exploratory weight").values()
    ]
    assert sum(weights) == pytest.approx(25, abs=0.05)  # the weights keep the 25-125 range
    assert "It is not a fidelity score and never replaces the official total." in html


def test_the_scatter_has_one_point_per_center_and_the_reference_lines(client_for, paper_manager):
    response = client_for(paper_manager).get(URL)
    chart = response.context["result"].chart
    assert sorted((p["x"], p["label"][:2]) for p in chart["points"]) == sorted(
        (sum(scores), code) for code, scores in TABLE_5.items()
    )
    c1 = next(p for p in chart["points"] if p["label"].startswith("C1"))
    assert c1["y"] == round(pooled_rate("C1") * 100, 1)
    assert [b["value"] for b in chart["bands"]] == [115, 100, 74, 25]
    # The chart writes the rate beside the label in the page's language (static/js/formats.js).
    assert [(b["label"], b["value"]) for b in chart["benchmarks"]] == [
        ("Minimal", 31.0),
        ("Average", 41.0),
        ("Excellent", 50.0),
    ]
    html = response.content.decode()
    data = html.split('id="fidelity-outcome-data" type="application/json">')[1]
    assert json.loads(data.split("</script>")[0])["points"] == chart["points"]


def test_with_ten_centers_the_correlations_need_no_caution(client_for, manager, center, lead):
    centers = [center, *(CenterFactory(code=f"K{n}") for n in range(9))]
    user_set_centers(user=manager, centers=centers)
    codes = list(TABLE_5)
    for index, each in enumerate(centers):
        code = codes[index % 6]
        stored_final_review(each, TABLE_5[code], by=lead)
        add_outcomes(each, code)
    html = client_for(manager).get(URL).content.decode()
    cautions = column(page_table(html, "correlations-table"), "Caution")
    assert cautions["18. Job development: quality of employer contact"] == ""
    assert "some correlations rest on fewer than" not in html
    assert "n = 10." in html


def test_without_outcomes_there_is_no_scatter_and_no_weighted_total(
    client_for, manager, center, lead
):
    stored_final_review(center, TABLE_5["C1"], by=lead)
    response = client_for(manager).get(URL)
    html = response.content.decode()
    assert "No center has both a complete total and an employment rate" in html
    assert "there is no weighted total" in html
    assert "fidelity-outcome-data" not in html


def test_the_table_of_centers_shows_fifty_at_a_time(client_for, manager, center, lead):
    centers = [center, *(CenterFactory(code=f"P{n:02d}") for n in range(54))]
    user_set_centers(user=manager, centers=centers)
    for each in centers:
        stored_final_review(each, TABLE_5["C2"], by=lead)
    client = client_for(manager)
    first = page_table(client.get(URL).content.decode(), "centers-table")
    second = page_table(client.get(URL, {"page": "2"}).content.decode(), "centers-table")
    assert (len(first), len(second)) == (51, 6)
    assert {r[0].split(" · ")[0] for r in first[1:] + second[1:]} == {c.code for c in centers}


def test_reviews_and_outcome_quarters_years_apart_are_warned_about(client_for, paper_manager):
    # The seed paper's reviews were visited in 2014; the demo outcome quarters are recent.
    html = " ".join(client_for(paper_manager).get(URL).content.decode().split())
    assert "Reviews and outcomes far apart:" in html
    assert "years apart" in html


def test_no_warning_when_the_quarters_are_near_the_visits(client_for, manager, center, lead):
    final_review(center, [lead], TABLE_5["C1"], visit_start=datetime.date(2025, 3, 3))
    add_outcomes(center, "C1")  # 2024 Q1 to 2025 Q4
    html = client_for(manager).get(URL).content.decode()
    assert "n = 1." in html
    assert 'data-testid="time-gap"' not in html
