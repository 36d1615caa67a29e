import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.selectors import two_factor_required
from centers.models import Center, EmploymentOutcome, OutcomeBenchmark
from centers.roles import Role
from centers.services import user_set_centers

TEST_PASSWORD = "a-long-test-password-2026"


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app (made on first use)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "test phone"}
    )
    return device


def authenticator_code(user) -> str:
    """The code the user's authenticator shows now; usable again (a new login in the same 30 s)."""
    device = authenticator_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(code).zfill(device.digits)


def force_login(client, user) -> None:
    """``client.force_login(user)``, with the second factor given when the user needs one."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and two_factor_required(user):
        device = authenticator_for(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    name = factory.Sequence(lambda n: f"Test center {n}")
    code = factory.Sequence(lambda n: f"T{n}")
    region = "West"
    municipality = "Testby"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``role=Role.MANAGER`` gives a role, ``centers=[...]`` assigns centers."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(Group.objects.get(name=extracted))
            if extracted == Role.ADMIN:
                obj.is_staff = True
                obj.save(update_fields=["is_staff"])

    @factory.post_generation
    def centers(obj, create, extracted, **kwargs):
        if extracted:
            user_set_centers(user=obj, centers=extracted)


class EmploymentOutcomeFactory(factory.django.DjangoModelFactory):
    """Successive quarters from 2024 Q1 on, 40 served and 14 working (35 %)."""

    class Meta:
        model = EmploymentOutcome

    center = factory.SubFactory(CenterFactory)
    # Cycles through the 30 years 1999-2028, 2024 first: a long test run stays within the years
    # an outcome may have (up to two years ahead, ``validate_plausible_year``: a correction of a
    # quarter in 2030 would be refused), and 120 quarters in a row stay distinct for one center.
    year = factory.Sequence(lambda n: 1999 + (n // 4 + 25) % 30)
    quarter = factory.Sequence(lambda n: n % 4 + 1)
    served = 40
    working = 14


class OutcomeBenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeBenchmark

    label = factory.Sequence(lambda n: f"Benchmark {n}")
    rate_percent = 40
    order = factory.Sequence(lambda n: n)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An active IPS participant; ``center`` and ``consent_recorded_by`` default to new ones."""

    class Meta:
        model = "participants.Participant"

    study_code = factory.Sequence(lambda n: f"P-TEST-{n:04d}")
    center = factory.SubFactory(CenterFactory)
    arm = "ips"
    included_on = factory.LazyFunction(lambda: datetime.date(2025, 1, 15))
    consent_on = factory.LazyAttribute(lambda p: p.included_on)
    consent_recorded_by = factory.SubFactory(UserFactory)


class BaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.BaselineSurvey"

    participant = factory.SubFactory(ParticipantFactory)
    entered_by = factory.SelfAttribute("participant.consent_recorded_by")


class DiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.DiagnosticScreen"

    participant = factory.SubFactory(ParticipantFactory)
    entered_by = factory.SelfAttribute("participant.consent_recorded_by")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.FollowUpSurvey"

    participant = factory.SubFactory(ParticipantFactory)
    channel = "staff"
    entered_by = factory.SelfAttribute("participant.consent_recorded_by")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Statement"

    kind = "facilitator"
    text = factory.Sequence(lambda n: f"Test statement {n}")
    position = factory.Sequence(lambda n: 100 + n)


# Reviews -----------------------------------------------------------------------------------------


