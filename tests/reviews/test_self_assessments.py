"""A center's self-assessment beside the external review of the same period; self-assessments
never count as a center's fidelity."""

import datetime

import pytest
from django.urls import reverse

from centers.models import Center
from dashboards.selectors.center import center_dashboard
from dashboards.selectors.portfolio import PortfolioFilters, portfolio
from reviews.demo import TABLE_5
from reviews.models import Review
from reviews.selectors import (
    final_reviews,
    latest_final_review_ids,
    previous_final_review,
    scale_spec,
)
from reviews.self_assessments import (
    SAME_PERIOD_MONTHS,
    compare,
    comparison_for,
    in_same_period,
    mean_differences,
    nearest_in_period,
)
from reviews.services.scales import scale_import
from tests.factories import ips25, stored_final_review
from tests.reviews.test_scale_services import small_scale_data

pytestmark = pytest.mark.django_db

C2 = TABLE_5["C2"]  # total 103
# The center rated items 4 and 17 two points higher, item 9 one lower: total 106.
C2_SELF = [*C2[:3], 4, *C2[4:8], 3, *C2[9:16], 4, *C2[17:]]
EXTERNAL_VISIT = datetime.date(2025, 3, 3)


def stored(center, scores, *, by, visit, kind=Review.Kind.EXTERNAL) -> Review:
    review = stored_final_review(center, scores, by=by, visit_start=visit)
    Review.objects.filter(pk=review.pk).update(kind=kind)
    review.refresh_from_db()
    return review


@pytest.fixture
def external(center, admin):
    return stored(center, C2, by=admin, visit=EXTERNAL_VISIT)


def test_visits_six_months_apart_to_the_day_are_the_same_period_one_day_more_is_not():
    assert SAME_PERIOD_MONTHS == 6
    assert in_same_period(datetime.date(2025, 3, 3), datetime.date(2025, 9, 3))
    assert in_same_period(datetime.date(2025, 9, 3), datetime.date(2025, 3, 3))
    assert not in_same_period(datetime.date(2025, 3, 3), datetime.date(2025, 9, 4))
    # The 31st plus six months is the last day of a shorter month.
    assert in_same_period(datetime.date(2025, 8, 31), datetime.date(2026, 2, 28))
    assert not in_same_period(datetime.date(2025, 8, 31), datetime.date(2026, 3, 1))


def test_the_nearest_visit_in_the_period_pairs_and_the_later_one_wins_a_tie():
    visit = datetime.date(2025, 3, 3)
    candidates = [
        (datetime.date(2025, 2, 1), "a month before"),
        (datetime.date(2025, 4, 2), "a month after"),
        (datetime.date(2025, 3, 20), "17 days after"),
        (datetime.date(2024, 3, 3), "a year before"),
    ]
    assert nearest_in_period(visit, candidates) == "17 days after"
    tie = [(datetime.date(2025, 2, 1), "before"), (datetime.date(2025, 4, 2), "after")]
    assert nearest_in_period(visit, tie) == "after"
    assert nearest_in_period(visit, [(datetime.date(2024, 3, 3), "a year before")]) is None


def test_the_comparison_gives_both_scores_the_difference_and_both_totals_and_bands():
    spec = scale_spec(ips25(), localize=False)
    result = compare(
        spec,
        dict(enumerate(C2_SELF, start=1)),
        dict(enumerate(C2, start=1)),
        {4: "Integration"},
    )
    item4 = result.items[3]
    assert (item4.name, item4.self_score, item4.external_score, item4.difference) == (
        "Integration",
        4,
        2,
        2,
    )
    assert item4.self_higher and not item4.self_lower
    assert result.items[8].self_lower
    assert (result.self_result.total, result.external_result.total) == (106, 103)
    assert result.total_difference == 3
    assert (result.self_higher_count, result.self_lower_count) == (2, 1)
    assert result.external_result.band == "Good fidelity"
    assert mean_differences([result, result])[4] == (2.0, 2)


def test_a_self_assessment_pairs_with_the_external_review_of_the_same_period(
    center, admin, external
):
    own = stored(center, C2_SELF, by=admin, visit=datetime.date(2025, 1, 13), kind="self")
    pair = comparison_for(own)
    assert (pair.self_review, pair.external_review) == (own, external)
    assert pair.comparison.total_difference == 3
    # From the external review, the same pair.
    assert comparison_for(external).self_review == own


