"""The review workflow: plan, rate, consensus, finalize, reopen, report text, action plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centers.selectors import centers_for_user
from reviews.models import (
    ActionItem,
    ConsensusScore,
    Rating,
    Review,
    ReviewAssignment,
    ScaleItem,
)
from reviews.services import actions, ratings
from reviews.services import reviews as services
from reviews.services.consensus import ConsensusEntry, ConsensusRejected, consensus_save
from reviews.services.scales import scale_new_draft
from tests.factories import ReviewFactory, agree, ips25, rate
from tests.reviews.conftest import C1, C1_COLLEAGUE

pytestmark = pytest.mark.django_db
START = datetime.date(2025, 5, 5)


def item(number: int) -> ScaleItem:
    return ips25().items.get(number=number)


def plan(admin, center, reviewers, lead, **changes) -> Review:
    arguments = {
        "actor": admin,
        "center": center,
        "scale": ips25(),
        "kind": Review.Kind.EXTERNAL,
        "visit_start": START,
        "visit_end": START + datetime.timedelta(days=1),
        "reviewers": reviewers,
        "lead": lead,
    }
    return services.review_plan(**{**arguments, **changes})


def replan(review, reviewers, lead, **changes) -> Review:
    return services.review_update_plan(
        review=review,
        visit_start=START,
        visit_end=START,
        reviewers=reviewers,
        lead=lead,
        **changes,
    )


def entries_for(review, scores, rationale="Discussed.", **overrides) -> list[ConsensusEntry]:
    return [
        ConsensusEntry(item_id=i.pk, score=scores[i.number - 1], rationale=rationale, **overrides)
        for i in ScaleItem.objects.filter(scale=review.scale)
    ]


# Planning ----------------------------------------------------------------------------------


def test_an_admin_plans_a_review_with_two_reviewers_and_a_lead(admin, center, reviewer, colleague):
    review = plan(admin, center, [reviewer, colleague], colleague)
    assert review.status == Review.Status.PLANNED
    assert review.scale == ips25()
    assignments = {a.reviewer: a.is_lead for a in review.assignments.all()}
    assert assignments == {reviewer: False, colleague: True}


def test_a_review_needs_at_least_two_reviewers(admin, center, reviewer):
    with pytest.raises(ValidationError, match="at least two reviewers"):
        plan(admin, center, [reviewer], reviewer)
    assert not Review.objects.exists()


def test_the_lead_must_be_one_of_the_assigned_reviewers(
    admin, center, reviewer, colleague, bystander
):
    with pytest.raises(ValidationError, match="lead reviewer must be one of"):
        plan(admin, center, [reviewer, colleague], bystander)


def test_a_review_can_only_use_a_published_scale_version(admin, center, reviewer, colleague):
    draft = scale_new_draft(scale=ips25())
    with pytest.raises(ValidationError, match="published scale version"):
        plan(admin, center, [reviewer, colleague], reviewer, scale=draft)


def test_program_managers_cannot_be_assigned_as_reviewers(admin, center, reviewer, manager):
    with pytest.raises(ValidationError, match="Only active reviewers and admins"):
        plan(admin, center, [reviewer, manager], reviewer)


def test_an_inactive_center_gets_no_new_review(admin, center, reviewer, colleague):
    center.is_active = False
    center.save()
    with pytest.raises(ValidationError, match="inactive"):
        plan(admin, center, [reviewer, colleague], reviewer)


def test_a_visit_cannot_end_before_it_starts(admin, center, reviewer, colleague):
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        plan(admin, center, [reviewer, colleague], reviewer, visit_end=START.replace(day=1))


def test_assigned_reviewers_see_the_reviews_center(admin, other_center, colleague):
    assert other_center not in centers_for_user(colleague)
    ReviewFactory(center=other_center, reviewers=[admin, colleague])
    assert list(centers_for_user(colleague)) == [other_center]


def test_the_plan_can_add_a_reviewer_and_change_the_lead_while_rating(
    review, reviewer, colleague, bystander
):
    rate(review, reviewer, C1, complete=False)
    replan(review, [reviewer, colleague, bystander], bystander)
    leads = {a.reviewer: a.is_lead for a in review.assignments.all()}
    assert leads == {reviewer: False, colleague: False, bystander: True}


def test_a_reviewer_who_rated_cannot_be_removed(review, reviewer, colleague, bystander):
    rate(review, colleague, C1, complete=False)
    with pytest.raises(ValidationError, match="already rated items"):
        replan(review, [reviewer, bystander], reviewer)
    assert review.assignments.filter(reviewer=colleague).exists()


def test_center_and_scale_are_fixed_once_rating_has_started(
    review, reviewer, colleague, other_center
):
    rate(review, reviewer, C1, complete=False)
    with pytest.raises(ValidationError, match="before anyone has started rating"):
        replan(review, [reviewer, colleague], reviewer, center=other_center)
    review.refresh_from_db()
    assert review.center != other_center


def test_the_plan_cannot_change_once_rating_is_complete(in_consensus, reviewer, colleague):
    with pytest.raises(ValidationError, match="cannot change once rating is complete"):
        replan(in_consensus, [reviewer, colleague], colleague)


def test_removing_the_last_reviewer_still_rating_moves_the_review_to_consensus(
    review, reviewer, colleague, bystander
):
    replan(review, [reviewer, colleague, bystander], reviewer)
    rate(review, reviewer, C1)
    rate(review, colleague, C1)
    replan(review, [reviewer, colleague], reviewer)
    review.refresh_from_db()
    assert review.status == Review.Status.CONSENSUS


def test_only_a_planned_review_nobody_rated_can_be_deleted(review, reviewer):
    rate(review, reviewer, C1, complete=False)
    with pytest.raises(ValidationError, match="nobody has rated"):
        services.review_delete(review=review)
    Rating.objects.all().delete()
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PLANNED)
    review.refresh_from_db()
    services.review_delete(review=review)
    assert not Review.objects.filter(pk=review.pk).exists()


# Independent rating ---------------------------------------------------------------------------


def test_the_first_rating_starts_the_rating_step(review, reviewer):
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=4, evidence="Seen")
    review.refresh_from_db()
    assert review.status == Review.Status.RATING
    assert Rating.objects.get(review=review, reviewer=reviewer).score == 4


def test_evidence_can_be_saved_before_a_score(review, reviewer):
    ratings.rating_save(review=review, reviewer=reviewer, item=item(2), score=None, evidence="Log")
    rating = Rating.objects.get(review=review, reviewer=reviewer)
    assert (rating.score, rating.evidence) == (None, "Log")


@pytest.mark.parametrize("score", [0, 6, 10])
def test_a_score_outside_the_scales_range_is_refused(review, reviewer, score):
    with pytest.raises(ValidationError, match="a score must be from 1 to 5"):
        ratings.rating_save(
            review=review, reviewer=reviewer, item=item(1), score=score, evidence=""
        )
    assert not Rating.objects.exists()


def test_an_item_of_another_scale_is_refused(review, reviewer):
    other = scale_new_draft(scale=ips25()).items.get(number=1)
    with pytest.raises(ValidationError, match="not part of this review's scale"):
        ratings.rating_save(review=review, reviewer=reviewer, item=other, score=3, evidence="")
    assert not Rating.objects.exists()


def test_a_reviewer_not_assigned_cannot_rate(review, bystander):
    with pytest.raises(ValidationError, match="not assigned"):
        ratings.rating_save(review=review, reviewer=bystander, item=item(1), score=3, evidence="")
    assert not Rating.objects.exists()


def test_rating_a_final_review_is_refused(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    services.review_finalize(review=in_consensus, actor=reviewer)
    with pytest.raises(ValidationError, match="Rating is closed"):
        ratings.rating_save(
            review=in_consensus, reviewer=reviewer, item=item(1), score=1, evidence=""
        )
    assert Rating.objects.get(review=in_consensus, reviewer=reviewer, item__number=1).score == 5


def test_a_whole_page_is_saved_all_or_nothing(review, reviewer):
    items = list(ScaleItem.objects.filter(scale=review.scale))
    entries = {i.pk: (3, "ok") for i in items}
    entries[items[-1].pk] = (9, "too high")
    with pytest.raises(ValidationError, match="Item 25"):
        ratings.rating_sheet_save(review=review, reviewer=reviewer, entries=entries)
    assert not Rating.objects.exists()


def test_an_empty_field_on_the_page_does_not_clear_a_saved_score(review, reviewer):
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=4, evidence="a")
    ratings.rating_sheet_save(review=review, reviewer=reviewer, entries={item(1).pk: (None, "b")})
    rating = Rating.objects.get(review=review, reviewer=reviewer)
    assert (rating.score, rating.evidence) == (4, "b")


def test_completing_a_rating_needs_every_item_and_names_the_missing_ones(review, reviewer):
    rate(review, reviewer, C1, complete=False)
    Rating.objects.filter(item__number__in=[3, 17]).delete()
    with pytest.raises(ValidationError, match=r"Not rated yet: 3, 17\."):
        ratings.rating_complete(review=review, reviewer=reviewer)
    assert review.assignments.get(reviewer=reviewer).rating_completed_at is None


def test_a_completed_rating_can_no_longer_change(review, reviewer):
    rate(review, reviewer, C1)
    with pytest.raises(ValidationError, match="can no longer change"):
        ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=1, evidence="")


def test_the_review_moves_to_consensus_when_the_last_reviewer_completes(
    review, reviewer, colleague
):
    rate(review, reviewer, C1)
    assert review.status == Review.Status.RATING
    rate(review, colleague, C1_COLLEAGUE)
    assert review.status == Review.Status.CONSENSUS


# Consensus -------------------------------------------------------------------------------------


def test_consensus_before_every_rating_is_complete_is_refused(review, reviewer, colleague):
    rate(review, reviewer, C1)
    with pytest.raises(ValidationError, match="only be saved while the review is in consensus"):
        consensus_save(review=review, actor=reviewer, entries=entries_for(review, C1))
    assert not ConsensusScore.objects.exists()


def test_consensus_requires_a_rationale_where_the_reviewers_differed(in_consensus, reviewer):
    with pytest.raises(ConsensusRejected) as raised:
        consensus_save(
            review=in_consensus, actor=reviewer, entries=entries_for(in_consensus, C1, "")
        )
    errors = {ScaleItem.objects.get(pk=pk).number: m for pk, m in raised.value.item_errors.items()}
    assert errors == {
        6: ["The reviewers differed on this item (3, 4): give a rationale."],
        18: ["The reviewers differed on this item (2, 4): give a rationale."],
    }
    assert not ConsensusScore.objects.exists()


def test_consensus_needs_no_rationale_where_the_reviewers_agreed(in_consensus, reviewer):
    entries = [
        ConsensusEntry(item_id=e.item_id, score=e.score, rationale="" if n not in (6, 18) else "x")
        for n, e in enumerate(entries_for(in_consensus, C1), start=1)
    ]
    assert consensus_save(review=in_consensus, actor=reviewer, entries=entries) == 25


def test_a_consensus_score_outside_the_range_is_refused(in_consensus, reviewer):
    with pytest.raises(ConsensusRejected) as raised:
        consensus_save(
            review=in_consensus,
            actor=reviewer,
            entries=[ConsensusEntry(item_id=item(1).pk, score=6, rationale="x")],
        )
    assert raised.value.item_errors == {item(1).pk: ["The score must be from 1 to 5."]}


def test_a_consensus_item_of_another_scale_is_refused(in_consensus, reviewer):
    other = scale_new_draft(scale=ips25()).items.get(number=1)
    with pytest.raises(ConsensusRejected):
        consensus_save(
            review=in_consensus,
            actor=reviewer,
            entries=[ConsensusEntry(item_id=other.pk, score=3, rationale="x")],
        )
    assert not ConsensusScore.objects.exists()


def test_a_save_based_on_an_older_version_is_refused_with_what_was_saved(
    in_consensus, reviewer, admin
):
    first = item(6)
    consensus_save(
        review=in_consensus,
        actor=admin,
        entries=[ConsensusEntry(item_id=first.pk, score=3, rationale="Admin's view")],
    )
    with pytest.raises(ConsensusRejected) as raised:
        consensus_save(
            review=in_consensus,
            actor=reviewer,
            entries=[
                ConsensusEntry(item_id=first.pk, score=4, rationale="Lead's view", version=0),
                ConsensusEntry(item_id=item(1).pk, score=5, rationale="", version=0),
            ],
        )
    conflict = raised.value.conflicts[first.pk]
    assert (conflict.score, conflict.rationale, conflict.updated_by) == (3, "Admin's view", admin)
    stored = ConsensusScore.objects.get(item=first)
    assert (stored.score, stored.rationale, stored.version) == (3, "Admin's view", 1)
    assert not ConsensusScore.objects.filter(item=item(1)).exists()


def test_saving_again_with_the_current_version_replaces_the_other_save(in_consensus, reviewer):
    consensus_save(
        review=in_consensus,
        actor=reviewer,
        entries=[ConsensusEntry(item_id=item(6).pk, score=3, rationale="First")],
    )
    consensus_save(
        review=in_consensus,
        actor=reviewer,
        entries=[ConsensusEntry(item_id=item(6).pk, score=4, rationale="Second", version=1)],
    )
    stored = ConsensusScore.objects.get(item=item(6))
    assert (stored.score, stored.rationale, stored.version) == (4, "Second", 2)


def test_an_item_left_untouched_on_an_older_page_does_not_overwrite_a_newer_save(
    in_consensus, reviewer, admin
):
    agree(in_consensus, reviewer, C1)
    consensus_save(
        review=in_consensus,
        actor=admin,
        entries=[ConsensusEntry(item_id=item(2).pk, score=4, rationale="Admin", version=1)],
    )
    saved = consensus_save(
        review=in_consensus,
        actor=reviewer,
        entries=[
            ConsensusEntry(item_id=item(2).pk, score=5, rationale="", version=1, changed=False),
            ConsensusEntry(item_id=item(3).pk, score=3, rationale="Lower", version=1),
        ],
    )
    assert saved == 1
    assert ConsensusScore.objects.get(item=item(2)).score == 4
    assert ConsensusScore.objects.get(item=item(3)).score == 3


def test_a_saved_consensus_score_cannot_be_emptied(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    with pytest.raises(ConsensusRejected):
        consensus_save(
            review=in_consensus,
            actor=reviewer,
            entries=[ConsensusEntry(item_id=item(1).pk, score=None, version=1)],
        )


# Finalize and reopen ---------------------------------------------------------------------------


def test_finalizing_needs_a_consensus_score_for_every_item(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    ConsensusScore.objects.filter(item__number__in=[4, 25]).delete()
    with pytest.raises(ValidationError, match="no consensus score yet: 4, 25"):
        services.review_finalize(review=in_consensus, actor=reviewer)
    in_consensus.refresh_from_db()
    assert (in_consensus.status, in_consensus.total) == (Review.Status.CONSENSUS, None)


def test_finalizing_stores_the_total_band_and_who_finalized(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    review = services.review_finalize(review=in_consensus, actor=reviewer)
    review.refresh_from_db()
    assert (review.status, review.total, review.band_label) == ("final", 97, "Fair fidelity")
    assert review.finalized_by == reviewer
    assert review.finalized_at is not None


def test_only_a_review_in_consensus_can_be_finalized(review, reviewer):
    with pytest.raises(ValidationError, match="Only a review in consensus"):
        services.review_finalize(review=review, actor=reviewer)


def test_a_final_review_is_locked(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    services.review_finalize(review=in_consensus, actor=reviewer)
    with pytest.raises(ValidationError):
        consensus_save(review=in_consensus, actor=reviewer, entries=entries_for(in_consensus, C1))
    with pytest.raises(ValidationError, match="reopen it"):
        services.review_save_strengths(
            review=in_consensus, actor=reviewer, strengths="New", expected_version=0
        )


def test_reopening_needs_a_reason(in_consensus, reviewer, admin):
    agree(in_consensus, reviewer, C1)
    services.review_finalize(review=in_consensus, actor=reviewer)
    with pytest.raises(ValidationError, match="reason"):
        services.review_reopen(review=in_consensus, actor=admin, reason="  ")
    in_consensus.refresh_from_db()
    assert in_consensus.is_final


def test_reopening_keeps_the_reason_and_the_total_and_allows_a_new_finalize(
    in_consensus, reviewer, admin
):
    agree(in_consensus, reviewer, C1)
    services.review_finalize(review=in_consensus, actor=reviewer)
    review = services.review_reopen(review=in_consensus, actor=admin, reason="Item 6 miscounted")
    assert (review.status, review.total, review.band_label) == ("consensus", None, "")
    reopening = review.reopenings.get()
    assert (reopening.reason, reopening.previous_total, reopening.reopened_by) == (
        "Item 6 miscounted",
        97,
        admin,
    )
    consensus_save(
        review=review,
        actor=reviewer,
        entries=[ConsensusEntry(item_id=item(6).pk, score=4, rationale="Recounted", version=1)],
    )
    assert services.review_finalize(review=review, actor=reviewer).total == 98


def test_only_a_final_review_can_be_reopened(in_consensus, admin):
    with pytest.raises(ValidationError, match="Only a final review"):
        services.review_reopen(review=in_consensus, actor=admin, reason="Why not")


# Report text -----------------------------------------------------------------------------------


def test_the_strengths_text_is_saved_with_a_new_version(review, reviewer):
    saved = services.review_save_strengths(
        review=review, actor=reviewer, strengths=" Strong team. ", expected_version=0
    )
    assert (saved.strengths, saved.strengths_version, saved.strengths_updated_by) == (
        "Strong team.",
        1,
        reviewer,
    )


def test_a_strengths_save_based_on_an_older_text_is_refused_with_the_other_text(
    review, reviewer, admin
):
    services.review_save_strengths(
        review=review, actor=admin, strengths="Admin's text", expected_version=0
    )
    with pytest.raises(services.EditConflict) as raised:
        services.review_save_strengths(
            review=review, actor=reviewer, strengths="Lead's text", expected_version=0
        )
    assert raised.value.current == {"strengths": "Admin's text"}
    assert (raised.value.saved_by, raised.value.version) == (admin, 1)
    review.refresh_from_db()
    assert review.strengths == "Admin's text"


# Action plan -----------------------------------------------------------------------------------


def action(review, number, **fields) -> ActionItem:
    return ActionItem(item=item(number), action="Weekly employer visits", owner="Team", **fields)


def test_actions_are_for_items_needing_improvement(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    saved = actions.action_item_save(review=in_consensus, action_item=action(in_consensus, 17))
    assert saved.status == ActionItem.Status.OPEN
    with pytest.raises(ValidationError, match="consensus score of 3 or lower"):
        actions.action_item_save(review=in_consensus, action_item=action(in_consensus, 1))


def test_actions_start_once_the_review_reaches_consensus(review):
    with pytest.raises(ValidationError, match="once the review reaches consensus"):
        actions.action_item_save(review=review, action_item=action(review, 17))


def test_actions_stay_editable_after_final_but_cannot_be_deleted(in_consensus, reviewer):
    agree(in_consensus, reviewer, C1)
    saved = actions.action_item_save(review=in_consensus, action_item=action(in_consensus, 17))
    services.review_finalize(review=in_consensus, actor=reviewer)
    in_consensus.refresh_from_db()
    saved.status = ActionItem.Status.DONE
    actions.action_item_save(review=in_consensus, action_item=saved)
    assert ActionItem.objects.get().status == "done"
    with pytest.raises(ValidationError, match="mark the action done"):
        actions.action_item_delete(action_item=ActionItem.objects.get())


# Database constraints --------------------------------------------------------------------------


def test_the_database_allows_one_rating_per_reviewer_and_item(review, reviewer):
    Rating.objects.create(review=review, reviewer=reviewer, item=item(1), score=3)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Rating.objects.create(review=review, reviewer=reviewer, item=item(1), score=4)


def test_the_database_refuses_a_score_outside_the_generic_bound(review, reviewer):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Rating.objects.create(review=review, reviewer=reviewer, item=item(1), score=11)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ConsensusScore.objects.create(review=review, item=item(1), score=11, updated_by=reviewer)


def test_the_database_allows_one_consensus_score_per_item(review, reviewer):
    ConsensusScore.objects.create(review=review, item=item(1), score=3, updated_by=reviewer)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ConsensusScore.objects.create(review=review, item=item(1), score=4, updated_by=reviewer)


def test_the_database_allows_one_lead_per_review(review, colleague):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReviewAssignment.objects.filter(review=review, reviewer=colleague).update(is_lead=True)


def test_the_database_refuses_a_final_review_without_a_total(review):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Review.objects.filter(pk=review.pk).update(status=Review.Status.FINAL)


def test_an_autosave_without_a_score_keeps_the_score_saved_from_another_tab(review, reviewer):
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=4, evidence="")
    ratings.rating_save(review=review, reviewer=reviewer, item=item(1), score=None, evidence="b")
    rating = Rating.objects.get(review=review, reviewer=reviewer)
    assert (rating.score, rating.evidence) == (4, "b")
