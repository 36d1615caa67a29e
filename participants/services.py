"""Writes for participants, surveys, statements, self-completion links and exports."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsweb.concurrency import EditConflict
from ipsweb.links import check_expiry_day, days_ahead, new_link
from ipsweb.translations import active_language, localized
from participants.completeness import completeness
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    EraseLog,
    ExportLog,
    FollowUpSurvey,
    Participant,
    ReadLog,
    SelfCompletionLink,
    Statement,
    StatementAnswer,
)
from participants.study_codes import new_study_code

# The longest a self-completion link may stay open.
MAX_LINK_DAYS = 90


def unused_study_code(rng=None) -> str:
    """A study code no participant has yet (the unique constraint guards against a race)."""
    for _attempt in range(20):
        code = new_study_code(rng)
        if not Participant.objects.filter(study_code=code).exists():
            return code
    raise RuntimeError("could not draw an unused study code")  # about 1 in 10^200: a bug


def unused_study_codes(count: int) -> list[str]:
    """``count`` different study codes no participant has yet, in a few queries (imports)."""
    codes: set[str] = set()
    for _attempt in range(20):
        drawn = {new_study_code() for _ in range(count - len(codes))} - codes
        taken = set(
            Participant.objects.filter(study_code__in=drawn).values_list("study_code", flat=True)
        )
        codes |= drawn - taken
        if len(codes) == count:
            return list(codes)
    raise RuntimeError("could not draw unused study codes")  # about 1 in 10^200: a bug


def participant_register(
    *,
    actor,
    center,
    arm: str,
    included_on: datetime.date,
    consent_on: datetime.date,
) -> Participant:
    """A new participant with a fresh random study code; ``actor`` recorded the consent."""
    participant = Participant(
        study_code=unused_study_code(),
        center=center,
        arm=arm,
        included_on=included_on,
        consent_on=consent_on,
        consent_recorded_by=actor,
    )
    participant.full_clean()
    participant.save()
    return participant


def participant_save(*, participant: Participant) -> Participant:
    """Store corrected registration details (center, arm, dates)."""
    if participant.is_erased:
        raise ValidationError(_("This participant was erased on request and cannot be changed."))
    if (
        participant.arm != Participant.Arm.IPS
        and FollowUpSurvey.objects.filter(participant=participant).exists()
    ):
        raise ValidationError(
            {"arm": _("This participant answered the IPS follow-up, so the arm must stay IPS.")}
        )
    participant.full_clean()
    participant.save()
    return participant


def participant_withdraw(
    *, participant: Participant, withdrawn_on: datetime.date, reason: str
) -> Participant:
    """Withdraw: the data collected so far is kept and flagged; nothing new can be recorded."""
    if not participant.is_active:
        raise ValidationError(_("Only an active participant can be withdrawn."))
    participant.status = Participant.Status.WITHDRAWN
    participant.withdrawn_on = withdrawn_on
    participant.withdrawal_reason = reason.strip()
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_erase(*, actor, participant: Participant) -> Participant:
    """Remove every personal answer on the participant's request.

    The participant row stays as a stub (study code, center, arm, dates, status "erased") so that
    counts of included participants do not change; an ``EraseLog`` row records who and when.
    """
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.is_erased:
        raise ValidationError(_("This participant's answers were already erased."))
    BaselineSurvey.objects.filter(participant=participant).delete()
    DiagnosticScreen.objects.filter(participant=participant).delete()
    follow_up_ids = list(
        FollowUpSurvey.objects.filter(participant=participant).values_list("pk", flat=True)
    )
    FollowUpSurvey.objects.filter(participant=participant).delete()
    SelfCompletionLink.objects.filter(participant=participant).delete()
    participant.status = Participant.Status.ERASED
    participant.withdrawal_reason = ""
    participant.save()
    # The audit trail must not keep what the participant asked us to erase: drop the history of
    # every answer (including the deletions just recorded) and blank the free-text reason in the
    # participant's own history. Who erased and when stays, in EraseLog and the status change.
    for model in (BaselineSurvey, DiagnosticScreen, FollowUpSurvey, SelfCompletionLink):
        model.history.filter(participant_id=participant.pk).delete()
    StatementAnswer.history.filter(follow_up_id__in=follow_up_ids).delete()
    Participant.history.filter(id=participant.pk).update(withdrawal_reason="")
    EraseLog.objects.create(participant=participant, erased_by=actor)
    return participant


def require_active(participant: Participant) -> None:
    if not participant.is_active:
        raise ValidationError(
            _(
                "Answers can only be recorded for active participants; this participant is "
                "%(status)s."
            )
            % {"status": participant.get_status_display().lower()}
        )


def require_ips_arm(participant: Participant) -> None:
    if participant.arm != Participant.Arm.IPS:
        raise ValidationError(_("The follow-up survey is only for participants in the IPS arm."))


def _require_follow_up_possible(participant: Participant) -> None:
    require_active(participant)
    require_ips_arm(participant)


@transaction.atomic
def survey_save(
    *, actor, survey: BaselineSurvey | DiagnosticScreen, expected_version: int | None = None
):
    """Store a baseline survey or diagnostic screen entered by staff (active participants only).

    ``expected_version`` is the version the user's form showed (0: nothing stored yet). If the
    stored survey has moved on since, nothing is saved and ``EditConflict`` shows the other
    person's answers. None skips the check (for imports and demo data).
    """
    require_active(survey.participant)
    model = type(survey)
    stored = model.objects.select_for_update().filter(participant=survey.participant).first()
    _check_version(stored, expected_version)
    if stored is not None:
        survey.pk = stored.pk
        survey._state.adding = False
    survey.version = (stored.version if stored else 0) + 1
    survey.entered_by = actor
    survey.full_clean(validate_unique=stored is None)
    _save_new_or_conflict(survey, stored is None)
    return survey


def _check_version(stored, expected_version: int | None) -> None:
    if expected_version is None:
        return
    if (stored.version if stored else 0) != expected_version:
        raise _conflict(stored)


def _conflict(stored) -> EditConflict:
    return EditConflict(
        _("Someone else saved this survey while you were filling it in. Nothing was saved."),
        current=survey_answers(stored),
        saved_by=stored.entered_by if stored else None,
        version=stored.version if stored else 0,
    )


def _save_new_or_conflict(survey, is_new: bool) -> None:
    """Save; a new survey that another request stored first (same participant) is a conflict."""
    if not is_new:
        survey.save()
        return
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        raise _conflict(type(survey).objects.get(participant=survey.participant)) from None


# Columns of a survey that are not answers, left out when showing someone else's save.
SURVEY_BOOKKEEPING = {"id", "channel", "submitted_at", "updated_at", "version"}
NOT_ANSWERED_LABEL = gettext_lazy("Not answered")


def survey_answers(survey) -> dict[str, str]:
    """A stored survey as the page shows it: question label -> answer (for conflict messages)."""
    if survey is None:
        return {}
    answers = {}
    for field in survey._meta.concrete_fields:
        if field.name in SURVEY_BOOKKEEPING or field.is_relation:
            continue
        value = getattr(survey, field.name)
        if value is None or value == "":
            shown = str(NOT_ANSWERED_LABEL)
        elif field.choices:
            shown = str(getattr(survey, f"get_{field.name}_display")())
        elif isinstance(value, bool):
            shown = str(_("Yes") if value else _("No"))
        else:
            shown = str(value)
        answers[str(field.verbose_name).capitalize()] = shown
    if isinstance(survey, FollowUpSurvey):
        for answer in survey.answers.select_related("statement").order_by("statement__position"):
            if answer.agrees is None:
                shown = NOT_ANSWERED_LABEL
            else:
                shown = _("Yes") if answer.agrees else _("No")
            answers[localized(answer.statement, "text")] = str(shown)
    return answers


BLANK_FOLLOW_UP = gettext_lazy(
    "No question is answered, so nothing was saved: an empty survey is not a response. "
    "Answer at least one question."
)


@transaction.atomic
def follow_up_save(
    *,
    participant: Participant,
    channel: str,
    actor,
    values: dict,
    answers: dict[int, bool | None],
    expected_version: int | None = None,
) -> FollowUpSurvey:
    """Create or correct the follow-up survey of a participant.

    ``values`` holds the scales and the two open texts; ``answers`` maps statement ids to yes
    (True), no (False) or not answered (None). The channel and who entered it are set when the
    survey is first stored; a correction by staff keeps them. ``expected_version`` works as in
    ``survey_save``: a correction based on an older version is refused with ``EditConflict``.
    A blank survey (see ``participants.completeness``) is refused and nothing is stored.
    """
    _require_follow_up_possible(participant)
    if completeness(values, answers).is_blank:
        raise ValidationError(BLANK_FOLLOW_UP, code="blank")
    follow_up = FollowUpSurvey.objects.select_for_update().filter(participant=participant).first()
    is_new = follow_up is None
    if follow_up is not None and channel == FollowUpSurvey.Channel.SELF:
        raise ValidationError(_("This follow-up survey has already been answered."))
    _check_version(follow_up, expected_version)
    if follow_up is None:
        follow_up = FollowUpSurvey(
            participant=participant,
            channel=channel,
            entered_by=actor if channel == FollowUpSurvey.Channel.STAFF else None,
            submitted_at=timezone.now(),
        )
    for field, value in values.items():
        setattr(follow_up, field, value)
    follow_up.version += 1
    follow_up.full_clean(validate_unique=False)
    try:
        _save_new_or_conflict(follow_up, is_new)
    except EditConflict:
        if channel == FollowUpSurvey.Channel.SELF:
            raise ValidationError(_("This follow-up survey has already been answered.")) from None
        raise
    known = set(Statement.objects.filter(pk__in=answers).values_list("pk", flat=True))
    if known != set(answers):
        raise ValidationError(_("The survey changed while it was open. Please start again."))
    for statement_id, agrees in answers.items():
        StatementAnswer.objects.update_or_create(
            follow_up=follow_up, statement_id=statement_id, defaults={"agrees": agrees}
        )
    return follow_up


@transaction.atomic
def link_create(
    *, actor, participant: Participant, expires_on: datetime.date, language: str | None = None
) -> tuple[SelfCompletionLink, str]:
    """A new single-use link for the participant's follow-up; returns it with its token.

    The survey opens in ``language`` (default: the active language, the staff member's).

    The token is returned once and never stored. A new link withdraws any link still open, so at
    most one link per participant works at a time.
    """
    _require_follow_up_possible(participant)
    if FollowUpSurvey.objects.filter(participant=participant).exists():
        raise ValidationError(_("The follow-up survey has already been answered."))
    check_expiry_day(expires_on, max_days=MAX_LINK_DAYS)
    return new_link(
        SelfCompletionLink,
        replaces=SelfCompletionLink.objects.filter(
            participant=participant, used_at__isnull=True, revoked_at__isnull=True
        ),
        expires_on=expires_on,
        participant=participant,
        created_by=actor,
        language=language or active_language(),
    )


def default_link_expiry() -> datetime.date:
    return days_ahead(settings.SELF_COMPLETION_LINK_DAYS)


def link_revoke(*, link: SelfCompletionLink) -> SelfCompletionLink:
    if link.state() != SelfCompletionLink.State.OPEN:
        raise ValidationError(_("This link is no longer open."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return link


class LinkUnavailable(Exception):
    """The link was used, withdrawn or expired between opening the page and submitting it."""


@transaction.atomic
def link_submit(
    *, link: SelfCompletionLink, values: dict, answers: dict[int, bool | None]
) -> FollowUpSurvey:
    """Store the participant's own answers and close the link, all or nothing.

    The link is claimed with one conditional UPDATE, so two submits racing on the same link cannot
    both win, on any database.
    """
    now = timezone.now()
    claimed = SelfCompletionLink.objects.filter(
        pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not claimed:
        raise LinkUnavailable
    return follow_up_save(
        participant=link.participant,
        channel=FollowUpSurvey.Channel.SELF,
        actor=None,
        values=values,
        answers=answers,
    )


@transaction.atomic
def statement_save(
    *,
    statement: Statement | None,
    kind: str,
    text: str,
    position: int,
    is_active: bool,
    translations: Mapping[str, str] | None = None,
) -> Statement:
    """Create or edit a statement without changing what stored answers meant.

    ``translations`` maps other languages to the statement's text in them (empty: none, pages
    show ``text``). A statement that has answers keeps its texts and kind for ever: changing any
    retires it and creates a successor that ``replaces`` it. Order and active flag may change
    freely.
    """
    text = " ".join(text.split())
    texts = {
        language: {"text": " ".join(value.split())}
        for language, value in (translations or {}).items()
        if value.strip()
    }
    if statement is None:
        created = Statement(
            kind=kind, text=text, position=position, is_active=is_active, translations=texts
        )
        created.full_clean()
        created.save()
        return created
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if translations is None:
        texts = current.translations
    meaning_changes = (text, kind, texts) != (current.text, current.kind, current.translations)
    has_answers = current.answers.exists()
    replaced = Statement.objects.filter(replaces=current).exists()
    if replaced and (meaning_changes or is_active):
        raise ValidationError(
            _("This statement was replaced by a newer version. Edit that one instead.")
        )
    if meaning_changes and has_answers:
        current.is_active = False
        current.save(update_fields=["is_active"])
        successor = Statement(
            kind=kind,
            text=text,
            translations=texts,
            position=position,
            is_active=is_active,
            replaces=current,
        )
        successor.full_clean()
        successor.save()
        return successor
    current.kind, current.text, current.position, current.is_active = (
        kind,
        text,
        position,
        is_active,
    )
    current.translations = texts
    current.full_clean()
    current.save()
    return current


def export_record(*, user, format: str, filters: dict, row_count: int) -> ExportLog:
    entry = ExportLog(user=user, format=format, filters=filters, row_count=row_count)
    entry.full_clean()
    entry.save()
    return entry


def read_record(*, user, kind: str, path: str, participant=None, center=None) -> ReadLog:
    """Log that ``user`` opened participant data (a page or an export) at ``path``."""
    if participant is not None:
        center = participant.center
    entry = ReadLog(user=user, kind=kind, path=path[:500], participant=participant, center=center)
    entry.save()
    return entry


def read_log_purge(*, now=None) -> int:
    """Delete read log entries older than HEALTH_READ_LOG_RETENTION_DAYS; return how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.HEALTH_READ_LOG_RETENTION_DAYS)
    deleted, _by_model = ReadLog.objects.filter(read_at__lt=cutoff).delete()
    return deleted
