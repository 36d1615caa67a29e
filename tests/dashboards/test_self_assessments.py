"""The dashboards page that compares self-assessments with external reviews across centers."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.dashboards.conftest import PAPER_VISITS, page_table
from tests.reviews.test_self_assessments import stored

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:self_assessments")


def self_assessment(center, scores, *, by, days_before: int, code: str) -> Review:
    visit = PAPER_VISITS[code] - datetime.timedelta(days=days_before)
    return stored(center, scores, by=by, visit=visit, kind=Review.Kind.SELF)


@pytest.fixture
def selves(paper, admin):
    """C1 rated itself one point higher on items 1-3 and lower on item 4 (a net +2); C2 two
    points higher on item 5; C3's self-assessment is a year before its review (no pair)."""
    from reviews.demo import TABLE_5

    c1 = list(TABLE_5["C1"])
    c1[2], c1[3] = 5, 4  # item 3: 4 -> 5; item 4: 5 -> 4
    c1[4], c1[5] = 3, 4  # item 5: 2 -> 3; item 6: 3 -> 4
    c2 = list(TABLE_5["C2"])
    c2[4] = 5  # item 5: 3 -> 5
    return {
        "C1": self_assessment(paper["C1"], c1, by=admin, days_before=21, code="C1"),
        "C2": self_assessment(paper["C2"], c2, by=admin, days_before=60, code="C2"),
        "C3": self_assessment(paper["C3"], TABLE_5["C3"], by=admin, days_before=365, code="C3"),
    }


def test_each_center_shows_its_self_total_the_external_total_and_the_difference(
    client_for, paper_manager, selves
):
    html = client_for(paper_manager).get(URL).content.decode()
    rows = {row[0].split()[0]: row for row in page_table(html, "self-assessment-centers")[1:]}
    assert set(rows) == {"C1", "C2", "C3"}
    assert rows["C1"][2:] == ["99", rows["C1"][3], "97", "+2 self higher"]
    assert rows["C2"][2] == "105" and rows["C2"][4:] == ["103", "+2 self higher"]
    assert rows["C3"][3:] == ["none in the same period", "–", "–"]
    assert "Without a final self-assessment: C4, C5, C6" in html
    assert "Mean difference of the totals: 2.00." in html


def test_the_mean_difference_per_item_is_over_the_centers_with_a_pair(
    client_for, paper_manager, selves
):
    html = client_for(paper_manager).get(URL).content.decode()
    items = {row[0].split(".")[0]: row for row in page_table(html, "self-assessment-items")[1:]}
    assert items["5"][1:] == ["1.50 self higher", "2"]  # C1 +1, C2 +2
    assert items["4"][1:] == ["-0.50 self lower", "2"]  # C1 -1, C2 0
    assert items["1"][1:] == ["0.00", "2"]


def test_a_manager_sees_only_the_centers_in_their_scope(client_for, outsider, selves, paper):
    html = client_for(outsider).get(URL).content.decode()
    for code in ("C1", "C2", "C3"):
        assert f'data-center="{code}"' not in html
    assert "None of the chosen centers has a final self-assessment" in html


def test_centers_chosen_by_code_outside_the_scope_are_refused(client_for, outsider, selves):
    response = client_for(outsider).get(URL, {"centers_from": "hand", "codes": "C1"})
    assert "No center you can see has the code C1" in response.content.decode()
    assert 'data-center="C1"' not in response.content.decode()


def test_a_self_assessment_is_not_counted_in_the_comparison_or_the_portfolio(
    client_for, paper_manager, selves
):
    client = client_for(paper_manager)
    rows = page_table(
        client.get(reverse("dashboards:comparison")).content.decode(), "comparison-table"
    )
    total = next(row for row in rows if row[0] == "Total")
    assert sorted(total[5:11]) == sorted(["97", "103", "102", "89", "89", "109"])
    portfolio = client.get(reverse("dashboards:portfolio")).content.decode()
    assert ">99<" not in portfolio and ">105<" not in portfolio


def test_reviewers_may_not_open_the_page(client_for, reviewer):
    assert client_for(reviewer).get(URL).status_code == 403
