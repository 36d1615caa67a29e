"""Reads for the survey dashboards (seed paper, Tables 2-4), in a constant number of queries.

Numbers come from ``participants.statistics``. Withdrawn participants' answers count (their data is
kept); erased participants count only as included.

Suppression that holds across every table a viewer can see
-----------------------------------------------------------
A viewer without exact access (see ``threshold_for``) can combine every dashboard their filters
reach: all centers, one center, one arm, one center and one arm. Suppressing each table on its own
is not enough, because a total minus its other parts gives back a hidden cell (overall 50/77 minus
the other centers' 48/73 is 2/4). So the finest breakdown a viewer can ask for, one center's one
trial arm (a *group*), is the unit of suppression:

* The page of a single group shows that group's numbers, each table suppressed as before.
* Every page that combines groups builds each row (a variable, a statement, a scale, a status
  count, the response rate) only from the groups whose own row is shown in full, with no hidden
  cell; the other groups are left out of that row, and the page says how many.

Every number on a combined page is therefore a sum (or a pooled mean and SD) of numbers the viewer
can already read on the pages of single groups. Subtracting any combination of pages from another
gives sums of shown group rows again, never a hidden cell: a left-out group is in no total at all,
and a group in a total is shown in full on its own page. Which groups are left out is no secret
either: each one shows a hidden cell on its own page. Counts of shown groups are 0 or at least the
threshold, so their sums are too and a combined row never needs suppressing itself.

The inclusion period filter is not offered to these viewers and is ignored if sent: periods are
arbitrary days, so "all periods minus one period" would single out any set of participants, and
fixed period buckets would make each group smaller and leave far more of it out of every total.
Viewers with exact access see all numbers and every filter, as before.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import TypeVar

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from ipsweb.rounding import display_round
from ipsweb.translations import localized
from participants.completeness import COMMENT_FIELDS, SCALE_FIELDS, completeness
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


def sees_periods(user) -> bool:
    """Only viewers of exact numbers may filter by inclusion period (see the module docstring)."""
    return threshold_for(user) <= 1


# A group: one center's one trial arm, the finest breakdown the dashboard filters reach.
Group = tuple[int, str]


def hides_something(value) -> bool:
    """Whether a row (a cell, a dataclass of cells, or a tuple of them) has a suppressed cell."""
    if isinstance(value, Cell):
        return value.suppressed
    if isinstance(value, tuple | list):
        return any(hides_something(item) for item in value)
    if is_dataclass(value):
        return any(hides_something(getattr(value, f.name)) for f in fields(value))
    return False


T = TypeVar("T")
R = TypeVar("R")


def pooled(
    build: Callable[[list[T]], R], members: dict[Group, list[T]], threshold: int
) -> tuple[R, int]:
    """(row, groups left out): one row built from the groups whose own row hides nothing.

    ``members`` are the records (participants, answers) of each group in the view. Exact viewers,
    and views of a single group, get the row of everyone; see the module docstring for why this
    rule holds across all the pages a viewer can combine.
    """
    if threshold <= 1 or len(members) <= 1:
        return build([m for group in members.values() for m in group]), 0
    kept: list[T] = []
    left_out = 0
    for group in members.values():
        if hides_something(build(group)):
            left_out += 1
        else:
            kept.extend(group)
    return build(kept), left_out


def by_group(items: Iterable[tuple[Group, T]]) -> dict[Group, list[T]]:
    grouped: dict[Group, list[T]] = {}
    for group, item in items:
        grouped.setdefault(group, []).append(item)
    return grouped


def group_of(participant: Participant) -> Group:
    return (participant.center_id, participant.arm)


@dataclass(frozen=True)
class ReachRow:
    """A Table 2 row: a share (``share`` set) or a mean with SD."""

    label: str
    n: Cell
    share: Cell | None = None
    mean: float | None = None
    sd: float | None = None
    left_out: int = 0


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    yes: Cell
    n: Cell
    left_out: int = 0


@dataclass(frozen=True)
class ScaleTable:
    name: str
    label: str
    n: Cell
    mean: float | None
    sd: float | None
    levels: tuple[tuple[str, Cell], ...]
    left_out: int = 0


@dataclass(frozen=True)
class Dashboard:
    """``groups`` is how many groups (center and arm) the page combines; each ``*_left_out`` and
    each row's ``left_out`` how many of them are left out of that row (see the module docstring).
    ``periods`` says whether the inclusion period filter was applied."""

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
    groups: int = 0
    included_left_out: int = 0
    statuses_left_out: int = 0
    severity_left_out: int = 0
    response_left_out: int = 0
    periods: bool = True

    @property
    def rows_left_out(self) -> int:
        """How many rows of the page leave at least one group out."""
        rows = [
            self.included_left_out,
            self.statuses_left_out,
            self.severity_left_out,
            self.response_left_out,
            *(row.left_out for row in self.reach),
            *(row.left_out for row in self.facilitators + self.barriers),
            *(table.left_out for table in self.scales),
        ]
        return sum(1 for left_out in rows if left_out)


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


def records_of(participants: dict[Group, list[Participant]], name: str) -> dict[Group, list]:
    """Each group's baselines, screens or follow-ups; every group of the view is there, with an
    empty list when it has none, so whether a page combines groups depends only on who is in it."""
    return {
        group: [getattr(p, name) for p in members if hasattr(p, name)]
        for group, members in participants.items()
    }


def reach_rows(participants: dict[Group, list[Participant]], threshold: int):
    baselines = records_of(participants, "baseline")
    screens = records_of(participants, "diagnostic")
    rows = []
    for name, label, how in REACH_VARIABLES:
        if how == "mean":

            def build(records, name=name, label=label):
                return mean_row(label, [getattr(r, name) for r in records], threshold)
        else:

            def build(records, name=name, label=label, how=how):
                return share_row(label, [getattr(r, name) for r in records], how, threshold)

        rows.append(with_left_out(*pooled(build, baselines, threshold)))
    for name, label in DIAGNOSIS_LABELS:

        def build(records, name=name, label=label):
            return share_row(label, [getattr(r, name) for r in records], True, threshold)

        rows.append(with_left_out(*pooled(build, screens, threshold)))
    return tuple(rows)


def with_left_out(row, left_out: int):
    return replace(row, left_out=left_out)


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
    participants: dict[Group, list[Participant]], threshold: int
) -> tuple[tuple[StatementRow, ...], tuple[StatementRow, ...]]:
    group_of_follow_up = {
        follow_up.pk: group
        for group, follow_ups in records_of(participants, "follow_up").items()
        for follow_up in follow_ups
    }
    answers: dict[int, dict[Group, list[bool | None]]] = {}
    for follow_up_id, statement_id, agrees in StatementAnswer.objects.filter(
        follow_up_id__in=group_of_follow_up
    ).values_list("follow_up_id", "statement_id", "agrees"):
        group = group_of_follow_up[follow_up_id]
        answers.setdefault(statement_id, {g: [] for g in participants})[group].append(agrees)
    shown = [s for s in Statement.objects.all() if s.is_active or s.pk in answers]
    rows = {Statement.Kind.FACILITATOR: [], Statement.Kind.BARRIER: []}
    for statement in statements_in_order(shown):

        def build(values, statement=statement):
            yes, n = suppress_proportion(proportion(values), threshold)
            return StatementRow(statement, yes, n)

        values = answers.get(statement.pk, {g: [] for g in participants})
        row, left_out = pooled(build, values, threshold)
        rows[statement.kind].append(with_left_out(row, left_out))
    return tuple(rows[Statement.Kind.FACILITATOR]), tuple(rows[Statement.Kind.BARRIER])


SCALES = [
    (
        "specialist_satisfaction",
        _("Satisfaction with the IPS specialist"),
        FollowUpSurvey.Satisfaction,
    ),
    ("general_satisfaction", _("General satisfaction"), FollowUpSurvey.Satisfaction),
    ("usefulness", _("Usefulness"), FollowUpSurvey.Usefulness),
]


def scale_table(name, label, choices, follow_ups: list[FollowUpSurvey], threshold: int):
    result = distribution([getattr(f, name) for f in follow_ups], choices.values)
    n, mean, sd = suppress_summary(result.summary, threshold)
    if n.suppressed:
        cells = [Cell(None, None, "-", suppressed=True)] * len(choices.values)
    else:
        cells = suppress_counts(result.counts, result.n, threshold)
    levels = tuple(zip(choices.labels, cells, strict=True))
    return ScaleTable(name, label, n, mean, sd, levels)


def scale_tables(follow_ups: dict[Group, list[FollowUpSurvey]], threshold: int):
    tables = []
    for name, label, choices in SCALES:

        def build(records, name=name, label=label, choices=choices):
            return scale_table(name, label, choices, records, threshold)

        tables.append(with_left_out(*pooled(build, follow_ups, threshold)))
    return tuple(tables)


def with_answered_statement(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotates ``answered_statement``: the follow-up answers at least one statement."""
    answered = StatementAnswer.objects.filter(
        follow_up__participant=OuterRef("pk"), agrees__isnull=False
    )
    return participants.annotate(answered_statement=Exists(answered))


