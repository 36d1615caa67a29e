"""The review list, a page at a time."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory
from tests.pagination import (
    assert_bad_page_numbers_show_a_page,
    assert_queries_do_not_grow,
    walk_pages,
)

pytestmark = pytest.mark.django_db
URL = reverse("reviews:list")


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("reviews.views.reviews.REVIEWS_PER_PAGE", 2)


def reviews_of(center, visits: int, reviewers=()) -> list:
    """``visits`` reviews of ``center``, one a year from 2020 on, newest first (the list order)."""
    reviews = [
        ReviewFactory(
            center=center, reviewers=list(reviewers), visit_start=datetime.date(2020 + n, 3, 2)
        )
        for n in range(visits)
    ]
    return reviews[::-1]


def test_the_next_links_walk_every_review_once_in_order(small_pages, client_for, admin, center):
    reviews = reviews_of(center, 5)
    pages, _links = walk_pages(client_for(admin), URL)
    assert pages == [reviews[:2], reviews[2:4], reviews[4:]]


def test_visits_on_the_same_day_neither_repeat_nor_go_missing_between_pages(
    small_pages, client_for, admin, center
):
    reviews = [ReviewFactory(center=center) for _ in range(5)]
    pages, _links = walk_pages(client_for(admin), URL)
    assert [row for page in pages for row in page] == reviews[::-1]


def test_the_page_links_keep_the_filters(small_pages, client_for, admin, center, other_center):
    reviews = reviews_of(center, 3)
    reviews_of(other_center, 3)
    pages, links = walk_pages(client_for(admin), URL, {"q": center.code, "status": "planned"})
    assert pages == [reviews[:2], reviews[2:]]
    assert [(link["q"], link["status"], link["page"]) for link in links] == [
        (center.code, "planned", "2")
    ]


def test_the_list_counts_every_review_not_only_the_page(small_pages, client_for, admin, center):
    reviews_of(center, 3)
    html = client_for(admin).get(URL).content.decode()
    assert "3 reviews" in html and "Page 1 of 2" in html


def test_a_bad_page_number_shows_the_first_or_the_last_page(small_pages, client_for, admin, center):
    reviews = reviews_of(center, 3)
    assert_bad_page_numbers_show_a_page(client_for(admin), URL, [reviews[:2], reviews[2:]])


def test_the_number_of_queries_does_not_grow_with_the_reviews(
    client_for, manager, reviewer, center, django_assert_max_num_queries
):
    reviews_of(center, 1, [reviewer])
    assert_queries_do_not_grow(
        client_for(manager),
        URL,
        lambda: reviews_of(center, 6, [reviewer, manager]),
        django_assert_max_num_queries,
    )
