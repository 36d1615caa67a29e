"""Services that write several rows do all or nothing: a failure injected half-way leaves
nothing half-written."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group

from centers.models import EmploymentOutcome
from centers.roles import Role, user_role
from centers.services import outcome_import, user_save
from participants.models import BaselineSurvey, FollowUpSurvey, Participant, StatementAnswer
from participants.services import follow_up_save, participant_erase
from reviews.demo import TABLE_5
from reviews.models import ConsensusScore, FidelityScale, Rating
from reviews.rating_workbook import SheetEntry
from reviews.services.consensus import ConsensusEntry, consensus_save
from reviews.services.ratings import rating_sheet_apply, rating_sheet_save
from reviews.services.scales import scale_new_draft
from tests.factories import (
    BaselineFactory,
    ParticipantFactory,
    ReviewFactory,
    StatementFactory,
    UserFactory,
    ips25,
    rate,
)

pytestmark = pytest.mark.django_db


class Injected(Exception):
    pass


def failing_on_call(original, call: int):
    """Wrap ``original`` so that its ``call``-th use raises, after the earlier ones went through."""
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise Injected(f"failure injected at call {call}")
        return original(*args, **kwargs)

    return wrapper


@pytest.fixture
def pair():
    return UserFactory(role=Role.REVIEWER), UserFactory(role=Role.REVIEWER)


def test_a_rating_sheet_that_fails_half_way_stores_no_rating(center, pair):
    review = ReviewFactory(center=center, reviewers=list(pair))
    items = list(review.scale.items.order_by("number"))
    entries = {item.pk: (TABLE_5["C1"][item.number - 1], "evidence") for item in items}
    original = Rating.objects.update_or_create
    with (
        mock.patch.object(Rating.objects, "update_or_create", failing_on_call(original, 13)),
        pytest.raises(Injected),
    ):
        rating_sheet_save(review=review, reviewer=pair[0], entries=entries)
    assert not Rating.objects.filter(review=review).exists()
    assert not Rating.history.filter(review_id=review.pk).exists()


def test_an_uploaded_rating_sheet_that_fails_half_way_applies_no_rating(center, pair):
    review = ReviewFactory(center=center, reviewers=list(pair))
    entries = [
        SheetEntry(item.pk, item.number, TABLE_5["C2"][item.number - 1], "from the sheet", 0)
        for item in review.scale.items.order_by("number")
    ]
    original = Rating.objects.create
    with (
        mock.patch.object(Rating.objects, "create", failing_on_call(original, 13)),
        pytest.raises(Injected),
    ):
        rating_sheet_apply(review=review, reviewer=pair[0], entries=entries)
    assert not Rating.objects.filter(review=review).exists()
    assert not Rating.history.filter(review_id=review.pk).exists()


def test_a_consensus_save_that_fails_half_way_stores_no_score(center, pair):
    review = ReviewFactory(center=center, reviewers=list(pair))
    for reviewer in pair:
        rate(review, reviewer, TABLE_5["C3"])
    entries = [
        ConsensusEntry(item_id=item.pk, score=TABLE_5["C3"][item.number - 1], rationale="ok")
        for item in review.scale.items.all()
    ]
    original = ConsensusScore.objects.create
    with (
        mock.patch.object(ConsensusScore.objects, "create", failing_on_call(original, 20)),
        pytest.raises(Injected),
    ):
        consensus_save(review=review, actor=pair[0], entries=entries)
    assert not ConsensusScore.objects.filter(review=review).exists()


def test_a_follow_up_that_fails_half_way_stores_neither_survey_nor_answers(center, manager):
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    statements = [StatementFactory() for _ in range(4)]
    original = StatementAnswer.objects.update_or_create
    with (
        mock.patch.object(
            StatementAnswer.objects, "update_or_create", failing_on_call(original, 3)
        ),
        pytest.raises(Injected),
    ):
        follow_up_save(
            participant=participant,
            channel=FollowUpSurvey.Channel.STAFF,
            actor=manager,
            values={"usefulness": 4},
            answers={s.pk: True for s in statements},
        )
    assert not FollowUpSurvey.objects.exists()
    assert not StatementAnswer.objects.exists()


def test_an_erasure_that_fails_half_way_erases_nothing(center, admin, manager):
    participant = ParticipantFactory(center=center, consent_recorded_by=manager)
    BaselineFactory(participant=participant, age=40)
    with (
        mock.patch("participants.services.EraseLog.objects.create", side_effect=Injected),
        pytest.raises(Injected),
    ):
        participant_erase(actor=admin, participant=participant)
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ACTIVE
    assert BaselineSurvey.objects.get(participant=participant).age == 40
    assert BaselineSurvey.history.filter(participant_id=participant.pk).exists()


def test_a_role_change_that_fails_half_way_keeps_the_old_role_and_centers(
    admin, manager, center, other_center
):
    with (
        mock.patch("centers.services.user_set_centers", side_effect=Injected),
        pytest.raises(Injected),
    ):
        user_save(actor=admin, user=manager, role=Role.REVIEWER, centers=[other_center])
    manager = type(manager).objects.get(pk=manager.pk)
    assert user_role(manager) == Role.MANAGER
    assert list(manager.centers.all()) == [center]
    assert list(manager.groups.all()) == [Group.objects.get(name=Role.MANAGER)]


def test_an_outcome_import_that_fails_half_way_imports_nothing(admin, center):
    text = "center_code,year,quarter,served,working\nNV,2025,1,40,12\nNV,2025,2,41,13\n"
    with (
        mock.patch.object(EmploymentOutcome.objects, "bulk_update", side_effect=Injected),
        pytest.raises(Injected),
    ):
        outcome_import(actor=admin, text=text, replace_existing=True)
    assert not EmploymentOutcome.objects.exists()


def test_a_new_scale_version_that_fails_half_way_leaves_no_draft():
    from reviews.models import ScaleItem

    original = ScaleItem.objects.create
    with (
        mock.patch.object(ScaleItem.objects, "create", failing_on_call(original, 12)),
        pytest.raises(Injected),
    ):
        scale_new_draft(scale=ips25())
    assert not FidelityScale.objects.filter(status=FidelityScale.Status.DRAFT).exists()
    assert ScaleItem.objects.count() == 25