def is_response(participant: Participant) -> bool:
    """A stored follow-up counts as a response unless it is blank (``participants.completeness``);
    blank ones are refused when saved, so this only guards rows stored before that rule."""
    follow_up = getattr(participant, "follow_up", None)
    if follow_up is None:
        return False
    values = {name: getattr(follow_up, name) for name in (*SCALE_FIELDS, *COMMENT_FIELDS)}
    # One answered statement stands for any: blankness only asks whether there is one.
    answers = {0: True} if participant.answered_statement else {}
    return not completeness(values, answers).is_blank


def response_counts(participants: list[Participant], today: datetime.date) -> tuple[int, int]:
    """(received, due): follow-ups due by today in the IPS arm, erased participants left out;
    participants come from ``with_answered_statement``."""
    due = [
        p
        for p in participants
        if p.arm == Participant.Arm.IPS
        and not p.is_erased
        and follow_up_due_on(p.included_on, settings.FOLLOW_UP_MONTHS) <= today
    ]
    return sum(1 for p in due if is_response(p)), len(due)


def chart(label: str, rows) -> dict:
    """Chart data from cells that are already suppressed: hidden cells are plotted as gaps."""
    return {
        "label": str(label),
        "labels": [str(text) for text, _cell in rows],
        "values": [
            None if cell.percent is None else float(display_round(cell.percent, 1))
            for _text, cell in rows
        ],
    }


