"""The center list, the user list and a center's quarters, a page at a time."""

import pytest
from django.urls import reverse

from centers.roles import Role
from tests.centers.test_outcome_views import chart_data, outcomes_url
from tests.factories import CenterFactory, EmploymentOutcomeFactory, UserFactory
from tests.pagination import (
    assert_bad_page_numbers_show_a_page,
    assert_queries_do_not_grow,
    walk_pages,
)

pytestmark = pytest.mark.django_db
CENTERS = reverse("centers:list")
USERS = reverse("user_list")


@pytest.fixture
def small_pages(monkeypatch):
    for name in ["CENTERS_PER_PAGE", "USERS_PER_PAGE", "QUARTERS_PER_PAGE"]:
        monkeypatch.setattr(f"centers.views.{name}", 2)


# Centers ---------------------------------------------------------------------------------------


def centers_named(name: str, count: int, **fields) -> list:
    """``count`` centers with the same name, in the list's order (by code when names tie)."""
    return [CenterFactory(name=name, code=f"{name[:3]}{n}", **fields) for n in range(count)]


def test_centers_with_the_same_name_are_each_listed_once_across_pages(
    small_pages, client_for, admin
):
    centers = centers_named("Same", 5)
    pages, _links = walk_pages(client_for(admin), CENTERS)
    assert pages == [centers[:2], centers[2:4], centers[4:]]


def test_the_center_page_links_keep_the_filters(small_pages, client_for, admin):
    centers = centers_named("North", 3, region="North", is_active=False)
    centers_named("Nowhere", 3, region="South", is_active=False)
    filters = {"q": "n", "region": "North", "inactive": "1"}
    pages, links = walk_pages(client_for(admin), CENTERS, filters)
    assert pages == [centers[:2], centers[2:]]
    assert [link.dict() for link in links] == [{**filters, "page": "2"}]


def test_the_center_list_counts_every_center(small_pages, client_for, admin):
    centers_named("Same", 3)
    html = client_for(admin).get(CENTERS).content.decode()
    assert "3 centers" in html and "Page 1 of 2" in html


def test_a_bad_page_number_shows_a_page_of_centers(small_pages, client_for, admin):
    centers = centers_named("Same", 3)
    assert_bad_page_numbers_show_a_page(client_for(admin), CENTERS, [centers[:2], centers[2:]])


def test_the_center_list_needs_no_query_per_center(
    client_for, manager, django_assert_max_num_queries
):
    def add_centers():
        for center in centers_named("More", 6):
            center.members.add(manager)

    assert_queries_do_not_grow(
        client_for(manager), CENTERS, add_centers, django_assert_max_num_queries
    )


# Users -----------------------------------------------------------------------------------------


def test_the_next_links_walk_every_user_once_in_order(small_pages, client_for, admin):
    users = [UserFactory(username=f"u{n}") for n in range(4)]
    pages, _links = walk_pages(client_for(admin), USERS)
    assert pages == [[admin, *users[:1]], users[1:3], users[3:]]


def test_the_user_page_links_keep_the_filters(small_pages, client_for, admin, center):
    reviewers = [UserFactory(username=f"rev{n}", role=Role.REVIEWER) for n in range(3)]
    UserFactory(username="rev-manager", role=Role.MANAGER)
    filters = {"q": "rev", "role": Role.REVIEWER}
    pages, links = walk_pages(client_for(admin), USERS, filters)
    assert pages == [reviewers[:2], reviewers[2:]]
    assert [link.dict() for link in links] == [{**filters, "page": "2"}]


def test_the_user_list_counts_every_user(small_pages, client_for, admin):
    UserFactory.create_batch(2)
    html = client_for(admin).get(USERS).content.decode()
    assert "3 users" in html and "Page 1 of 2" in html


def test_a_bad_page_number_shows_a_page_of_users(small_pages, client_for, admin):
    users = [admin, *(UserFactory(username=f"u{n}") for n in range(2))]
    assert_bad_page_numbers_show_a_page(client_for(admin), USERS, [users[:2], users[2:]])


def test_the_user_list_needs_no_query_per_user(
    client_for, admin, center, other_center, django_assert_max_num_queries
):
    def add_users():
        for n in range(6):
            UserFactory(role=Role.REVIEWER, centers=[center, other_center][: n % 3])

    assert_queries_do_not_grow(client_for(admin), USERS, add_users, django_assert_max_num_queries)


# Quarters of a center (the query count: test_outcome_views.py) ---------------------------------


@pytest.fixture
def five_quarters(center):
    """2024 Q1 to 2025 Q1 of ``center``, newest first."""
    quarters = [
        EmploymentOutcomeFactory(center=center, year=2024 + q // 4, quarter=q % 4 + 1)
        for q in range(5)
    ]
    return quarters[::-1]


def test_the_next_links_walk_every_quarter_newest_first(
    small_pages, client_for, manager, center, five_quarters
):
    pages, _links = walk_pages(client_for(manager), outcomes_url(center))
    assert pages == [five_quarters[:2], five_quarters[2:4], five_quarters[4:]]


def test_the_chart_draws_the_quarters_of_the_page(
    small_pages, client_for, manager, center, five_quarters
):
    response = client_for(manager).get(outcomes_url(center), {"page": "2"})
    assert chart_data(response)["labels"] == ["2024 Q2", "2024 Q3"]
    html = response.content.decode()
    assert "5 quarters in all." in html and "Page 2 of 3" in html


def test_a_bad_page_number_shows_a_page_of_quarters(
    small_pages, client_for, manager, center, five_quarters
):
    pages = [five_quarters[:2], five_quarters[2:4], five_quarters[4:]]
    assert_bad_page_numbers_show_a_page(client_for(manager), outcomes_url(center), pages)
