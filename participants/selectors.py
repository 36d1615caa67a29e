"""Reads for the participant pages, always limited to the user's centers."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centers.models import Center
from centers.selectors import health_data_centers_for_user
from ipsweb.links import link_for_token as link_of_token
from participants.models import (
    ExportLog,
    FollowUpSurvey,
    ImportBatch,
    ImportLog,
    Participant,
    ReadLog,
    SelfCompletionLink,
    Statement,
)
from participants.schedule import FollowUpState, follow_up_state
from participants.severity import Diagnoses, Severity, classify

VIEW = "participants.view_participant"


def participants_for_user(user) -> QuerySet[Participant]:
    """Participants of the centers in the user's scope; none without the permission to see them."""
    if not user.has_perm(VIEW):
        return Participant.objects.none()
    return Participant.objects.filter(center__in=health_data_centers_for_user(user))


def participant_for_user(user, pk: int, *, perm: str = VIEW) -> Participant:
    """One participant: 404 outside the user's scope, 403 in scope without ``perm``."""
    participant = get_object_or_404(
        Participant.objects.filter(center__in=health_data_centers_for_user(user)).select_related(
            "center", "consent_recorded_by"
        ),
        pk=pk,
    )
    if not (user.has_perm(VIEW) and user.has_perm(perm)):
        raise PermissionDenied
    return participant


def centers_for_registration(user) -> QuerySet[Center]:
    """Centers where the user may register participants: active ones in scope."""
    if not user.has_perm("participants.add_participant"):
        return Center.objects.none()
    return health_data_centers_for_user(user).filter(is_active=True).order_by("name")


def participant_list(
    user, *, center: Center | None = None, arm: str = "", status: str = "", query: str = ""
) -> QuerySet[Participant]:
    participants = participants_for_user(user).select_related(
        "center", "baseline", "diagnostic", "follow_up"
    )
    if center is not None:
        participants = participants.filter(center=center)
    if arm:
        participants = participants.filter(arm=arm)
    if status:
        participants = participants.filter(status=status)
    if query:
        participants = participants.filter(study_code__icontains=query)
    return participants.order_by("center__name", "-included_on", "study_code")


def severity_of(participant: Participant) -> Severity:
    screen = getattr(participant, "diagnostic", None)
    if screen is None:
        return Severity.UNKNOWN
    return classify(Diagnoses(**{field: getattr(screen, field) for field in screen.DIAGNOSES}))


def related_or_none(participant: Participant, name: str):
    """A reverse one-to-one (baseline, diagnostic, follow-up) or None when it does not exist."""
    return getattr(participant, name, None)


# Facilitators come before barriers, in the survey and in every list of statements.
STATEMENT_KINDS = [Statement.Kind.FACILITATOR, Statement.Kind.BARRIER]


def statements_in_order(statements) -> list[Statement]:
    return sorted(statements, key=lambda s: (STATEMENT_KINDS.index(s.kind), s.position, s.pk))


def statements_for_follow_up(follow_up: FollowUpSurvey | None) -> list[Statement]:
    """Active statements, plus any (retired) statement this survey already answered."""
    condition = Q(is_active=True)
    if follow_up is not None:
        condition |= Q(answers__follow_up=follow_up)
    return statements_in_order(Statement.objects.filter(condition).distinct())


def follow_up_answers(follow_up: FollowUpSurvey | None) -> dict[int, bool | None]:
    if follow_up is None:
        return {}
    return dict(follow_up.answers.values_list("statement_id", "agrees"))


def answered_statements(follow_up: FollowUpSurvey) -> list[tuple[Statement, bool | None]]:
    answers = follow_up.answers.select_related("statement")
    ordered = statements_in_order([answer.statement for answer in answers])
    by_statement = {answer.statement_id: answer.agrees for answer in answers}
    return [(statement, by_statement[statement.pk]) for statement in ordered]


