"""The next review's rating and consensus pages show, per item, what the previous final review
said: its consensus score, recommendation and actions with their current status."""

import datetime

import pytest
from django.urls import reverse

from reviews.action_follow_up import previous_items
from reviews.models import ActionItem, ConsensusScore, Review
from tests.factories import ReviewFactory, final_review, rate
from tests.reviews.conftest import C1, C1_COLLEAGUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous(center, reviewer, colleague):
    """The C1 review a year before, with a recommendation on item 17 and an action in progress."""
    earlier = final_review(center, [reviewer, colleague], C1, visit_start=datetime.date(2024, 3, 4))
    ConsensusScore.objects.filter(review=earlier, item__number=17).update(
        recommendation="Log employer contacts every week."
    )
    ActionItem.objects.create(
        review=earlier,
        item=earlier.scale.items.get(number=17),
        action="Two employer visits a week per specialist",
        owner="Team leader",
        status=ActionItem.Status.IN_PROGRESS,
    )
    return earlier


def test_the_rating_page_shows_the_previous_score_recommendation_and_action_status(
    client_for, previous, review, reviewer
):
    page = client_for(reviewer).get(reverse("reviews:rate", args=[review.pk])).content.decode()
    item17 = page[page.index('id="item-17"') : page.index('id="item-18"')]
    assert "Previous review (" in item17 and "consensus score 1" in item17
    assert "Log employer contacts every week." in item17
    assert "In progress" in item17 and "Two employer visits a week per specialist" in item17
    item1 = page[page.index('id="item-1"') : page.index('id="item-2"')]
    assert "consensus score 5" in item1 and "Recommendation" not in item1


def test_the_consensus_page_shows_the_previous_recommendation_too(
    client_for, previous, review, reviewer, colleague
):
    rate(review, reviewer, C1)
    rate(review, colleague, C1_COLLEAGUE)
    page = client_for(reviewer).get(reverse("reviews:consensus", args=[review.pk]))
    html = page.content.decode()
    item17 = html[html.index('id="consensus-17"') : html.index('id="consensus-18"')]
    assert "Log employer contacts every week." in item17 and "In progress" in item17


def test_a_first_review_shows_no_previous_review(client_for, review, reviewer):
    page = client_for(reviewer).get(reverse("reviews:rate", args=[review.pk])).content.decode()
    assert 'data-testid="item-previous"' not in page


def test_a_self_assessment_is_not_the_previous_review_of_an_external_one(
    center, reviewer, colleague, review
):
    own = final_review(center, [reviewer, colleague], C1, visit_start=datetime.date(2024, 9, 2))
    Review.objects.filter(pk=own.pk).update(kind=Review.Kind.SELF)
    assert previous_items(review).review is None


def test_the_previous_items_take_a_fixed_number_of_queries(
    django_assert_num_queries, previous, center, reviewer, colleague
):
    later = ReviewFactory(center=center, reviewers=[reviewer, colleague])
    later = Review.objects.select_related("scale").get(pk=later.pk)
    with django_assert_num_queries(3):
        found = previous_items(later)
    assert found.review == previous
    assert [a.status for a in found.items[17].actions] == ["in_progress"]
