"""Reads for the survey dashboards (seed paper, Tables 2-4), in a constant number of queries.

Numbers come from ``participants.statistics``; each cell is suppressed for a viewer without exact
access (see ``threshold_for``). Withdrawn participants' answers count (their data is kept); erased
participants count only as included.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from participants.models import FollowUpSurvey, Participant, Statement, StatementAnswer
from participants.schedule import follow_up_due_on
from participants.selectors import participants_for_user, severity_of, statements_in_order
from participants.severity import RULE_VERSION, Severity
from participants.statistics import (
    Cell,
    Proportion,
    distribution,
    proportion,
    summarize,
    suppress_counts,
    suppress_proportion,
    suppress_summary,
    suppress_total,
)


@dataclass(frozen=True)
class Filters:
    center: Center | None = None
    arm: str = ""
    included_from: datetime.date | None = None
    included_to: datetime.date | None = None

    def apply(self, participants: QuerySet[Participant]) -> QuerySet[Participant]:
        if self.center is not None:
            participants = participants.filter(center=self.center)
        if self.arm:
            participants = participants.filter(arm=self.arm)
        if self.included_from:
            participants = participants.filter(included_on__gte=self.included_from)
        if self.included_to:
            participants = participants.filter(included_on__lte=self.included_to)
        return participants

    def describe(self) -> dict:
        """The filters as plain JSON, for the export log."""
        return {
            "center": self.center.code if self.center else None,
            "arm": self.arm or None,
            "included_from": self.included_from.isoformat() if self.included_from else None,
            "included_to": self.included_to.isoformat() if self.included_to else None,
        }


def threshold_for(user) -> int:
    """0 (exact numbers) for users allowed to see them, the small-cell threshold for others."""
    if user.has_perm("participants.view_exact_statistics"):
        return 0
    return settings.SMALL_CELL_THRESHOLD


@dataclass(frozen=True)
class ReachRow:
    """A Table 2 row: a share (``share`` set) or a mean with SD."""

    label: str
    n: Cell
    share: Cell | None = None
    mean: float | None = None
    sd: float | None = None


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    yes: Cell
    n: Cell


@dataclass(frozen=True)
class ScaleTable:
    name: str
    label: str
    n: Cell
    mean: float | None
    sd: float | None
    levels: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True)
class Dashboard:
    threshold: int
    included: Cell
    statuses: tuple[tuple[str, Cell], ...]
    reach: tuple[ReachRow, ...]
    severity: tuple[ReachRow, ...]
    unclassified: Cell
    rule_version: str
    facilitators: tuple[StatementRow, ...]
    barriers: tuple[StatementRow, ...]
    scales: tuple[ScaleTable, ...]
    follow_ups_received: Cell
    follow_ups_due: Cell
    charts: dict = field(default_factory=dict)


# (field, label, how): Table 2's variables in its order; "mean" or the value counted as a share.
REACH_VARIABLES = [
    ("age", _("Age"), "mean"),
    ("gender", _("Gender (female)"), "female"),
    ("higher_education", _("Higher education"), True),
    ("reading_writing_difficulties", _("Reading/writing disabilities"), True),
    ("years_employed", _("Years of employment experience"), "mean"),
    ("eq_vas", _("Health-related quality of life (EQ-VAS; 0-100)"), "mean"),
    ("whodas_total", _("Functioning (WHODAS; 0-48)"), "mean"),
    ("violence_experienced", _("Previously experienced violence"), True),
    ("involuntary_commitment", _("Previously involuntarily committed"), True),
    ("years_with_complaints", _("Years with mental health complaints"), "mean"),
]
DIAGNOSIS_LABELS = [
    ("recurrent_depression", _("Recurrent depression")),
    ("psychosis", _("Psychosis")),
    ("bipolar", _("Bipolar disorder")),
    ("anxiety", _("Anxiety")),
    ("substance_addiction", _("Substance addiction")),
]


def share_row(label, values, counted, threshold: int) -> ReachRow:
    result = proportion(None if v is None else v == counted for v in values)
    yes, n = suppress_proportion(result, threshold)
    return ReachRow(label=label, n=n, share=yes)


def mean_row(label, values, threshold: int) -> ReachRow:
    n, mean, sd = suppress_summary(summarize(values), threshold)
    return ReachRow(label=label, n=n, mean=mean, sd=sd)


def reach_rows(participants: list[Participant], threshold: int) -> tuple[ReachRow, ...]:
    baselines = [p.baseline for p in participants if hasattr(p, "baseline")]
    screens = [p.diagnostic for p in participants if hasattr(p, "diagnostic")]
    rows = []
    for name, label, how in REACH_VARIABLES:
        values = [getattr(b, name) for b in baselines]
        if how == "mean":
            rows.append(mean_row(label, values, threshold))
        else:
            rows.append(share_row(label, values, how, threshold))
    for name, label in DIAGNOSIS_LABELS:
        rows.append(share_row(label, [getattr(s, name) for s in screens], True, threshold))
    return tuple(rows)


def severity_rows(participants: list[Participant], threshold: int):
    """Severe vs moderate among participants whose screen could be classified either way."""
    severities = [severity_of(p) for p in participants if hasattr(p, "diagnostic")]
    severe = severities.count(Severity.SEVERE)
    moderate = severities.count(Severity.MODERATE)
    classified = severe + moderate
    n = suppress_total(classified, threshold)
    if n.suppressed:
        hidden = Cell(None, None, "-", suppressed=True)
        shares = (hidden, hidden)
    else:
        shares = suppress_counts([severe, moderate], classified, threshold)
    rows = (
        ReachRow(label=_("Severe mental illness"), n=n, share=shares[0]),
        ReachRow(label=_("Moderate mental illness"), n=n, share=shares[1]),
    )
    unclassified = len(severities) - classified
    return rows, suppress_counts([unclassified], unclassified, threshold)[0]


def statement_rows(
    follow_up_ids: set[int], threshold: int
) -> tuple[tuple[StatementRow, ...], tuple[StatementRow, ...]]:
    answers: dict[int, list[bool | None]] = {}
    for statement_id, agrees in StatementAnswer.objects.filter(
        follow_up_id__in=follow_up_ids
    ).values_list("statement_id", "agrees"):
        answers.setdefault(statement_id, []).append(agrees)
    shown = [s for s in Statement.objects.all() if s.is_active or s.pk in answers]
    rows = {Statement.Kind.FACILITATOR: [], Statement.Kind.BARRIER: []}
    for statement in statements_in_order(shown):
        yes, n = suppress_proportion(proportion(answers.get(statement.pk, [])), threshold)
        rows[statement.kind].append(StatementRow(statement, yes, n))
    return tuple(rows[Statement.Kind.FACILITATOR]), tuple(rows[Statement.Kind.BARRIER])


def scale_tables(follow_ups: list[FollowUpSurvey], threshold: int) -> tuple[ScaleTable, ...]:
    scales = [
        (
            "specialist_satisfaction",
            _("Satisfaction with the IPS specialist"),
            FollowUpSurvey.Satisfaction,
        ),
        ("general_satisfaction", _("General satisfaction"), FollowUpSurvey.Satisfaction),
        ("usefulness", _("Usefulness"), FollowUpSurvey.Usefulness),
    ]
    tables = []
    for name, label, choices in scales:
        result = distribution([getattr(f, name) for f in follow_ups], choices.values)
        n, mean, sd = suppress_summary(result.summary, threshold)
        if n.suppressed:
            cells = [Cell(None, None, "-", suppressed=True)] * len(choices.values)
        else:
            cells = suppress_counts(result.counts, result.n, threshold)
        levels = tuple(zip(choices.labels, cells, strict=True))
        tables.append(ScaleTable(name, label, n, mean, sd, levels))
    return tuple(tables)


def response_counts(participants: list[Participant], today: datetime.date) -> tuple[int, int]:
    """(received, due): follow-ups due by today in the IPS arm, erased participants left out."""
    due = [
        p
        for p in participants
        if p.arm == Participant.Arm.IPS
        and not p.is_erased
        and follow_up_due_on(p.included_on, settings.FOLLOW_UP_MONTHS) <= today
    ]
    return sum(1 for p in due if hasattr(p, "follow_up")), len(due)


def chart(label: str, rows) -> dict:
    """Chart data from cells that are already suppressed: hidden cells are plotted as gaps."""
    return {
        "label": str(label),
        "labels": [str(text) for text, _cell in rows],
        "values": [
            None if cell.percent is None else round(cell.percent, 1) for _text, cell in rows
        ],
    }


def dashboard(user, filters: Filters, *, today: datetime.date | None = None) -> Dashboard:
    threshold = threshold_for(user)
    today = today or timezone.localdate()
    participants = list(
        filters.apply(participants_for_user(user)).select_related(
            "baseline", "diagnostic", "follow_up"
        )
    )
    statuses = [p.status for p in participants]
    status_cells = suppress_counts(
        [statuses.count(value) for value in Participant.Status.values],
        len(participants),
        threshold,
    )
    follow_ups = [p.follow_up for p in participants if hasattr(p, "follow_up")]
    facilitators, barriers = statement_rows({f.pk for f in follow_ups}, threshold)
    severity, unclassified = severity_rows(participants, threshold)
    scales = scale_tables(follow_ups, threshold)
    received, due = response_counts(participants, today)
    received_cell, due_cell = suppress_proportion(Proportion(received, due), threshold)
    charts = {
        "chart-facilitators": chart(
            _("Facilitators: % yes"), [(r.statement.text, r.yes) for r in facilitators]
        ),
        "chart-barriers": chart(
            _("Barriers: % yes"), [(r.statement.text, r.yes) for r in barriers]
        ),
        "chart-severity": chart(_("Severity: %"), [(r.label, r.share) for r in severity]),
        **{f"chart-{t.name}": chart(t.label, t.levels) for t in scales},
    }
    return Dashboard(
        threshold=threshold,
        included=suppress_total(len(participants), threshold),
        statuses=tuple(zip(Participant.Status.labels, status_cells, strict=True)),
        reach=reach_rows(participants, threshold),
        severity=severity,
        unclassified=unclassified,
        rule_version=RULE_VERSION,
        facilitators=facilitators,
        barriers=barriers,
        scales=scales,
        follow_ups_received=received_cell,
        follow_ups_due=due_cell,
        charts=charts,
    )