def links_of(participant: Participant) -> list[SelfCompletionLink]:
    return list(participant.links.select_related("created_by").order_by("-created_at"))


@dataclass(frozen=True)
class DueFollowUp:
    participant: Participant
    due_on: datetime.date
    state: FollowUpState
    open_link: SelfCompletionLink | None


def due_follow_ups(
    user, *, center: Center | None = None, today: datetime.date | None = None
) -> list[DueFollowUp]:
    """Follow-ups of active IPS participants without an answer, due within two weeks or overdue
    (missed ones, whose window has closed, are left out)."""
    today = today or timezone.localdate()
    now = timezone.now()
    participants = (
        participants_for_user(user)
        .filter(
            status=Participant.Status.ACTIVE,
            arm=Participant.Arm.IPS,
            follow_up__isnull=True,
        )
        .select_related("center")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=SelfCompletionLink.objects.filter(
                    used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
                ),
                to_attr="open_links",
            )
        )
    )
    if center is not None:
        participants = participants.filter(center=center)
    rows = []
    for participant in participants:
        due_on = participant.follow_up_due_on
        state = follow_up_state(due_on, today, received=False)
        if state in (FollowUpState.DUE, FollowUpState.OVERDUE):
            open_link = participant.open_links[0] if participant.open_links else None
            rows.append(DueFollowUp(participant, due_on, state, open_link))
    return sorted(rows, key=lambda row: (row.due_on, row.participant.study_code))


def link_for_token(token: str) -> SelfCompletionLink | None:
    """The link a token opens, whatever its state; None for a token nobody was given."""
    return link_of_token(SelfCompletionLink.objects.select_related("participant"), token)


def read_log(
    *,
    user=None,
    center: Center | None = None,
    read_from: datetime.date | None = None,
    read_to: datetime.date | None = None,
) -> QuerySet[ReadLog]:
    """Reads of participant data, newest first, narrowed by reader, center and days (inclusive)."""
    entries = ReadLog.objects.select_related("user", "participant", "center")
    if user is not None:
        entries = entries.filter(user=user)
    if center is not None:
        entries = entries.filter(center=center)
    if read_from is not None:
        entries = entries.filter(read_at__date__gte=read_from)
    if read_to is not None:
        entries = entries.filter(read_at__date__lte=read_to)
    return entries.order_by("-read_at", "-pk")


def export_log() -> QuerySet[ExportLog]:
    return ExportLog.objects.select_related("user").order_by("-created_at")


def statement_list() -> QuerySet[Statement]:
    """Every statement, retired ones too, with how many answers each has, in the order of
    ``statements_in_order`` but sorted by the database, so the list can be read a page at a time."""
    kind_order = Case(*(When(kind=kind, then=Value(n)) for n, kind in enumerate(STATEMENT_KINDS)))
    return (
        Statement.objects.select_related("replaces", "replaced_by")
        .annotate(answer_count=Count("answers"))
        .order_by(kind_order, "position", "pk")
    )


def import_fingerprint(user, participant_ids: list[int]) -> str:
    """A digest of what an import was checked against: the importer's centers and the stored
    state of the participants it touches (every survey save raises a version). Two queries."""
    centers = list(health_data_centers_for_user(user).order_by("pk").values_list("pk", "is_active"))
    participants = list(
        Participant.objects.filter(pk__in=participant_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "center_id",
            "status",
            "arm",
            "updated_at",
            "baseline__version",
            "diagnostic__version",
            "follow_up__version",
        )
    )
    return hashlib.sha256(repr((centers, participants)).encode()).hexdigest()


def import_batch_for_user(user, pk: int):
    """An import waiting for confirmation: only its owner's, and not expired (404 otherwise)."""
    return get_object_or_404(
        ImportBatch.objects.filter(owner=user, expires_at__gt=timezone.now()), pk=pk
    )


def import_log() -> QuerySet[ImportLog]:
    return ImportLog.objects.select_related("user").order_by("-created_at", "-pk")
