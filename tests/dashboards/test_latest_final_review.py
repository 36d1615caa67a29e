"""The one "latest final review of each center" the comparison and portfolio pages use."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import Center
from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.selectors import latest_final_review_ids
from tests.factories import CenterFactory, ReviewFactory, UserFactory, final_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    return [UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)]


def test_each_center_gets_its_latest_final_review_and_centers_without_one_are_left_out(
    reviewers,
):
    first, second = CenterFactory(code="A"), CenterFactory(code="B")
    final_review(first, reviewers, TABLE_5["C1"], visit_start=datetime.date(2024, 1, 8))
    latest = final_review(first, reviewers, TABLE_5["C2"], visit_start=datetime.date(2025, 1, 6))
    ReviewFactory(center=first, reviewers=reviewers, visit_start=datetime.date(2026, 1, 5))
    other = final_review(second, reviewers, TABLE_5["C6"])
    CenterFactory(code="NONE")
    assert latest_final_review_ids(Center.objects.all()) == {
        first.pk: latest.pk,
        second.pk: other.pk,
    }


def test_the_latest_final_review_can_be_limited_to_a_window_of_visit_dates(reviewers):
    center = CenterFactory()
    older = final_review(center, reviewers, TABLE_5["C1"], visit_start=datetime.date(2024, 1, 8))
    final_review(center, reviewers, TABLE_5["C2"], visit_start=datetime.date(2025, 1, 6))
    window = latest_final_review_ids(
        Center.objects.all(),
        visited_from=datetime.date(2023, 6, 1),
        visited_to=datetime.date(2024, 6, 1),
    )
    assert window == {center.pk: older.pk}


def test_one_query_finds_the_latest_final_review_of_two_or_six_centers(reviewers):
    for code, scores in list(TABLE_5.items())[:2]:
        final_review(CenterFactory(code=code), reviewers, scores)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = latest_final_review_ids(Center.objects.all())
        assert len(found) == Center.objects.count()
        return len(captured)

    two = queries()
    for code, scores in list(TABLE_5.items())[2:]:
        final_review(CenterFactory(code=code), reviewers, scores)
    assert queries() == two == 1
