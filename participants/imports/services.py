"""Writes of an import: keep a checked plan for confirmation, store it all together or not at all
(see ``participants.imports.checks`` for the checks)."""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Center
from ipsweb import caching
from ipsweb.audit import history_record_bulk
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    ImportBatch,
    ImportLog,
    Participant,
    StatementAnswer,
)
from participants.selectors import import_fingerprint
from participants.services import unused_study_codes


class ImportOutdated(Exception):
    """Stored data the import touches changed after its preview; it must be checked again."""


def import_prepare(
    *, actor, file_name: str, table: dict, plan, options: dict, batch: ImportBatch | None = None
) -> ImportBatch:
    """Keep a checked plan for its owner's confirmation (a new batch, or ``batch`` updated after a
    new check). Expired batches of everyone are deleted on the way."""
    now = timezone.now()
    ImportBatch.objects.filter(expires_at__lte=now).delete()
    batch = batch or ImportBatch(owner=actor, file_name=file_name[:255], table=table)
    batch.expires_at = now + datetime.timedelta(hours=settings.PARTICIPANT_IMPORT_HOURS)
    batch.fingerprint = import_fingerprint(actor, plan.participant_ids)
    batch.options = options
    batch.plan = {
        "rows": plan.rows,
        "changes": [dataclasses.astuple(change) for change in plan.changes],
        "counts": plan.counts,
        "notes": [str(note) for note in plan.notes],
        "participant_ids": plan.participant_ids,
    }
    batch.save()
    return batch