def test_a_self_assessment_seven_months_away_has_no_pair(center, admin, external):
    own = stored(center, C2_SELF, by=admin, visit=datetime.date(2024, 8, 2), kind="self")
    assert comparison_for(own) is None
    assert comparison_for(external) is None


def test_a_self_assessment_on_another_scale_has_no_pair(center, admin, external):
    own = stored(center, C2_SELF, by=admin, visit=EXTERNAL_VISIT, kind="self")
    Review.objects.filter(pk=own.pk).update(
        scale=scale_import(data=small_scale_data(), publish=True)
    )
    own.refresh_from_db()
    assert comparison_for(own) is None


def test_a_self_assessment_not_yet_final_has_no_pair(center, admin, external):
    own = stored(center, C2_SELF, by=admin, visit=EXTERNAL_VISIT, kind="self")
    Review.objects.filter(pk=own.pk).update(status=Review.Status.CONSENSUS)
    own.refresh_from_db()
    assert comparison_for(own) is None


def test_a_self_assessment_never_counts_as_a_centers_latest_final_review(
    center, admin, manager, external
):
    # Later than the external review and with a higher total.
    own = stored(center, C2_SELF, by=admin, visit=datetime.date(2025, 4, 7), kind="self")
    assert list(final_reviews(center.pk)) == [external]
    assert list(final_reviews(center.pk, kind=Review.Kind.SELF)) == [own]
    assert latest_final_review_ids(Center.objects.all()) == {center.pk: external.pk}
    rows = portfolio(manager, PortfolioFilters())
    assert [(row.code, row.total) for row in rows] == [(center.code, 103)]
    dashboard = center_dashboard(manager, center)
    assert dashboard.latest == external
    assert [review.pk for review in dashboard.history] == [external.pk]
    assert dashboard.self_assessment.self_review == own


def test_the_next_external_review_follows_the_previous_external_review_only(
    center, admin, external
):
    stored(center, C2_SELF, by=admin, visit=datetime.date(2025, 6, 2), kind="self")
    later = stored(center, C2, by=admin, visit=datetime.date(2025, 9, 1))
    assert previous_final_review(later) == external


def test_a_self_assessment_planned_does_not_stand_for_the_next_review(center, admin, manager):
    stored(center, C2, by=admin, visit=datetime.date(2020, 3, 2))
    Review.objects.create(
        center=center,
        scale=ips25(),
        kind=Review.Kind.SELF,
        visit_start=datetime.date(2025, 3, 3),
        visit_end=datetime.date(2025, 3, 3),
    )
    (row,) = portfolio(manager, PortfolioFilters())
    assert row.upcoming is None
    assert row.overdue


def test_both_review_pages_show_the_scores_side_by_side_with_self_higher_in_words(
    client_for, center, admin, manager, external
):
    own = stored(center, C2_SELF, by=admin, visit=datetime.date(2025, 1, 13), kind="self")
    client = client_for(manager)
    for review in (own, external):
        for name in ("reviews:detail", "reviews:report"):
            page = client.get(reverse(name, args=[review.pk])).content.decode()
            assert "Self-assessment beside the external review" in page
            assert page.count(">self higher</span>") == 2
            assert page.count(">self lower</span>") == 1
            assert "Self-assessment total <strong>106</strong> (Good fidelity)" in page
            assert "external review total <strong>103</strong>" in page


def test_a_review_without_a_pair_shows_no_comparison(client_for, manager, external):
    page = client_for(manager).get(reverse("reviews:detail", args=[external.pk])).content
    assert b"Self-assessment beside the external review" not in page


def test_the_center_page_shows_its_latest_self_assessment_beside_the_external_review(
    client_for, center, admin, manager, external
):
    stored(center, C2_SELF, by=admin, visit=datetime.date(2025, 1, 13), kind="self")
    page = client_for(manager).get(reverse("centers:detail", args=[center.pk])).content.decode()
    assert "Self-assessment beside the external review" in page
    assert "self higher" in page
