"""Participant-level exports (admins only): one row per participant, coded values with labels.

Every coded variable has a code column and a ``_label`` column. An empty cell means "not
answered" (or "not assessed", or no survey). A data dictionary describes every column.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsweb.spreadsheets import Sheet, csv_bytes, xlsx_bytes
from ipsweb.translations import localized
from participants.dashboard import Filters
from participants.models import (
    SEVERITY_LABELS,
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    Participant,
    Statement,
    StatementAnswer,
)
from participants.selectors import participants_for_user, severity_of, statements_in_order
from participants.severity import RULE_VERSION, Severity


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    kind: str  # text, date, integer, code
    codes: tuple[tuple[object, str], ...] = ()


FORMATS_NOTE = gettext_lazy(
    "CSV: dates as YYYY-MM-DD (ISO 8601) and numbers with a decimal point, whatever the language "
    "of the pages. Excel: real dates and numbers."
)
YES_NO = ((1, gettext_lazy("Yes")), (0, gettext_lazy("No")))


def _yes_no(value: bool | None):
    return None if value is None else int(value)


def _label(codes, value) -> str | None:
    return None if value is None else dict(codes).get(value)


def _coded(name: str, description: str, codes) -> list[Column]:
    return [
        Column(name, description, "code", tuple(codes)),
        Column(f"{name}_label", _("Label of %(name)s") % {"name": name}, "text"),
    ]


def columns(statements: list[Statement]) -> list[Column]:
    baseline = BaselineSurvey._meta
    diagnostic = DiagnosticScreen._meta
    result = [
        Column("study_code", _("Random study code"), "text"),
        Column("center_code", _("Short code of the center"), "text"),
        *_coded("arm", _("Trial arm"), Participant.Arm.choices),
        Column("included_on", _("Inclusion date"), "date"),
        Column("consent_on", _("Consent date"), "date"),
        *_coded("status", _("Status"), Participant.Status.choices),
        Column("withdrawn_on", _("Withdrawal date"), "date"),
        Column("follow_up_due_on", _("Follow-up due date"), "date"),
        Column("age", str(baseline.get_field("age").verbose_name), "integer"),
        *_coded("gender", _("Gender"), BaselineSurvey.Gender.choices),
    ]
    for name in ["higher_education", "reading_writing_difficulties"]:
        result += _coded(name, str(baseline.get_field(name).verbose_name), YES_NO)
    for name in ["years_employed", "eq_vas", "whodas_total"]:
        result.append(Column(name, str(baseline.get_field(name).verbose_name), "integer"))
    for name in ["violence_experienced", "involuntary_commitment"]:
        result += _coded(name, str(baseline.get_field(name).verbose_name), YES_NO)
    result.append(
        Column(
            "years_with_complaints",
            str(baseline.get_field("years_with_complaints").verbose_name),
            "integer",
        )
    )
    for name in DiagnosticScreen.DIAGNOSES:
        description = _("M.I.N.I.: %(name)s") % {"name": diagnostic.get_field(name).verbose_name}
        result += _coded(name, description, YES_NO)
    result += [
        *_coded(
            "severity",
            _("Severity derived from the M.I.N.I. screen"),
            [(s.value, str(SEVERITY_LABELS[s])) for s in Severity],
        ),
        Column("severity_rule", _("Version of the severity rule"), "text"),
        *_coded(
            "follow_up_channel", _("How the follow-up came in"), FollowUpSurvey.Channel.choices
        ),
        Column("follow_up_submitted_at", _("When the follow-up was submitted"), "text"),
    ]
    for statement in statements:
        retired = "" if statement.is_active else _(" (retired)")
        description = f"{statement.get_kind_display()}{retired}: {localized(statement, 'text')}"
        result += _coded(f"statement_{statement.pk}", description, YES_NO)
    result += [
        Column("facilitator_comment", _("Open text under the facilitators"), "text"),
        Column("barrier_comment", _("Open text under the barriers"), "text"),
        *_coded(
            "specialist_satisfaction",
            _("Satisfaction with the IPS specialist"),
            FollowUpSurvey.Satisfaction.choices,
        ),
        *_coded(
            "general_satisfaction", _("General satisfaction"), FollowUpSurvey.Satisfaction.choices
        ),
        *_coded("usefulness", _("Usefulness"), FollowUpSurvey.Usefulness.choices),
    ]
    return result


def _put_coded(row: dict, name: str, value, codes) -> None:
    row[name] = value
    row[f"{name}_label"] = None if value is None else str(_label(codes, value))


def participant_row(participant: Participant, answers: dict[int, bool | None], statements):
    row: dict[str, object] = {
        "study_code": participant.study_code,
        "center_code": participant.center.code,
        "included_on": participant.included_on,
        "consent_on": participant.consent_on,
        "withdrawn_on": participant.withdrawn_on,
        "follow_up_due_on": participant.follow_up_due_on,
    }
    _put_coded(row, "arm", participant.arm, Participant.Arm.choices)
    _put_coded(row, "status", participant.status, Participant.Status.choices)
    baseline = getattr(participant, "baseline", None)
    for name in BASELINE_NUMBERS:
        row[name] = getattr(baseline, name) if baseline else None
    _put_coded(row, "gender", baseline.gender if baseline else None, BaselineSurvey.Gender.choices)
    for name in BASELINE_YES_NO:
        _put_coded(row, name, _yes_no(getattr(baseline, name)) if baseline else None, YES_NO)
    screen = getattr(participant, "diagnostic", None)
    for name in DiagnosticScreen.DIAGNOSES:
        _put_coded(row, name, _yes_no(getattr(screen, name)) if screen else None, YES_NO)
    severity = severity_of(participant)
    _put_coded(row, "severity", severity.value, [(s.value, SEVERITY_LABELS[s]) for s in Severity])
    row["severity_rule"] = RULE_VERSION
    follow_up = getattr(participant, "follow_up", None)
    _put_coded(
        row,
        "follow_up_channel",
        follow_up.channel if follow_up else None,
        FollowUpSurvey.Channel.choices,
    )
    row["follow_up_submitted_at"] = (
        follow_up.submitted_at.isoformat(timespec="minutes") if follow_up else None
    )
    for statement in statements:
        _put_coded(row, f"statement_{statement.pk}", _yes_no(answers.get(statement.pk)), YES_NO)
    for name in ["facilitator_comment", "barrier_comment"]:
        row[name] = getattr(follow_up, name) if follow_up else None
    for name, codes in [
        ("specialist_satisfaction", FollowUpSurvey.Satisfaction.choices),
        ("general_satisfaction", FollowUpSurvey.Satisfaction.choices),
        ("usefulness", FollowUpSurvey.Usefulness.choices),
    ]:
        _put_coded(row, name, getattr(follow_up, name) if follow_up else None, codes)
    return row


BASELINE_NUMBERS = [
    "age",
    "years_employed",
    "eq_vas",
    "whodas_total",
    "years_with_complaints",
]
BASELINE_YES_NO = [
    "higher_education",
    "reading_writing_difficulties",
    "violence_experienced",
    "involuntary_commitment",
]


@dataclass(frozen=True)
class Export:
    columns: list[Column]
    rows: list[dict]


def export_data(user, filters: Filters) -> Export:
    """Rows for the participants in the user's scope that match the filters (3 queries)."""
    participants = list(
        filters.apply(participants_for_user(user))
        .select_related("center", "baseline", "diagnostic", "follow_up")
        .order_by("center__code", "included_on", "study_code")
    )
    answers: dict[int, dict[int, bool | None]] = {}
    for participant_id, statement_id, agrees in StatementAnswer.objects.filter(
        follow_up__participant__in=[p.pk for p in participants]
    ).values_list("follow_up__participant_id", "statement_id", "agrees"):
        answers.setdefault(participant_id, {})[statement_id] = agrees
    statements = statements_in_order(Statement.objects.all())
    rows = [participant_row(p, answers.get(p.pk, {}), statements) for p in participants]
    return Export(columns=columns(statements), rows=rows)


def dictionary_rows(export: Export) -> list[list[str]]:
    rows = [[_("variable"), _("description"), _("type"), _("codes"), _("missing")]]
    for column in export.columns:
        codes = "; ".join(f"{code} = {label}" for code, label in column.codes)
        rows.append([column.name, column.description, column.kind, codes, _("empty cell")])
    rows.append(["", _("Severity rule"), "", RULE_VERSION, ""])
    rows.append(["", _("Follow-up interval (months)"), "", str(settings.FOLLOW_UP_MONTHS), ""])
    rows.append(["", _("File formats"), "", FORMATS_NOTE, ""])
    return rows


def as_csv(rows: list[list]) -> bytes:
    return csv_bytes([rows])


def table_rows(export: Export) -> list[list]:
    names = [column.name for column in export.columns]
    return [names, *([row.get(name) for name in names] for row in export.rows)]


def as_xlsx(export: Export) -> bytes:
    return xlsx_bytes(
        [
            Sheet(_("Participants"), [table_rows(export)]),
            Sheet(_("Data dictionary"), [dictionary_rows(export)]),
        ]
    )