def ips25():
    """IPS-25 version 1, published by the data migration."""
    from reviews.models import FidelityScale

    return FidelityScale.objects.get(code="IPS-25", version=1)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A planned review of IPS-25; ``reviewers=[lead, other, ...]`` assigns reviewers, the first
    one as lead."""

    class Meta:
        model = "reviews.Review"
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    scale = factory.LazyFunction(ips25)
    kind = "external"
    visit_start = datetime.date(2025, 3, 3)
    visit_end = factory.LazyAttribute(lambda r: r.visit_start + datetime.timedelta(days=1))

    @factory.post_generation
    def reviewers(obj, create, extracted, **kwargs):
        from reviews.models import ReviewAssignment

        for index, user in enumerate(extracted or []):
            ReviewAssignment.objects.create(review=obj, reviewer=user, is_lead=index == 0)


def rate(review, reviewer, scores, *, complete: bool = True) -> None:
    """``reviewer`` scores item n with ``scores[n - 1]`` (through the services)."""
    from reviews.models import ScaleItem
    from reviews.services.ratings import rating_complete, rating_sheet_save

    items = ScaleItem.objects.filter(scale=review.scale)
    rating_sheet_save(
        review=review,
        reviewer=reviewer,
        entries={i.pk: (scores[i.number - 1], f"Evidence {i.number}") for i in items},
    )
    if complete:
        rating_complete(review=review, reviewer=reviewer)
    review.refresh_from_db()


def agree(review, lead, scores, *, rationale: str = "Agreed after discussion.") -> None:
    """The lead records ``scores`` as the consensus of every item."""
    from reviews.models import ScaleItem
    from reviews.services.consensus import ConsensusEntry, consensus_save

    consensus_save(
        review=review,
        actor=lead,
        entries=[
            ConsensusEntry(item_id=i.pk, score=scores[i.number - 1], rationale=rationale)
            for i in ScaleItem.objects.filter(scale=review.scale)
        ],
    )


def final_review(center, reviewers, scores, *, visit_start=datetime.date(2025, 3, 3)):
    """A final IPS-25 review of ``center`` whose reviewers all gave, and agreed, ``scores``."""
    from reviews.services.reviews import review_finalize

    review = ReviewFactory(center=center, reviewers=reviewers, visit_start=visit_start)
    for reviewer in reviewers:
        rate(review, reviewer, scores)
    agree(review, reviewers[0], scores)
    return review_finalize(review=review, actor=reviewers[0])


def stored_final_review(center, scores, *, by, visit_start=datetime.date(2025, 3, 3)):
    """A final IPS-25 review of ``center`` written straight to the database (as the benchmark
    seeds them): its consensus scores, stored total, band and item scores, without the workflow.
    For tests that need many centers; ``final_review`` goes through the services."""
    from django.utils import timezone

    from reviews.models import ConsensusScore, Review, ScaleItem
    from reviews.scoring import score_review, scores_list
    from reviews.selectors import scale_spec

    scale = ips25()
    numbered = dict(enumerate(scores, start=1))
    result = score_review(scale_spec(scale, localize=False), numbered)
    review = Review.objects.create(
        center=center,
        scale=scale,
        visit_start=visit_start,
        visit_end=visit_start,
        status=Review.Status.FINAL,
        total=result.total,
        band_label=result.band or "",
        item_scores=scores_list(numbered),
        finalized_at=timezone.now(),
        finalized_by=by,
    )
    ConsensusScore.objects.bulk_create(
        ConsensusScore(review=review, item=item, score=numbered[item.number], updated_by=by)
        for item in ScaleItem.objects.filter(scale=scale)
    )
    return review


def reviews_in_every_state(center, lead, partner=None) -> dict:
    """For tests that visit every review page: a review being rated, one whose ratings are all
    complete (ready for consensus), a final one with an action item, and a draft scale version.
    ``lead`` leads all of them, with a second reviewer (``partner``, made here if not given)."""
    from reviews.demo import TABLE_5
    from reviews.models import ActionItem, ScaleItem
    from reviews.services.scales import scale_new_draft

    partner = partner or UserFactory(role=Role.REVIEWER)
    review = ReviewFactory(center=center, reviewers=[lead, partner])
    ready = ReviewFactory(
        center=center, reviewers=[lead, partner], visit_start=datetime.date(2025, 6, 2)
    )
    for reviewer in (lead, partner):
        rate(ready, reviewer, TABLE_5["C1"])
    final = final_review(
        center, [lead, partner], TABLE_5["C2"], visit_start=datetime.date(2024, 1, 8)
    )
    first_item = ScaleItem.objects.filter(scale=final.scale).order_by("number").first()
    draft = scale_new_draft(scale=ips25())
    return {
        "review": review,
        "ready": ready,
        "final": final,
        "action": ActionItem.objects.create(
            review=final, item=first_item, action="Do", owner="Team"
        ),
        "item": first_item,
        "published": ips25(),
        "draft": draft,
        "draft_item": draft.items.order_by("pk").first(),
    }