def _groups(participants: QuerySet[Participant]) -> dict[Group, list[Participant]]:
    return by_group((group_of(p), p) for p in participants)


@dataclass(frozen=True)
class StatementTable:
    """The Table 3 part of the dashboard alone (for pages that show only the statements)."""

    threshold: int
    facilitators: tuple[StatementRow, ...]
    barriers: tuple[StatementRow, ...]


def statement_table(user) -> StatementTable:
    """The facilitator and barrier rows of ``dashboard(user, Filters())``, read without the rest
    of the dashboard (one query for the participants and their follow-ups, two for the answers and
    statements)."""
    threshold = threshold_for(user)
    groups = _groups(participants_for_user(user).select_related("follow_up"))
    return StatementTable(threshold, *statement_rows(groups, threshold))


def dashboard(user, filters: Filters, *, today: datetime.date | None = None) -> Dashboard:
    threshold = threshold_for(user)
    periods = sees_periods(user)
    if not periods:
        filters = replace(filters, included_from=None, included_to=None)
    today = today or timezone.localdate()
    groups = _groups(
        with_answered_statement(filters.apply(participants_for_user(user))).select_related(
            "baseline", "diagnostic", "follow_up"
        )
    )

    def included(members):
        return suppress_total(len(members), threshold)

    def statuses(members):
        values = [p.status for p in members]
        return suppress_counts(
            [values.count(value) for value in Participant.Status.values], len(members), threshold
        )

    def response(members):
        return suppress_proportion(Proportion(*response_counts(members, today)), threshold)

    def severity(members):
        return severity_rows(members, threshold)

    included_cell, included_left_out = pooled(included, groups, threshold)
    status_cells, statuses_left_out = pooled(statuses, groups, threshold)
    (severity, unclassified), severity_left_out = pooled(severity, groups, threshold)
    (received_cell, due_cell), response_left_out = pooled(response, groups, threshold)
    facilitators, barriers = statement_rows(groups, threshold)
    scales = scale_tables(records_of(groups, "follow_up"), threshold)
    charts = {
        "chart-facilitators": chart(
            _("Facilitators: % yes"),
            [(localized(r.statement, "text"), r.yes) for r in facilitators],
        ),
        "chart-barriers": chart(
            _("Barriers: % yes"), [(localized(r.statement, "text"), r.yes) for r in barriers]
        ),
        "chart-severity": chart(_("Severity: %"), [(r.label, r.share) for r in severity]),
        **{f"chart-{t.name}": chart(t.label, t.levels) for t in scales},
    }
    return Dashboard(
        threshold=threshold,
        included=included_cell,
        statuses=tuple(zip(Participant.Status.labels, status_cells, strict=True)),
        reach=reach_rows(groups, threshold),
        severity=severity,
        unclassified=unclassified,
        rule_version=RULE_VERSION,
        facilitators=facilitators,
        barriers=barriers,
        scales=scales,
        follow_ups_received=received_cell,
        follow_ups_due=due_cell,
        charts=charts,
        groups=len(groups),
        included_left_out=included_left_out,
        statuses_left_out=statuses_left_out,
        severity_left_out=severity_left_out,
        response_left_out=response_left_out,
        periods=periods,
    )
