"""Reads other pages build on: a constant number of queries however much data there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import Center
from reviews.demo import TABLE_5
from reviews.selectors import latest_final_reviews, previous_final_review
from tests.factories import CenterFactory, ReviewFactory, final_review

pytestmark = pytest.mark.django_db


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.fixture
def reviewers(reviewer, colleague):
    return [reviewer, colleague]


def test_latest_final_reviews_gives_each_centers_latest_final_review_with_its_scores(
    reviewers,
):
    first, second = CenterFactory(code="A"), CenterFactory(code="B")
    final_review(first, reviewers, TABLE_5["C1"], visit_start=datetime.date(2024, 1, 8))
    latest = final_review(first, reviewers, TABLE_5["C2"], visit_start=datetime.date(2025, 1, 6))
    ReviewFactory(center=first, reviewers=reviewers, visit_start=datetime.date(2026, 1, 5))
    final_review(second, reviewers, TABLE_5["C6"])
    CenterFactory(code="NONE")
    result = {r.center.code: r for r in latest_final_reviews(Center.objects.all())}
    assert set(result) == {"A", "B"}
    assert result["A"] == latest
    assert [c.score for c in result["A"].consensus_scores.all()] == TABLE_5["C2"]
    assert result["B"].total == 109


def test_latest_final_reviews_can_be_limited_to_a_window_of_visit_dates(reviewers):
    center = CenterFactory()
    older = final_review(center, reviewers, TABLE_5["C1"], visit_start=datetime.date(2024, 1, 8))
    final_review(center, reviewers, TABLE_5["C2"], visit_start=datetime.date(2025, 1, 6))
    window = latest_final_reviews(
        [center], visited_from=datetime.date(2023, 6, 1), visited_to=datetime.date(2024, 6, 1)
    )
    assert window == [older]


def test_latest_final_reviews_needs_the_same_queries_for_two_or_six_centers(reviewers):
    for code, scores in list(TABLE_5.items())[:2]:
        final_review(CenterFactory(code=code), reviewers, scores)

    def read():
        for review in latest_final_reviews(Center.objects.all()):
            _ = (
                review.center.name,
                review.scale.code,
                [c.item.number for c in review.consensus_scores.all()],
            )

    two = queries(read)
    for code, scores in list(TABLE_5.items())[2:]:
        final_review(CenterFactory(code=code), reviewers, scores)
    assert queries(read) == two == 2


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
