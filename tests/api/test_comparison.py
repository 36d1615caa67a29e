"""The API's comparison: the page's numbers for the seed paper's centers, field errors as the
page's form gives them, and for random data exactly what the page's CSV holds."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.models import EmploymentOutcome
from centers.roles import Role
from ipsweb.rounding import DASH
from tests.api.conftest import client_with
from tests.dashboards.conftest import lead, paper, paper_manager  # noqa: F401
from tests.factories import CenterFactory, UserFactory, stored_final_review

pytestmark = pytest.mark.django_db
URL = reverse("api:comparison")
PAPER_ORDER = ["C1", "C2", "C4", "C3", "C5", "C6"]


def test_the_seed_papers_centers_give_the_papers_recomputed_numbers(
    token_for,
    paper_manager,  # noqa: F811
):
    data = client_with(token_for(paper_manager)).get(URL).json()
    assert [c["code"] for c in data["centers"]] == PAPER_ORDER
    assert [c["total"] for c in data["centers"]] == [97, 103, 89, 102, 89, 109]
    assert [c["group"] for c in data["centers"]] == ["lower"] * 3 + ["upper"] * 3
    items = {item["number"]: item for item in data["items"]}
    generalists = items[3]["stats"]
    assert generalists["display"]["mean"] == "4.67"
    assert generalists["mean"] == pytest.approx(14 / 3)  # full precision, not 4.67
    quality = items[18]["groups"]
    assert quality["display"] == {
        "lower_mean": "2.33",
        "upper_mean": "5.00",
        "difference": "2.67",
        "rank": "1",
    }
    assert quality["lower_mean"] == pytest.approx(7 / 3)
    assert data["totals"]["median"] == 99.5
    assert data["totals"]["display"]["median"] == "99.5"
    assert data["totals"]["display"]["sd"] == "8.06"


def test_the_pages_parameters_choose_the_same_groups(token_for, paper_manager):  # noqa: F811
    client = client_with(token_for(paper_manager))
    data = client.get(URL, {"grouping": "top_k", "k": 2, "order": "difference"}).json()
    assert data["groups"]["k"] == 2
    assert "C3" in data["groups"]["lower"]
    ranks = [item["groups"]["rank"] for item in data["items"]]
    assert ranks == sorted(ranks, key=lambda r: (r is None, r))


def test_wrong_parameters_get_the_forms_messages_by_field(token_for, paper_manager):  # noqa: F811
    client = client_with(token_for(paper_manager))
    response = client.get(URL, {"centers_from": "hand", "codes": "C1 !!", "k": "x"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["codes"] == ["Not a center code: !!. Codes are letters, digits and hyphens."]
    assert errors["k"] == ["Enter a whole number."]


def test_a_center_outside_the_scope_is_named_as_unknown(token_for, paper, paper_manager):  # noqa: F811
    other = UserFactory(role=Role.MANAGER, centers=[paper["C1"]])
    response = client_with(token_for(other)).get(URL, {"centers_from": "hand", "codes": "C1 C2"})
    assert response.status_code == 400
    assert response.json()["errors"]["codes"] == ["No center you can see has the code C2."]


def csv_of_the_page(client, params) -> list[list[str]]:
    response = client.get(reverse("dashboards:comparison_export"), {**params, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def api_item_rows(data) -> list[list[str]]:
    """The API's items laid out as the CSV lays out the item rows."""
    rows = []
    for item in data["items"]:
        groups = item["groups"]
        summary = (
            [groups["display"][k] for k in ("lower_mean", "upper_mean", "difference", "rank")]
            if groups
            else []
        )
        scores = [DASH if s is None else str(s) for s in item["scores"]]
        stats = [item["stats"]["display"][k] for k in ("mean", "sd", "minimum", "maximum", "n")]
        rows.append([item["name"], *summary, *scores, *stats])
    return rows


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    centers=st.lists(
        st.tuples(
            st.lists(st.integers(1, 5), min_size=25, max_size=25),
            st.lists(st.tuples(st.integers(1, 60), st.integers(0, 60)), max_size=3),
        ),
        min_size=1,
        max_size=6,
    ),
    params=st.sampled_from(
        [
            {},
            {"grouping": "none"},
            {"grouping": "top_k", "k": "2", "order": "difference"},
            {"grouping": "median", "order": "difference"},
        ]
    ),
)
def test_for_random_data_the_api_gives_the_numbers_of_the_pages_csv(
    client_for, token_for, admin, centers, params
):
    with transaction.atomic():
        cache.clear()
        for index, (scores, quarters) in enumerate(centers):
            center = CenterFactory(code=f"R{index}")
            stored_final_review(center, scores, by=admin)
            EmploymentOutcome.objects.bulk_create(
                EmploymentOutcome(
                    center=center, year=2024, quarter=q + 1, served=s, working=min(w, s)
                )
                for q, (s, w) in enumerate(quarters)
            )
        data = client_with(token_for(admin)).get(URL, params).json()
        rows = csv_of_the_page(client_for(admin), params)
        transaction.set_rollback(True)
    header, *body = rows
    items = body[: len(data["items"])]
    assert header[len(header) - 5 - len(data["centers"]) : -5] == [
        c["code"] for c in data["centers"]
    ]
    assert items == api_item_rows(data)
    totals = dict(row for row in body if len(row) == 2)
    assert totals["Median of the totals"] == data["totals"]["display"]["median"]
    assert totals["Mean of the totals"] == data["totals"]["display"]["mean"]
    total_row = next(row for row in body if row and row[0] == "Total")
    first = len(header) - 5 - len(data["centers"])
    assert total_row[first:-5] == [c["display"]["total"] for c in data["centers"]]
