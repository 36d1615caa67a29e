"""The reviewer's day: the "My reviews" home with one next step per review, the stages shown on
every review page, "not yet" instead of "not allowed", and confirmation of irreversible steps."""

import pytest
from django.urls import reverse

from reviews import selectors
from reviews.models import Review
from tests.factories import ReviewFactory, agree, rate
from tests.reviews.conftest import C1, C1_COLLEAGUE, CONFIRMED

pytestmark = pytest.mark.django_db


def step_for(review, user):
    review = selectors.review_for_user(user, review.pk)
    return selectors.review_workflow(review, user).next_step


# -- next step, one stage at a time ---------------------------------------------------------------


def test_a_planned_review_asks_each_reviewer_to_rate_all_items(review, reviewer, colleague):
    step = step_for(review, reviewer)
    assert step.label == "Rate 25 remaining items"
    assert step.url == reverse("reviews:rate", args=[review.pk])
    assert step_for(review, colleague).label == "Rate 25 remaining items"


def test_a_reviewer_part_way_is_told_how_many_items_remain(review, reviewer):
    rate(review, reviewer, C1[:17] + [None] * 8, complete=False)
    assert step_for(review, reviewer).label == "Rate 8 remaining items"


def test_a_reviewer_who_scored_every_item_is_asked_to_mark_the_rating_complete(review, reviewer):
    rate(review, reviewer, C1, complete=False)
    step = step_for(review, reviewer)
    assert step.label == "Mark your rating complete"
    assert step.url == reverse("reviews:rate_complete", args=[review.pk])


def test_a_reviewer_who_completed_waits_for_the_others_by_name(review, reviewer, colleague):
    rate(review, reviewer, C1)
    step = step_for(review, reviewer)
    assert step.label == "Waiting for Ravi to finish rating"
    assert step.url == ""


def test_in_consensus_the_lead_agrees_consensus_and_the_other_reviewer_waits(
    in_consensus, reviewer, colleague
):
    step = step_for(in_consensus, reviewer)
    assert (step.label, step.url) == (
        "Agree consensus",
        reverse("reviews:consensus", args=[in_consensus.pk]),
    )
    assert step_for(in_consensus, colleague).url == ""


def test_with_every_consensus_score_the_lead_writes_the_report_then_finalizes(
    in_consensus, reviewer
):
    agree(in_consensus, reviewer, C1)
    assert step_for(in_consensus, reviewer).label == "Write the report"
    in_consensus.strengths = "A strong team."
    in_consensus.save()
    step = step_for(in_consensus, reviewer)
    assert (step.label, step.url) == (
        "Finalize",
        reverse("reviews:finalize", args=[in_consensus.pk]),
    )


def test_a_final_review_offers_its_report(in_consensus, reviewer, client_for):
    agree(in_consensus, reviewer, C1)
    client_for(reviewer).post(reverse("reviews:finalize", args=[in_consensus.pk]), CONFIRMED)
    assert step_for(in_consensus, reviewer).label == "Read the report"


# -- the pages ------------------------------------------------------------------------------------


def test_a_reviewer_lands_on_my_reviews_after_login(client_for, reviewer):
    response = client_for(reviewer).get(reverse("home"))
    assert response["Location"] == reverse("reviews:mine")


def test_my_reviews_lists_each_review_with_center_dates_role_stage_and_next_step(
    client_for, review, reviewer, colleague, other_center
):
    ReviewFactory(center=other_center, reviewers=[colleague])  # not rita's
    rate(review, colleague, C1_COLLEAGUE)
    page = client_for(reviewer).get(reverse("reviews:mine")).content.decode()
    assert "Nordvik IPS" in page
    assert "Austby IPS" not in page
    assert "Lead reviewer" in page
    assert "Rating" in page
    assert f'href="{reverse("reviews:rate", args=[review.pk])}">Rate 25 remaining items' in page
    theirs = client_for(colleague).get(reverse("reviews:mine")).content.decode()
    assert "Waiting for rita to finish rating" in theirs or "Waiting for Rita" in theirs
    assert "My reviews" in theirs  # in the navigation


def test_my_reviews_runs_a_fixed_number_of_queries(
    client_for, center, reviewer, colleague, django_assert_max_num_queries
):
    for _ in range(5):
        ReviewFactory(center=center, reviewers=[reviewer, colleague])
    with django_assert_max_num_queries(6):
        rows = selectors.my_reviews(reviewer)
    assert len(rows) == 5


def test_a_centers_page_lists_its_reviews_for_those_who_may_see_them(
    client_for, review, reviewer, manager, bystander, center
):
    url = reverse("centers:detail", args=[center.pk])
    link = f'href="{reverse("reviews:detail", args=[review.pk])}"'
    assert link in client_for(reviewer).get(url).content.decode()
    assert link in client_for(manager).get(url).content.decode()
    # A reviewer of the center who is not on the review does not see it listed.
    assert link not in client_for(bystander).get(url).content.decode()


def test_every_review_page_shows_the_stages_and_what_the_review_waits_for(
    client_for, review, reviewer
):
    for name in ["reviews:detail", "reviews:rate", "reviews:consensus", "reviews:strengths"]:
        page = client_for(reviewer).get(reverse(name, args=[review.pk])).content.decode()
        assert 'aria-current="step">1. Planned' in page, name
        assert "Waiting for the reviewers to start rating." in page, name


def test_a_planned_review_offers_no_report_or_strengths_links(client_for, review, reviewer):
    page = client_for(reviewer).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert reverse("reviews:strengths", args=[review.pk]) not in page
    assert reverse("reviews:report", args=[review.pk]) not in page


def test_a_report_without_consensus_scores_says_so(client_for, in_consensus, reviewer):
    page = client_for(reviewer).get(reverse("reviews:report", args=[in_consensus.pk]))
    html = page.content.decode()
    assert "No consensus scores yet." in html
    assert "None." not in html


def test_finalize_asks_first_and_says_who_can_undo_it(client_for, in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    url = reverse("reviews:finalize", args=[in_consensus.pk])
    asked = client_for(reviewer).post(url).content.decode()
    assert "Finalize the review?" in asked
    assert "Only an admin can undo this" in asked
    in_consensus.refresh_from_db()
    assert in_consensus.status == Review.Status.CONSENSUS
    assert "Finalize the review?" in client_for(reviewer).get(url).content.decode()
    client_for(reviewer).post(url, CONFIRMED)
    in_consensus.refresh_from_db()
    assert in_consensus.status == Review.Status.FINAL


def test_finalize_before_every_consensus_score_says_how_many_are_missing(
    client_for, in_consensus, reviewer
):
    page = client_for(reviewer).get(reverse("reviews:finalize", args=[in_consensus.pk]))
    assert "0 of 25 have one" in page.content.decode()


# -- small things seen while rating and planning -----------------------------------------------


def test_agreement_between_two_reviewers_reads_as_both(client_for, in_consensus, reviewer):
    page = client_for(reviewer).get(reverse("reviews:consensus", args=[in_consensus.pk]))
    html = page.content.decode()
    assert "Compared over the 25 items that both reviewers rated." in html
    assert "by all 2 reviewers" not in html


def test_plan_a_review_offers_reviewers_by_full_name_and_username_and_no_bare_superuser(
    client_for, admin, reviewer, colleague
):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", "x-long-pass-2026")
    html = client_for(admin).get(reverse("reviews:create")).content.decode()
    assert "Ravi (ravi)" in html
    assert ">root<" not in html
    assert "(root)" not in html