def import_discard(*, actor, batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk, owner=actor).delete()


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def import_commit(*, actor, batch: ImportBatch, change_existing: bool) -> ImportLog:
    """Store a confirmed import all together or not at all, audited like form entry.

    Refused when the batch is gone or expired, or when it changes stored answers and
    ``change_existing`` is not set. ``ImportOutdated`` when the participants it touches changed
    since the check (the plan is then checked again). The data stamp changes once, for caches.
    """
    now = timezone.now()
    batch = ImportBatch.objects.select_for_update().filter(pk=batch.pk, owner=actor).first()
    if batch is None or batch.expires_at <= now:
        raise ValidationError(
            _("This import was already confirmed, discarded or has expired. Upload the file again.")
        )
    plan = batch.plan
    counts = plan["counts"]
    if counts["answers_changed"] and not change_existing:
        raise ValidationError(
            _(
                "The file changes answers that are already stored. Tick “Change the existing "
                "answers shown above” to confirm, or correct the file."
            )
        )
    ids = plan["participant_ids"]
    # Locks the participants, so form entry cannot change them between the check and the writes.
    list(Participant.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    if import_fingerprint(actor, ids) != batch.fingerprint:
        raise ImportOutdated
    history = {"user": actor, "reason": _("Import of %(file)s") % {"file": batch.file_name[:60]}}
    participants = _import_participants(actor, plan["rows"], ids, history)
    _import_surveys(actor, plan["rows"], participants, now, history)
    centers = sorted({participants[r["row"]].center.code for r in plan["rows"]})
    entry = ImportLog.objects.create(
        user=actor,
        file_name=batch.file_name,
        row_count=counts["rows"],
        participants_created=counts["participants_created"],
        baselines_added=counts["baselines_added"],
        screens_added=counts["screens_added"],
        follow_ups_added=counts["follow_ups_added"],
        answers_changed=counts["answers_changed"],
        centers=centers,
    )
    batch.delete()
    caching.changed()  # bulk writes send no signals
    return entry


def _create(objects: list, model, history: dict) -> None:
    """Insert new rows and their audit trail (created by the importer, for the import)."""
    model.objects.bulk_create(objects, batch_size=2000)
    history_record_bulk(model, [o.pk for o in objects], kind="+", **history)


def _update(objects: list, model, fields: list[str], history: dict) -> None:
    if objects:
        model.objects.bulk_update(objects, fields, batch_size=2000)
        history_record_bulk(model, [o.pk for o in objects], kind="~", **history)


def _import_participants(actor, rows: list[dict], ids: list[int], history) -> dict:
    """The participant of every row (by row number), the new ones created."""
    existing = Participant.objects.select_related(
        "center", "baseline", "diagnostic", "follow_up"
    ).in_bulk(ids)
    new_rows = [row for row in rows if row["new"]]
    codes = unused_study_codes(len(new_rows))
    centers = Center.objects.in_bulk({row["new"]["center"] for row in new_rows})
    created = [
        Participant(
            study_code=code,
            center=centers[row["new"]["center"]],
            arm=row["new"]["arm"],
            included_on=_day(row["new"]["included_on"]),
            consent_on=_day(row["new"]["consent_on"]),
            status=row["new"]["status"],
            withdrawn_on=_day(row["new"]["withdrawn_on"]),
            withdrawal_reason=row["new"]["withdrawal_reason"],
            program_reference=row["new"]["program_reference"],
            consent_recorded_by=actor,
        )
        for code, row in zip(codes, new_rows, strict=True)
    ]
    _create(created, Participant, history)
    by_row = {row["row"]: participant for row, participant in zip(new_rows, created, strict=True)}
    for row in rows:
        if not row["new"]:
            by_row[row["row"]] = existing[row["participant"]]
    return by_row


def _value_names(rows: list[dict], section: str) -> list[str]:
    """The answers a section of the plan sets (the same in every row: all of the form's)."""
    return sorted({name for row in rows if row[section] for name in row[section]["values"]})


def _import_surveys(actor, rows: list[dict], participants: dict, now, history) -> None:
    for section, model in [("baseline", BaselineSurvey), ("diagnostic", DiagnosticScreen)]:
        added, changed = [], []
        for row in rows:
            planned = row[section]
            if not planned:
                continue
            participant = participants[row["row"]]
            if planned["add"]:
                added.append(
                    model(participant=participant, entered_by=actor, version=1, **planned["values"])
                )
            else:
                survey = getattr(participant, section)
                for name, value in planned["values"].items():
                    setattr(survey, name, value)
                survey.version += 1
                survey.entered_by = actor
                survey.updated_at = now
                changed.append(survey)
        _create(added, model, history)
        fields = [*_value_names(rows, section), "version", "entered_by", "updated_at"]
        _update(changed, model, fields, history)
    _import_follow_ups(actor, rows, participants, now, history)


def _import_follow_ups(actor, rows: list[dict], participants: dict, now, history) -> None:
    added, changed, answers = [], [], []
    for row in rows:
        planned = row["follow_up"]
        if not planned:
            continue
        participant = participants[row["row"]]
        if planned["add"]:
            channel = planned["channel"]
            survey = FollowUpSurvey(
                participant=participant,
                channel=channel,
                entered_by=actor if channel == FollowUpSurvey.Channel.STAFF else None,
                submitted_at=(
                    datetime.datetime.fromisoformat(planned["submitted_at"])
                    if planned["submitted_at"]
                    else now
                ),
                version=1,
                **planned["values"],
            )
            if timezone.is_naive(survey.submitted_at):
                survey.submitted_at = timezone.make_aware(survey.submitted_at)
            added.append(survey)
        else:
            survey = participant.follow_up
            for name, value in planned["values"].items():
                setattr(survey, name, value)
            survey.version += 1
            survey.updated_at = now
            changed.append(survey)
        answers.append((survey, planned["answers"]))
    _create(added, FollowUpSurvey, history)
    _update(
        changed,
        FollowUpSurvey,
        [*_value_names(rows, "follow_up"), "version", "updated_at"],
        history,
    )
    stored = {
        (a.follow_up_id, a.statement_id): a
        for a in StatementAnswer.objects.filter(follow_up__in=changed)
    }
    new_answers, changed_answers = [], []
    for survey, planned in answers:
        for statement_id, agrees in planned.items():
            answer = stored.get((survey.pk, int(statement_id)))
            if answer is None:
                new_answers.append(
                    StatementAnswer(follow_up=survey, statement_id=int(statement_id), agrees=agrees)
                )
            elif answer.agrees != agrees:
                answer.agrees = agrees
                changed_answers.append(answer)
    _create(new_answers, StatementAnswer, history)
    _update(changed_answers, StatementAnswer, ["agrees"], history)
