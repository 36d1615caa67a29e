"""load_demo's reviews: the seed paper's Table 5, history for trends, one review in progress."""

import pytest
from django.core.management import call_command

from centers.models import Center
from reviews.demo import TABLE_5
from reviews.models import ActionItem, ConsensusScore, Rating, Review
from reviews.selectors import latest_final_review_ids, open_actions, previous_final_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_each_demo_centers_latest_final_review_has_exactly_the_table_5_scores(demo):
    ids = latest_final_review_ids(Center.objects.all()).values()
    latest = {r.center.code: r for r in Review.objects.filter(pk__in=ids).select_related("center")}
    assert set(latest) == set(TABLE_5)
    for code, scores in TABLE_5.items():
        assert [c.score for c in latest[code].consensus_scores.all()] == scores
    totals = {code: latest[code].total for code in TABLE_5}
    assert totals == {"C1": 97, "C2": 103, "C3": 102, "C4": 89, "C5": 89, "C6": 109}
    assert latest["C6"].band_label == "Good fidelity"


def test_some_demo_centers_have_an_earlier_final_review_to_compare_with(demo):
    finals = Review.objects.filter(status=Review.Status.FINAL)
    assert finals.count() == 9
    counts = {c.code: c.reviews.filter(status="final").count() for c in Center.objects.all()}
    assert counts == {"C1": 2, "C2": 1, "C3": 2, "C4": 1, "C5": 2, "C6": 1}
    latest_c3 = Review.objects.get(center__code="C3", total=102)
    assert previous_final_review(latest_c3).total == 94
    assert all(r.rationale for r in ConsensusScore.objects.all())


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
