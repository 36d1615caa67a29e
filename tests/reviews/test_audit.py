import datetime

import pytest
from django.urls import reverse

from centers.roles import Role
from reviews.demo import TABLE_5
from reviews.models import ConsensusScore, Rating, Review
from reviews.services.reviews import review_reopen
from tests.factories import ReviewFactory, UserFactory, final_review, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    return UserFactory(username="lead", role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)


def test_every_rating_change_is_kept_with_who_and_the_old_and_new_score(
    client_for, admin, center, pair
):
    lead, _other = pair
    review = ReviewFactory(center=center, reviewers=list(pair))
    url = reverse("reviews:autosave", args=[review.pk])
    item = review.scale.items.get(number=1)
    for score in (3, 4):
        client_for(lead).post(
            url, {"item": item.pk, "score": score, "evidence": "Seen in MIS"}, "application/json"
        )
    records = Rating.history.filter(review_id=review.pk, item_id=item.pk).order_by("history_date")
    assert [(r.score, r.history_user) for r in records] == [(3, lead), (4, lead)]
    page = client_for(admin).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "<del>3</del> → <ins>4</ins>" in page
    assert (
        "History"
        not in client_for(lead).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    )


def test_finalize_and_reopen_are_recorded_with_the_reason(admin, center, pair):
    review = final_review(center, list(pair), TABLE_5["C1"], visit_start=datetime.date(2024, 2, 5))
    review_reopen(review=review, actor=admin, reason="Item 6 scored on the wrong evidence")
    history = list(Review.history.filter(id=review.pk).order_by("history_date"))
    statuses = [h.status for h in history]
    assert Review.Status.FINAL in statuses
    assert statuses[-1] == Review.Status.CONSENSUS
    assert history[-1].history_change_reason == "Reopened: Item 6 scored on the wrong evidence"
    assert ConsensusScore.history.filter(review_id=review.pk).count() == 25


def test_rating_sheets_saved_through_services_are_audited(center, pair):
    review = ReviewFactory(center=center, reviewers=list(pair))
    rate(review, pair[0], TABLE_5["C2"])
    assert Rating.history.filter(review_id=review.pk).count() == 25
