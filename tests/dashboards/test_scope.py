"""Every dashboard shows only the user's scope: a manager of region West sees nothing of East."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reviews.demo import TABLE_5
from tests.dashboards.conftest import add_outcomes
from tests.factories import final_review

pytestmark = pytest.mark.django_db
PAGES = [
    reverse("dashboards:portfolio"),
    reverse("dashboards:comparison"),
    reverse("dashboards:fidelity_outcomes"),
    reverse("dashboards:comparison_export") + "?format=csv",
]


@pytest.fixture
def two_regions(center, other_center, lead):
    """West (``center``, NV) and East (``other_center``, AU), both reviewed, with outcomes."""
    final_review(center, [lead], TABLE_5["C1"], visit_start=datetime.date(2025, 2, 3))
    final_review(other_center, [lead], TABLE_5["C6"], visit_start=datetime.date(2025, 2, 10))
    add_outcomes(center, "C1")
    add_outcomes(other_center, "C6")


@pytest.mark.parametrize("url", PAGES)
def test_a_manager_of_one_region_sees_nothing_of_the_other(
    client_for, manager, outsider, two_regions, url
):
    west = shown(client_for(manager).get(url).content.decode())
    east = shown(client_for(outsider).get(url).content.decode())
    assert has(west, "NV") and not has(west, "AU", "Austby", "109")
    assert has(east, "AU") and not has(east, "NV", "Nordvik", "97")


def shown(page: str) -> str:
    """The page without its random CSRF token, which may contain any letters and digits."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def has(page: str, *words: str) -> bool:
    """Whether any of the words stands in the page as a whole word."""
    return any(re.search(rf"\b{re.escape(word)}\b", page) for word in words)


def test_the_xlsx_export_holds_only_the_users_centers(client_for, manager, two_regions):
    response = client_for(manager).get(reverse("dashboards:comparison_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = {str(c) for r in sheet.iter_rows(values_only=True) for c in r if c is not None}
    assert "NV" in texts and "AU" not in texts and "109" not in texts


@pytest.mark.parametrize(
    "url", [reverse("dashboards:comparison"), reverse("dashboards:comparison_export")]
)
def test_a_center_of_the_other_region_cannot_be_asked_for_by_code(
    client_for, manager, two_regions, url
):
    params = {"centers_from": "hand", "codes": "AU", "format": "csv"}
    response = client_for(manager).get(url, params, follow=True)
    html = response.content.decode()
    assert "No center you can see has the code AU" in html
    assert "Austby" not in html


def test_groups_by_hand_cannot_name_a_center_of_the_other_region(client_for, manager, two_regions):
    params = {"grouping": "hand", "group1": "NV", "group2": "AU"}
    html = client_for(manager).get(reverse("dashboards:comparison"), params).content.decode()
    assert "No center you can see has the code AU" in html


def test_the_mean_of_your_centers_on_a_dashboard_leaves_out_the_other_region(
    client_for, manager, admin, center, two_regions
):
    url = reverse("centers:detail", args=[center.pk])
    mine = client_for(manager).get(url).context["dashboard"]
    everyone = client_for(admin).get(url).context["dashboard"]
    # Item 17: NV scored 1, AU 3.
    assert mine.profile[16].scope_mean == 1
    assert mine.scope_centers == 1
    assert everyone.profile[16].scope_mean == 2
    assert everyone.scope_centers == 2


def test_the_other_regions_center_page_is_not_found(client_for, manager, other_center):
    response = client_for(manager).get(reverse("centers:detail", args=[other_center.pk]))
    assert response.status_code == 404


def test_reviewers_do_not_see_the_dashboards(client_for, reviewer, center, two_regions):
    client = client_for(reviewer)
    for url in PAGES:
        assert client.get(url).status_code == 403
    page = client.get(reverse("centers:detail", args=[center.pk]))
    assert page.context["dashboard"] is None
    assert "Fidelity dashboard" not in page.content.decode()
