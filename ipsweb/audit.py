"""Reading the audit trail kept by django-simple-history, for the history sections of pages."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    kind: str
    changes: tuple[FieldChange, ...]
    reason: str
    subject: str = ""


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    return str(value)


def _related_names(model, field_name: str, rows: list[dict]) -> list[str]:
    """Names of the objects an m2m history value points to (rows are through-table dicts)."""
    field = model._meta.get_field(field_name)
    target = field.related_model
    key = next((k for k in (rows[0] if rows else {}) if k != model._meta.model_name), None)
    ids = [row[key] for row in rows] if key else []
    names = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
    return sorted(names.get(pk, f"#{pk}") for pk in ids)


def _is_many_to_many(model, field_name: str) -> bool:
    try:
        return model._meta.get_field(field_name).many_to_many
    except Exception:  # a field that no longer exists on the model
        return False


def _labelled(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # a field that no longer exists on the model
        return field_name


def _change(model, change) -> FieldChange:
    old, new = change.old, change.new
    if _is_many_to_many(model, change.field):
        old = _related_names(model, change.field, old or [])
        new = _related_names(model, change.field, new or [])
    return FieldChange(_labelled(model, change.field), _shown(old), _shown(new))


def history_entries(instance, limit: int = 50) -> list[HistoryEntry]:
    """The newest changes of one object, each with who, when and the old and new values."""
    return audit_trail([(instance.history.all(), None)], limit=limit)


def audit_trail(sources, limit: int = 100) -> list[HistoryEntry]:
    """Changes from several history querysets, newest first.

    ``sources`` holds ``(historical records, subject)`` pairs; ``subject(record)`` names what a
    record is about (say "Consensus, item 5") or is None for the page's own object. Each record is
    compared with the one before it of the same object; saves that changed nothing visible (a
    login updating a skipped column, say) are left out.
    """
    entries = []
    for records, subject in sources:
        model = records.model.instance_type
        key = model._meta.pk.attname
        previous_of = {}
        for record in records.select_related("history_user").order_by(key, "history_date"):
            previous = previous_of.get(getattr(record, key))
            previous_of[getattr(record, key)] = record
            changes = ()
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                changes = tuple(_change(model, c) for c in delta.changes)
                if not changes:
                    continue
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else str(_("system")),
                    kind=str(KIND_LABELS.get(record.history_type, record.history_type)),
                    changes=changes,
                    reason=record.history_change_reason or "",
                    subject=subject(record) if subject else "",
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# Columns simple-history adds to a historical table; every other column copies the model's.
HISTORY_COLUMNS = {"history_id", "history_date", "history_change_reason", "history_type"}


def history_record_bulk(model, pks: list, *, user, reason: str, kind: str) -> None:
    """Record rows of ``model`` just created (``kind`` "+") or changed ("~") in its audit trail,
    as simple-history does for a save, with ``user`` and ``reason``, in one INSERT ... SELECT.

    For imports: simple-history's own bulk helper builds a Python object per history row, which
    for 100,000 statement answers costs far more than the import itself. Other databases than
    PostgreSQL take that way still.
    """
    if not pks:
        return
    history = model.history.model
    user_column = history._meta.get_field("history_user").column
    columns = [
        field.column
        for field in history._meta.concrete_fields
        if field.column not in HISTORY_COLUMNS and field.column != user_column
    ]
    if connection.vendor != "postgresql":
        objects = list(model._default_manager.filter(pk__in=pks))
        model.history.bulk_history_create(
            objects,
            update=kind == "~",
            default_user=user,
            default_change_reason=reason,
        )
        return
    quote = connection.ops.quote_name
    copied = ", ".join(quote(column) for column in columns)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({copied}, history_date, "
        f"history_change_reason, history_type, {quote(user_column)}) "
        f"SELECT {copied}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), reason[:100], kind, user.pk, list(pks)])
