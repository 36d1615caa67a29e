"""Reading the audit trail kept by django-simple-history, for the history sections of pages."""

from dataclasses import dataclass

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


def _shown(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    return str(value)


def _labelled(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # a field that no longer exists on the model
        return field_name


def history_entries(instance, limit: int = 50) -> list[HistoryEntry]:
    """The newest changes of one object, each with who, when and the old and new values.

    Saves that changed nothing visible (a login updating a skipped column, say) are left out.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        if previous is None or record.history_type != "~":
            changes = ()
        else:
            delta = record.diff_against(previous)
            changes = tuple(
                FieldChange(_labelled(type(instance), c.field), _shown(c.old), _shown(c.new))
                for c in delta.changes
            )
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
            )
        )
    return entries
