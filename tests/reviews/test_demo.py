"""load_demo's reviews: the seed paper's Table 5, history for trends, one review in progress."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centers.models import Center
from dashboards.selectors.portfolio import PortfolioFilters, portfolio
from reviews.demo import TABLE_5, final_visits
from reviews.models import ActionItem, ConsensusScore, Rating, Review
from reviews.selectors import latest_final_review_ids, open_actions, previous_final_review
from reviews.self_assessments import comparison_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_each_demo_centers_latest_final_review_has_exactly_the_table_5_scores(demo):
    ids = latest_final_review_ids(Center.objects.all()).values()
    latest = {r.center.code: r for r in Review.objects.filter(pk__in=ids).select_related("center")}
    assert set(latest) == set(TABLE_5)
    for code, scores in TABLE_5.items():
        consensus = latest[code].consensus_scores.order_by("item__number")
        assert [c.score for c in consensus] == scores
    totals = {code: latest[code].total for code in TABLE_5}
    assert totals == {"C1": 97, "C2": 103, "C3": 102, "C4": 89, "C5": 89, "C6": 109}
    assert latest["C6"].band_label == "Good fidelity"


def test_some_demo_centers_have_an_earlier_final_review_to_compare_with(demo):
    finals = Review.objects.filter(status=Review.Status.FINAL, kind=Review.Kind.EXTERNAL)
    assert finals.count() == 9
    counts = {
        c.code: c.reviews.filter(status="final", kind="external").count()
        for c in Center.objects.all()
    }
    assert counts == {"C1": 2, "C2": 1, "C3": 2, "C4": 1, "C5": 2, "C6": 1}
    latest_c3 = Review.objects.get(center__code="C3", total=102)
    assert previous_final_review(latest_c3).total == 94
    assert all(r.rationale for r in ConsensusScore.objects.all())


def test_each_demo_final_review_is_dated_in_the_order_its_steps_were_done(demo):
    # Visit, then every rating completed, then the review finalized, all before today (the
    # services would stamp completion and finalization with the day the demo was loaded).
    today = datetime.date.today()
    for review in Review.objects.filter(status=Review.Status.FINAL):
        completed = [a.rating_completed_at.date() for a in review.assignments.all()]
        assert review.visit_end < min(completed), review
        assert max(completed) < review.finalized_at.date() < today, review


def test_the_review_in_progress_has_reviewer1_as_lead_and_some_items_rated(demo):
    review = Review.objects.get(status=Review.Status.RATING)
    assert review.center.code == "C1"
    lead = review.assignments.get(is_lead=True).reviewer.username
    others = [a.reviewer.username for a in review.assignments.filter(is_lead=False)]
    assert (lead, others) == ("reviewer1", ["reviewer2"])
    rated = {
        username: Rating.objects.filter(
            review=review, reviewer__username=username, score__isnull=False
        ).count()
        for username in ("reviewer1", "reviewer2")
    }
    assert rated == {"reviewer1": 17, "reviewer2": 9}
    assert [a.item.number for a in open_actions(previous_final_review(review))] == [
        5,
        10,
        17,
        18,
        24,
    ]


def test_loading_the_demo_again_changes_nothing(demo, capsys):
    counts = [m.objects.count() for m in (Review, Rating, ConsensusScore, ActionItem)]
    call_command("load_demo")
    assert [m.objects.count() for m in (Review, Rating, ConsensusScore, ActionItem)] == counts
    assert "Demo reviews exist already." in capsys.readouterr().out


LOADED_ON = datetime.date(2026, 12, 2)  # a Wednesday


def test_the_demo_reviews_are_dated_back_from_the_day_the_demo_is_loaded():
    call_command("load_demo", today=LOADED_ON)
    visits = {
        (r.center.code, r.status): r.visit_start
        for r in Review.objects.select_related("center").order_by("visit_start")
    }
    # Table 5 reviews 16 to 30 weeks ago, on Mondays; C1's next review visited last week.
    assert visits[("C6", "final")] == datetime.date(2026, 8, 10)
    assert visits[("C4", "final")] == datetime.date(2026, 5, 4)
    assert visits[("C1", "final")] == final_visits(LOADED_ON)["C1"] == datetime.date(2026, 6, 1)
    assert visits[("C1", "rating")] == datetime.date(2026, 11, 23)
    earlier = Review.objects.filter(center__code="C3").order_by("visit_start").first()
    assert earlier.visit_start == datetime.date(2025, 7, 14)  # a year before its Table 5 review
    assert all(r.finalized_at.date() < LOADED_ON for r in Review.objects.filter(status="final"))


def test_in_the_demo_portfolio_only_c4_is_overdue_and_c1_has_its_review_under_way():
    call_command("load_demo", today=LOADED_ON)
    manager = get_user_model().objects.get(username="manager")
    rows = {row.code: row for row in portfolio(manager, PortfolioFilters(), today=LOADED_ON)}
    assert [code for code, row in sorted(rows.items()) if row.overdue] == ["C4"]
    assert rows["C4"].due_on == datetime.date(2026, 11, 4)  # fair fidelity: six months
    assert rows["C1"].upcoming.visit_start == datetime.date(2026, 11, 23)
    assert rows["C6"].due_on == datetime.date(2027, 8, 10)  # good fidelity: twelve months
    # C1's review fell due yesterday, but it is under way; the others are due later.
    assert rows["C1"].due_on == datetime.date(2026, 12, 1)
    assert all(row.due_on > LOADED_ON for code, row in rows.items() if code not in ("C1", "C4"))


def test_two_demo_centers_have_a_self_assessment_beside_their_table_5_review(demo):
    selfs = Review.objects.filter(kind=Review.Kind.SELF).select_related("center", "scale")
    assert sorted((r.center.code, r.status) for r in selfs) == [("C2", "final"), ("C6", "final")]
    for review in selfs:
        pair = comparison_for(review)
        assert pair.external_review.total == {"C2": 103, "C6": 109}[review.center.code]
        assert pair.comparison.total_difference > 0  # the center rated itself higher
    # Their Table 5 reviews still follow the centers' earlier external reviews only.
    latest_c2 = Review.objects.get(center__code="C2", kind="external")
    assert previous_final_review(latest_c2) is None
