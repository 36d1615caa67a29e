"""Each dashboard page needs the same number of queries for few or many centers and reviews."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.services import user_set_centers
from reviews.demo import TABLE_5
from reviews.models import ActionItem, ScaleItem
from tests.dashboards.conftest import add_outcomes
from tests.factories import CenterFactory, stored_final_review

pytestmark = pytest.mark.django_db
# Session, user, role, permissions and the session save take 8 of these on every page.
MAX_QUERIES = 20
CODES = list(TABLE_5)


def grow(manager, lead, first: int, last: int, reviews: int) -> list:
    """Centers ``first`` to ``last - 1``, each with ``reviews`` final reviews, an open action
    and eight quarters of outcomes, all in the manager's scope."""
    centers = []
    item = ScaleItem.objects.get(scale__code="IPS-25", number=18)
    for n in range(first, last):
        center = CenterFactory(code=f"Q{n:03d}", region=f"R{n % 3}")
        for year in range(reviews):
            review = stored_final_review(
                center,
                TABLE_5[CODES[(n + year) % 6]],
                by=lead,
                visit_start=datetime.date(2018 + year, 3, 5),
            )
        ActionItem.objects.create(review=review, item=item, action="Plan", owner="Kari")
        add_outcomes(center, CODES[n % 6])
        centers.append(center)
    return centers


def pages(first_center) -> dict[str, tuple[str, dict]]:
    comparison = reverse("dashboards:comparison")
    export = reverse("dashboards:comparison_export")
    return {
        "center dashboard": (reverse("centers:detail", args=[first_center.pk]), {}),
        "portfolio": (reverse("dashboards:portfolio"), {}),
        "portfolio sorted": (reverse("dashboards:portfolio"), {"sort": "total", "overdue": "on"}),
        "comparison": (comparison, {}),
        "comparison by code": (comparison, {"centers_from": "hand", "codes": "Q000 Q001"}),
        "comparison, groups by code": (
            comparison,
            {"grouping": "hand", "group1": "Q000", "group2": "Q001", "order": "difference"},
        ),
        "comparison, region and window": (
            comparison,
            {"centers_from": "region", "region": "R0", "visited_to": "2019-12-31"},
        ),
        "comparison CSV": (export, {"format": "csv"}),
        "comparison XLSX": (export, {"format": "xlsx", "grouping": "top_k", "k": "2"}),
        "fidelity and outcomes": (reverse("dashboards:fidelity_outcomes"), {}),
    }


def counts(client, first_center, assert_max) -> dict[tuple[str, str], int]:
    """Queries of each page computed afresh (cold: the first view after a change of data) and
    viewed again (warm: computed results reused)."""
    result = {}
    for name, (url, params) in pages(first_center).items():
        for way in ("cold", "warm"):
            with assert_max(MAX_QUERIES), CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            assert response.status_code == 200, name
            result[name, way] = len(queries)
    return result


def test_every_page_needs_the_same_queries_for_3_or_30_centers_cold_and_warm(
    client_for, manager, lead, django_assert_max_num_queries
):
    centers = grow(manager, lead, 0, 3, reviews=1)
    user_set_centers(user=manager, centers=centers)
    client = client_for(manager)
    few = counts(client, centers[0], django_assert_max_num_queries)
    centers += grow(manager, lead, 3, 30, reviews=4)
    for year in (2022, 2023, 2024):  # the dashboard's own center gets more reviews too
        stored_final_review(
            centers[0], TABLE_5["C6"], by=lead, visit_start=datetime.date(year, 6, 1)
        )
    user_set_centers(user=manager, centers=centers)
    many = counts(client, centers[0], django_assert_max_num_queries)
    assert many == few
    # Viewed again, a page reuses what was computed: fewer queries than computing it afresh (the
    # exports and the other comparisons may reuse what an earlier page computed, cold too).
    for name in pages(centers[0]):
        assert few[name, "warm"] <= few[name, "cold"], name
    for name in ("center dashboard", "portfolio", "comparison", "fidelity and outcomes"):
        assert few[name, "warm"] < few[name, "cold"], name
