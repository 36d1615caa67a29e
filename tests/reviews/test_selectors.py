"""Reads other pages build on: a constant number of queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.demo import TABLE_5
from reviews.selectors import previous_final_review
from tests.factories import CenterFactory, ReviewFactory, final_review

pytestmark = pytest.mark.django_db


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.fixture
def reviewers(reviewer, colleague):
    return [reviewer, colleague]


def test_the_previous_final_review_is_the_latest_earlier_one_of_the_same_scale(reviewers):
    center = CenterFactory()
    first = final_review(center, reviewers, TABLE_5["C1"], visit_start=datetime.date(2023, 1, 9))
    second = final_review(center, reviewers, TABLE_5["C2"], visit_start=datetime.date(2024, 1, 8))
    current = ReviewFactory(center=center, reviewers=reviewers)
    assert previous_final_review(current) == second
    assert previous_final_review(second) == first
    assert previous_final_review(first) is None


def test_the_review_list_needs_the_same_queries_for_few_or_many_reviews(
    client_for, manager, center, reviewers
):
    ReviewFactory(center=center, reviewers=reviewers)
    client = client_for(manager)
    few = queries(lambda: client.get(reverse("reviews:list")))
    for day in range(1, 6):
        ReviewFactory(center=center, reviewers=reviewers, visit_start=datetime.date(2024, 2, day))
    assert queries(lambda: client.get(reverse("reviews:list"))) == few
