"""The comparison page (the seed paper's Table 5 for any number of centers)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.roles import Role
from centers.services import user_set_centers
from reviews.demo import TABLE_5
from reviews.models import FidelityScale
from tests.dashboards.conftest import column, page_table, row
from tests.factories import CenterFactory, UserFactory, final_review, stored_final_review
from tests.hostile import SCRIPT, hostile_text

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:comparison")
PAPER_ORDER = ["C1", "C2", "C4", "C3", "C5", "C6"]
VOCATIONAL_GENERALISTS = "3. Vocational generalists"
JOB_DEVELOPMENT_QUALITY = "18. Job development: quality of employer contact"
DIFFERENCE = "Difference (Higher employment − Lower employment)"
# With two groups the group summary comes right after the item: both means, difference, rank.
SUMMARY = ["Mean: Lower employment", "Mean: Higher employment", DIFFERENCE, "Rank of |difference|"]
CENTERS = slice(5, 11)


def comparison(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def matrix(response) -> list[list[str]]:
    return page_table(response.content.decode(), "comparison-table")


def test_the_seed_papers_six_centers_give_the_numbers_computed_not_the_printed_ones(
    client_for, paper_manager
):
    rows = matrix(comparison(client_for(paper_manager)))
    assert rows[0][:5] == ["Item", *SUMMARY]
    # Grouped by employment outcome: the less performing centers first, as in the paper.
    assert rows[0][CENTERS] == PAPER_ORDER
    assert row(rows, "Total")[CENTERS] == ["97", "103", "89", "102", "89", "109"]
    assert row(rows, "Group")[CENTERS] == ["Lower employment"] * 3 + ["Higher employment"] * 3
    # The paper printed 4.6 for the mean of 4, 5, 5, 5, 4, 5.
    assert column(rows, "Mean")[VOCATIONAL_GENERALISTS] == "4.67"
    quality = row(rows, JOB_DEVELOPMENT_QUALITY)
    assert quality[rows[0].index("Mean: Lower employment")] == "2.33"
    assert quality[rows[0].index("Mean: Higher employment")] == "5.00"
    assert quality[rows[0].index(DIFFERENCE)] == "2.67"
    assert quality[rows[0].index("Rank of |difference|")] == "1"


def test_the_totals_table_gives_the_median_and_the_range_of_all_six_totals(
    client_for, paper_manager
):
    response = comparison(client_for(paper_manager))
    totals = dict(page_table(response.content.decode(), "totals-table")[1:])
    assert totals["Median of the totals"] == "99.5"
    assert totals["Range of the totals"] == "89–109"  # not the abstract's 97-109
    assert totals["Centers with a complete total"] == "6"
    assert totals["SD of the totals"] == "8.06"


def test_each_score_cell_shows_the_number_and_a_class_for_its_colour(client_for, paper_manager):
    html = comparison(client_for(paper_manager)).content.decode()
    assert '<td class="score score-1 text-end">1</td>' in html
    assert '<td class="score score-5 text-end">5</td>' in html


def test_the_median_split_is_explained_on_the_page(client_for, paper_manager):
    response = comparison(client_for(paper_manager))
    assert "Median employment rate: 40.0 %" in response.content.decode()


def test_the_top_three_by_employment_rate_form_the_same_groups(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), grouping="top_k", k=3))
    assert rows[0][CENTERS] == PAPER_ORDER
    assert row(rows, JOB_DEVELOPMENT_QUALITY)[rows[0].index(DIFFERENCE)] == "2.67"


def test_the_top_two_leave_center_3_in_the_lower_group(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), grouping="top_k", k=2))
    assert rows[0][CENTERS] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert row(rows, "Group")[CENTERS] == ["Lower employment"] * 4 + ["Higher employment"] * 2


def test_groups_chosen_by_code_compare_group_2_with_group_1(client_for, paper_manager):
    rows = matrix(
        comparison(client_for(paper_manager), grouping="hand", group1="c1, C2", group2="C5 C6")
    )
    assert rows[0][CENTERS] == ["C1", "C2", "C5", "C6", "C3", "C4"]
    assert row(rows, "Group")[CENTERS] == ["Group 1", "Group 1", "Group 2", "Group 2", "–", "–"]
    # Item 18: group 1 scored 2 and 1, group 2 scored 5 and 5.
    difference = rows[0].index("Difference (Group 2 − Group 1)")
    assert row(rows, JOB_DEVELOPMENT_QUALITY)[difference] == "3.50"


def test_without_groups_there_are_no_group_columns(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), grouping="none"))
    assert rows[0] == ["Item", "C1", "C2", "C3", "C4", "C5", "C6", "Mean", "SD", "Min", "Max", "n"]


def test_items_can_be_ordered_by_the_size_of_the_group_difference(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), order="difference"))
    item_rows = [r[0] for r in rows[1:26]]
    assert item_rows[:2] == [
        JOB_DEVELOPMENT_QUALITY,
        "4. Integration of rehabilitation with mental health treatment through team assignment",
    ]
    # Four items differ by 1.00 (as shown): they share rank 3 and stay in scale order.
    ranks = column(rows, "Rank of |difference|")
    tied = [name for name in item_rows if ranks[name] == "3"]
    assert tied == [
        "2. Employment services staff",
        "11. Executive team support for supported employment",
        "17. Job development: frequent employer contact",
        "23. Time-unlimited follow-along supports",
    ]
    html = comparison(client_for(paper_manager)).content.decode()
    assert html.count('<tr class="largest-difference">') == 6


def test_the_centers_of_one_region(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), centers_from="region", region="North"))
    assert sorted(rows[0][5:8]) == ["C1", "C2", "C3"]
    assert "C4" not in rows[0]


def test_centers_chosen_by_code(client_for, paper_manager):
    rows = matrix(
        comparison(client_for(paper_manager), centers_from="hand", codes="C6,C1", grouping="none")
    )
    assert rows[0][1:3] == ["C1", "C6"]
    assert row(rows, "Total")[1:3] == ["97", "109"]


def test_a_window_of_visit_dates_picks_the_latest_final_review_inside_it(
    client_for, paper_manager, paper, lead
):
    final_review(paper["C1"], [lead], TABLE_5["C6"], visit_start=datetime.date(2025, 5, 5))
    client = client_for(paper_manager)
    latest = matrix(comparison(client, grouping="none"))
    assert row(latest, "Total")[1] == "109"
    assert row(latest, "Review visit")[1] == "5 May 2025"
    window = matrix(
        comparison(client, grouping="none", visited_from="2014-01-01", visited_to="2014-12-31")
    )
    assert row(window, "Total")[1] == "97"


def test_centers_without_a_final_review_in_the_window_are_named_as_left_out(
    client_for, paper_manager, paper
):
    response = comparison(client_for(paper_manager), visited_from="2014-11-10")
    rows = matrix(response)
    assert rows[0][5:8] == ["C4", "C5", "C6"]
    assert "Without a final review that counts here (left out): C1, C2, C3" in (
        response.content.decode()
    )


def test_rates_of_chosen_quarters_decide_the_groups(client_for, paper_manager):
    rows = matrix(comparison(client_for(paper_manager), period_from="2025 Q4", period_to="2025q4"))
    label = "Employment rate (%), 2025 Q4–2025 Q4"
    # 2025 Q4: C1 11 of 38, C2 15 of 45, C4 8 of 30, C3 18 of 36, C5 22 of 40, C6 30 of 52.
    assert row(rows, label)[CENTERS] == ["28.9", "33.3", "26.7", "50.0", "55.0", "57.7"]


def test_without_outcomes_the_centers_are_not_grouped_and_the_page_says_why(client_for, lead):
    center = CenterFactory(code="X1")
    final_review(center, [lead], TABLE_5["C1"])
    boss = UserFactory(role=Role.MANAGER, centers=[center])
    response = comparison(client_for(boss))
    assert "None of these centers has employment outcomes" in response.content.decode()
    assert "Group" not in [r[0] for r in matrix(response)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"centers_from": "hand", "codes": "C1, NOPE"}, "No center you can see has the code NOPE"),
        ({"centers_from": "hand", "codes": ""}, "Enter the codes of the centers"),
        ({"centers_from": "region"}, "Choose the region whose centers"),
        ({"period_from": "2025 Q9"}, "Write a quarter like 2025 Q3"),
        ({"period_from": "2025 Q3", "period_to": "2025 Q1"}, "cannot be before the first"),
        ({"visited_from": "2025-02-30"}, "Enter a valid date"),
        ({"visited_from": "2025-03-01", "visited_to": "2025-01-01"}, "cannot be before its start"),
        ({"grouping": "top_k", "k": "0"}, "greater than or equal to 1"),
        ({"grouping": "hand", "group1": "C1", "group2": "C1 C2"}, "cannot be in both groups: C1"),
        ({"grouping": "hand", "group1": "C1"}, "Enter the codes of the centers of both groups"),
        ({"grouping": "sideways"}, "Select a valid choice"),
    ],
)
def test_bad_input_says_what_to_fix_keeps_what_was_typed_and_shows_no_table(
    client_for, paper_manager, params, message
):
    response = comparison(client_for(paper_manager), **params)
    html = response.content.decode()
    assert message in html
    assert "Please correct the errors in the form above" in html
    assert 'id="comparison-table"' not in html
    typed = {"codes", "period_from", "period_to", "visited_from", "visited_to", "k", "group1"}
    for name, value in params.items():
        if name in typed and value:
            assert f'value="{value}"' in html


def test_the_comparison_shows_fifty_centers_at_a_time_with_every_statistic(
    client_for, manager, center, lead
):
    centers = [center] + [CenterFactory(code=f"Z{n:02d}") for n in range(54)]
    user_set_centers(user=manager, centers=centers)
    for index, each in enumerate(centers):
        stored_final_review(each, TABLE_5[f"C{index % 6 + 1}"], by=lead)
    client = client_for(manager)
    first = matrix(comparison(client, grouping="none"))
    assert len(first[0]) == 1 + 50 + 5
    assert row(first, "Total")[-1] == "55"  # n: the statistics cover every center
    second = matrix(comparison(client, grouping="none", page=2))
    assert len(second[0]) == 1 + 5 + 5
    assert column(second, "Mean") == column(first, "Mean")


def test_only_get_is_allowed(client_for, paper_manager):
    assert client_for(paper_manager).post(URL).status_code == 405


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            name: hostile_text
            for name in [
                "centers_from",
                "region",
                "codes",
                "scale",
                "visited_from",
                "visited_to",
                "period_from",
                "period_to",
                "grouping",
                "k",
                "group1",
                "group2",
                "order",
                "page",
                "format",
            ]
        },
    )
)
def test_anything_typed_into_the_address_never_breaks_the_pages(client_for, manager, params):
    client = client_for(manager)
    for url in [URL, reverse("dashboards:fidelity_outcomes")]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert SCRIPT not in response.content.decode()
    export = client.get(reverse("dashboards:comparison_export"), params)
    assert export.status_code in {200, 302, 400}


def test_something_that_is_no_center_code_is_named_in_the_message(client_for, paper_manager):
    response = comparison(client_for(paper_manager), centers_from="hand", codes="C1, <b>, a\x00b")
    html = response.content.decode()
    assert "Not a center code: &lt;B&gt;, A\\x00B." in html


def test_only_scales_scored_1_to_5_can_be_compared(client_for, paper_manager):
    for code, low, high in [("GOI", 0, 4), ("IPS-Y", 1, 5)]:
        FidelityScale.objects.create(
            name=code,
            code=code,
            version=1,
            status="published",
            published_at=timezone.now(),
            min_score=low,
            max_score=high,
            improvement_at_or_below=low + 2,
        )
    html = comparison(client_for(paper_manager)).content.decode()
    assert '<option value="IPS-Y">' in html and 'value="GOI"' not in html
    other = comparison(client_for(paper_manager), scale="IPS-Y").content.decode()
    assert "None of the chosen centers has a final review that counts here." in other
    refused = comparison(client_for(paper_manager), scale="GOI").content.decode()
    assert "Select a valid choice" in refused
