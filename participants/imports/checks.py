"""Checking a file of participants and survey answers before it is imported (no writes here; the
writes are in ``participants.imports.services``).

The file has the columns of the participant-level export (``participants.exports``), any subset
of them in any order, one row per participant: an export imports back unchanged. Every value goes
through the forms of form entry (``ParticipantForm``, ``WithdrawForm``, ``BaselineForm``,
``DiagnosticForm``, ``FollowUpForm``), so the rules are the same code; their check constraints are
evaluated in memory (``ipsweb.constraints``) so a 10,000-row file needs no query per row.

- A row with a study code updates that participant, who must be in a center the importer may see
  (or, when the importer chose so, a code ipsweb does not know makes a new participant). A row
  without one is a new participant: ipsweb makes the code when the import is confirmed.
- A survey whose columns are all empty in a row is left as it is. Otherwise an empty cell means
  "not answered": for a stored answer that is a change, shown old -> new like any other.
- Registration details of an existing participant (center, arm, dates, status) must match what is
  stored: they are corrected on the participant's page, where the rules for them live.
- Columns derived from others (``*_label``, ``severity``, ``severity_rule``, ``follow_up_due_on``)
  are not read. Names and identity numbers are refused wherever they appear.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from centers.selectors import health_data_centers_for_user
from centers.services import ImportProblem
from ipsweb.constraints import validate_constraints_in_memory
from ipsweb.dates import validate_plausible_date
from ipsweb.identity import holds_national_identity_number, is_identifying_header
from ipsweb.tabular import Table
from participants import exports
from participants.completeness import COMMENT_FIELDS, SCALE_FIELDS
from participants.forms import (
    BaselineForm,
    DiagnosticForm,
    FollowUpForm,
    ParticipantForm,
    WithdrawForm,
    YesNoField,
)
from participants.models import (
    BaselineSurvey,
    DiagnosticScreen,
    FollowUpSurvey,
    Participant,
    Statement,
    StatementAnswer,
)
from participants.selectors import statements_in_order
from participants.services import require_active, require_ips_arm

REFERENCE = "program_reference"
REGISTRATION = ["center_code", "arm", "included_on", "consent_on", "status", "withdrawn_on"]
BASELINE = list(BaselineForm.Meta.fields)
DIAGNOSTIC = list(DiagnosticScreen.DIAGNOSES)
FOLLOW_UP_EXTRA = ["follow_up_channel", "follow_up_submitted_at"]
# Computed from other columns by the export; an import does not read them.
DERIVED = {"follow_up_due_on", "severity", "severity_rule"}
# The longest value any column takes (the open texts of the follow-up).
MAX_CELL_CHARACTERS = 2000
# Shown problems; a file with more is reported with the first ones and the count.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Change:
    row: int
    study_code: str
    column: str
    old: str
    new: str


@dataclass
class Plan:
    """What a checked file would do. ``rows`` is plain JSON (kept in an ``ImportBatch``)."""

    rows: list[dict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    participant_ids: list[int] = field(default_factory=list)


def column_names(statements) -> list[str]:
    return [column.name for column in exports.columns(statements)]


def template_columns() -> list[str]:
    """The columns of an empty template: those of the export, derived ones left out."""
    statements = statements_in_order(Statement.objects.filter(is_active=True))
    names = [name for name in column_names(statements) if not _derived(name)]
    if settings.PARTICIPANT_IMPORT_KEEPS_REFERENCES:
        names.insert(1, REFERENCE)
    return names


def dictionary_rows() -> list[list[str]]:
    """The data dictionary of the template: the export's, for the columns an import reads."""
    statements = statements_in_order(Statement.objects.filter(is_active=True))
    kept = [c for c in exports.columns(statements) if not _derived(c.name)]
    rows = exports.dictionary_rows(exports.Export(columns=kept, rows=[]))
    rows.insert(
        3,
        [
            REFERENCE,
            _(
                "The program's own reference for the person (optional, at most 40 characters; "
                "never a name or identity number). Stored only where the admin allows it."
            ),
            "text",
            "",
            _("empty cell"),
        ],
    )
    rows.append(
        [
            "",
            _("Import"),
            "",
            _(
                "A row without study_code is a new participant. A survey whose cells are all "
                "empty is left as it is; an empty cell in a filled-in survey is “not answered”."
            ),
            "",
        ]
    )
    return rows


def _derived(name: str) -> bool:
    return name in DERIVED or name.endswith("_label")


def _code(value) -> str:
    """A value as the export writes it (the codes of the data dictionary)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _form_data(form_class, stored: dict, cells: dict, **extra) -> dict:
    """Form data: the stored answers, overwritten by the file's cells (codes made form values)."""
    data = {}
    fields = form_class.base_fields
    for name, value in stored.items():
        data[name] = "" if value is None else str(value)
    for name, cell in cells.items():
        if isinstance(fields.get(name), YesNoField) or name.startswith("statement_"):
            cell = {"1": "True", "0": "False"}.get(cell, cell)
        data[name] = cell
    return {**data, **extra}


def _in_memory(instance):
    instance.validate_constraints = partial(validate_constraints_in_memory, instance)
    return instance


class _Checker:
    """Checks the rows of one file; collects the plan, the changes and the problems."""

    def __init__(self, *, user, table: Table, unknown_codes_are_new: bool):
        self.user = user
        self.table = table
        self.unknown_codes_are_new = unknown_codes_are_new
        self.plan = Plan()
        self.statements = {s.pk: s for s in Statement.objects.all()}
        self.centers = {c.code.upper(): c for c in health_data_centers_for_user(user)}
        self.keeps_references = settings.PARTICIPANT_IMPORT_KEEPS_REFERENCES
        self.forms: dict = {}

    def problem(self, row: int, column: str, message) -> None:
        self.plan.problems.append(ImportProblem(row, column, str(message)))

    # -- the header ----------------------------------------------------------------------------

    def check_header(self) -> bool:
        header = self.table.header
        known = set(column_names(list(self.statements.values()))) | {"study_code", REFERENCE}
        seen = set()
        for name in header:
            if is_identifying_header(name):
                self.problem(
                    1,
                    name,
                    _(
                        "This column looks like names, identity numbers or contact details. "
                        "ipsweb keeps participants under study codes only: delete the column."
                    ),
                )
            elif name in seen:
                self.problem(1, name, _("This column appears twice."))
            elif name not in known:
                self.problem(
                    1,
                    name,
                    _(
                        "Unknown column. Use the variable names of the data dictionary "
                        "(statements as statement_<number>)."
                    ),
                )
            seen.add(name)
        self.read = [name for name in header if name in known and not _derived(name)]
        ignored = [name for name in header if _derived(name)]
        if ignored:
            self.plan.notes.append(
                _(
                    "%(count)s columns computed from others (the *_label columns, severity, "
                    "severity_rule, follow_up_due_on) are not read."
                )
                % {"count": len(ignored)}
            )
        if REFERENCE in header and not self.keeps_references:
            self.plan.notes.append(
                _(
                    "The column program_reference is checked but not stored: this installation "
                    "keeps no references of the programs (PARTICIPANT_IMPORT_KEEPS_REFERENCES)."
                )
            )
        statement_columns = [n for n in self.read if n.startswith("statement_")]
        self.file_statements = statements_in_order(
            [self.statements[int(n.removeprefix("statement_"))] for n in statement_columns]
        )
        return not self.plan.problems

    # -- the rows ------------------------------------------------------------------------------

    def check_cells(self, row: int, cells: list[str]) -> dict | None:
        header = self.table.header
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            self.problem(
                row,
                "",
                _("Expected %(expected)s values, found %(found)s.")
                % {"expected": len(header), "found": len(cells)},
            )
            return None
        values = {}
        fine = True
        for name, cell in zip(header, cells, strict=False):
            if len(cell) > MAX_CELL_CHARACTERS:
                self.problem(
                    row,
                    name,
                    _("This value has %(length)s characters; at most %(limit)s are allowed.")
                    % {"length": f"{len(cell):,}", "limit": f"{MAX_CELL_CHARACTERS:,}"},
                )
                fine = False
            elif "\x00" in cell:
                self.problem(row, name, _("This value contains a null character."))
                fine = False
            elif holds_national_identity_number(cell):
                self.problem(
                    row,
                    name,
                    _(
                        "This value contains what looks like a national identity number. "
                        "ipsweb must never store one: remove it."
                    ),
                )
                fine = False
            values[name] = cell.strip()
        return values if fine else None

    def run(self) -> Plan:
        if not self.check_header():
            return self.plan
        if not self.table.rows:
            self.problem(2, "", _("The file has no rows to import."))
            return self.plan
        rows = []
        for row, cells in self.table.rows:
            values = self.check_cells(row, cells)
            if values is not None:
                rows.append((row, values))
        codes = {v.get("study_code", "").upper() for _row, v in rows} - {""}
        self.existing = {
            p.study_code: p
            for p in Participant.objects.filter(
                center__in=health_data_centers_for_user(self.user), study_code__in=codes
            ).select_related("center", "baseline", "diagnostic", "follow_up")
        }
        self.answers: dict[int, dict[int, bool | None]] = {}
        for participant_id, statement_id, agrees in StatementAnswer.objects.filter(
            follow_up__participant__in=[p.pk for p in self.existing.values()]
        ).values_list("follow_up__participant_id", "statement_id", "agrees"):
            self.answers.setdefault(participant_id, {})[statement_id] = agrees
        self.first_row: dict[str, int] = {}
        for row, values in rows:
            self.check_row(row, values)
            if len(self.plan.problems) > MAX_PROBLEMS:
                break
        self.count()
        return self.plan

    def check_row(self, row: int, values: dict) -> None:
        before = len(self.plan.problems)
        code = values.get("study_code", "").upper()
        participant = None
        if code:
            if code in self.first_row:
                self.problem(
                    row,
                    "study_code",
                    _("This study code is already in row %(first)s.")
                    % {"first": self.first_row[code]},
                )
                return
            self.first_row[code] = row
            participant = self.existing.get(code)
            if participant is None and not self.unknown_codes_are_new:
                self.problem(
                    row,
                    "study_code",
                    _(
                        "There is no participant with the study code “%(code)s” in a center "
                        "you may import for."
                    )
                    % {"code": code[:20]},
                )
                return
        if participant is None:
            entry, participant = self.new_participant(row, values)
        else:
            entry = {"row": row, "participant": participant.pk, "new": None}
            self.same_registration(row, values, participant)
            self.plan.participant_ids.append(participant.pk)
        if len(self.plan.problems) > before:
            return
        entry["baseline"] = self.survey(
            row, values, participant, BaselineForm, BASELINE, "baseline", BaselineSurvey
        )
        entry["diagnostic"] = self.survey(
            row, values, participant, DiagnosticForm, DIAGNOSTIC, "diagnostic", DiagnosticScreen
        )
        entry["follow_up"] = self.follow_up(row, values, participant)
        touched = any(entry[name] for name in ["baseline", "diagnostic", "follow_up"])
        if touched and entry["new"] is None:
            try:
                require_active(participant)
            except ValidationError as error:
                self.problem(row, "status", error.messages[0])
        if len(self.plan.problems) == before:
            self.plan.rows.append(entry)

    def bound(self, form_class, data: dict, instance=None):
        """The form of ``form_class`` bound to ``data`` (and ``instance``), not yet validated.

        One form per class serves every row: building a form copies all its fields, which costs
        more than validating it, and a 10,000-row file would build 40,000. Binding new data and
        clearing the results of the last validation is what a new form would start from.
        """
        form = self.forms.get(form_class)
        if form is None:
            if form_class is ParticipantForm:
                form = ParticipantForm(user=self.user, instance=instance)
                del form.fields["center"]  # the row's center is checked against the scope
            elif form_class is FollowUpForm:
                form = FollowUpForm(statements=self.file_statements)
            elif instance is not None:
                form = form_class(instance=instance)
            else:
                form = form_class()
            self.forms[form_class] = form
        form.data, form.is_bound, form._errors = data, True, None
        form.__dict__.pop("cleaned_data", None)
        if instance is not None:
            form.instance = instance
        return form

    def errors_of(self, row: int, form, section: str) -> bool:
        """Report a form's errors at their columns; True when there were none."""
        if form.is_valid():
            return True
        for name, messages in form.errors.items():
            column = section if name == "__all__" else name
            for message in messages:
                self.problem(row, column, message)
        return False

    def new_participant(self, row: int, values: dict) -> tuple[dict, Participant]:
        center_code = values.get("center_code", "")
        center = self.centers.get(center_code.upper())
        participant = _in_memory(Participant())
        if center is None:
            self.problem(
                row,
                "center_code",
                _("There is no center with the code “%(code)s” that you may import for.")
                % {"code": center_code[:20]},
            )
        elif not center.is_active:
            self.problem(
                row,
                "center_code",
                _("The center %(code)s is not active: no participants can be added to it.")
                % {"code": center.code},
            )
        else:
            participant.center = center
        form = self.bound(
            ParticipantForm,
            {name: values.get(name, "") for name in ["arm", "included_on", "consent_on"]},
            instance=participant,
        )
        self.errors_of(row, form, "participant")
        status = values.get("status", "") or Participant.Status.ACTIVE
        if status == Participant.Status.WITHDRAWN:
            withdrawal = self.bound(
                WithdrawForm,
                {"withdrawn_on": values.get("withdrawn_on", ""), "reason": _("Before the import")},
            )
            if self.errors_of(row, withdrawal, "withdrawn_on") and form.is_valid():
                participant.status = status
                participant.withdrawn_on = withdrawal.cleaned_data["withdrawn_on"]
                participant.withdrawal_reason = withdrawal.cleaned_data["reason"]
                try:
                    participant.validate_constraints(exclude={"study_code"})
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        for message in messages:
                            self.problem(row, name, message)
        elif status != Participant.Status.ACTIVE:
            self.problem(
                row,
                "status",
                _("Only active and withdrawn participants can be imported (codes: %(codes)s).")
                % {"codes": "active, withdrawn"},
            )
        elif values.get("withdrawn_on"):
            self.problem(row, "withdrawn_on", _("Only a withdrawn participant has this date."))
        reference = values.get(REFERENCE, "")
        if len(reference) > 40:
            self.problem(row, REFERENCE, _("A reference has at most 40 characters."))
        entry = {
            "row": row,
            "participant": None,
            "new": {
                "center": center.pk if center else None,
                "arm": participant.arm,
                "included_on": _code(participant.included_on),
                "consent_on": _code(participant.consent_on),
                "status": participant.status,
                "withdrawn_on": _code(participant.withdrawn_on) or None,
                "withdrawal_reason": participant.withdrawal_reason,
                "program_reference": reference if self.keeps_references else "",
            },
        }
        return entry, participant

    def same_registration(self, row: int, values: dict, participant: Participant) -> None:
        stored = {
            "center_code": participant.center.code,
            "arm": participant.arm,
            "included_on": _code(participant.included_on),
            "consent_on": _code(participant.consent_on),
            "status": participant.status,
            "withdrawn_on": _code(participant.withdrawn_on),
        }
        for name, value in stored.items():
            given = values.get(name, "")
            if name == "center_code":
                given = given.upper()
            if given and given != value:
                self.problem(
                    row,
                    name,
                    _(
                        "The participant has “%(stored)s” here. Registration details are "
                        "corrected on the participant's page, not by an import."
                    )
                    % {"stored": value},
                )

    def _changes(self, row, participant, stored: dict, new: dict) -> int:
        count = 0
        for name, value in new.items():
            if name in stored and _code(stored[name]) != _code(value):
                self.plan.changes.append(
                    Change(row, participant.study_code, name, _code(stored[name]), _code(value))
                )
                count += 1
        return count

    def survey(self, row, values, participant, form_class, names, section, model):
        cells = {name: values[name] for name in names if name in values}
        if not any(cells.values()):
            return None
        survey = getattr(participant, section, None) if participant.pk else None
        stored = {name: getattr(survey, name) for name in names} if survey else {}
        form = self.bound(
            form_class, _form_data(form_class, stored, cells), instance=_in_memory(model())
        )
        if not self.errors_of(row, form, section):
            return None
        new = {name: form.cleaned_data[name] for name in names}
        if survey is not None and not self._changes(row, participant, stored, new):
            return None
        return {"add": survey is None, "values": new}

    def follow_up(self, row: int, values: dict, participant: Participant):
        statement_names = [f"statement_{s.pk}" for s in self.file_statements]
        names = [*statement_names, *COMMENT_FIELDS, *SCALE_FIELDS]
        cells = {name: values[name] for name in names if name in values}
        extra = {name: values.get(name, "") for name in FOLLOW_UP_EXTRA}
        if not any(cells.values()) and not any(extra.values()):
            return None
        try:
            require_ips_arm(participant)
        except ValidationError as error:
            self.problem(row, "arm", error.messages[0])
            return None
        survey = getattr(participant, "follow_up", None) if participant.pk else None
        stored: dict = {}
        if survey is not None:
            stored = {name: getattr(survey, name) for name in [*COMMENT_FIELDS, *SCALE_FIELDS]}
            for statement_id, agrees in self.answers.get(participant.pk, {}).items():
                stored[f"statement_{statement_id}"] = agrees
        form = self.bound(
            FollowUpForm, _form_data(FollowUpForm, stored, cells, confirm_sparse="on")
        )
        if not self.errors_of(row, form, "follow_up"):
            return None
        new = form.values()
        answers = form.answers()
        new_answers = {f"statement_{pk}": agrees for pk, agrees in answers.items()}
        if survey is not None:
            changed = self._changes(row, participant, stored, {**new, **new_answers})
            missing = [pk for pk in answers if f"statement_{pk}" not in stored]
            if not changed and not missing:
                return None
            return {"add": False, "values": new, "answers": _keyed(answers)}
        channel = extra["follow_up_channel"] or FollowUpSurvey.Channel.STAFF
        if channel not in FollowUpSurvey.Channel.values:
            self.problem(
                row,
                "follow_up_channel",
                _("Unknown code “%(code)s”: use %(codes)s.")
                % {"code": channel[:20], "codes": ", ".join(FollowUpSurvey.Channel.values)},
            )
            return None
        submitted = self.submitted_at(row, extra["follow_up_submitted_at"])
        if submitted is False:
            return None
        return {
            "add": True,
            "values": new,
            "answers": _keyed(answers),
            "channel": channel,
            "submitted_at": submitted,
        }

    def submitted_at(self, row: int, cell: str):
        """The ISO time of a new follow-up (None: now); False after reporting a problem."""
        if not cell:
            return None
        try:
            moment = datetime.datetime.fromisoformat(cell)
        except ValueError:
            self.problem(
                row,
                "follow_up_submitted_at",
                _("Enter a date and time such as 2025-03-01T14:30 (ISO 8601)."),
            )
            return False
        try:
            validate_plausible_date(moment.date())
        except ValidationError as error:
            self.problem(row, "follow_up_submitted_at", error.messages[0])
            return False
        return moment.isoformat()

    def count(self) -> None:
        rows = self.plan.rows

        def added(section: str) -> int:
            return sum(1 for r in rows if r[section] and r[section]["add"])

        self.plan.counts = {
            "rows": len(self.table.rows),
            "participants_created": sum(1 for r in rows if r["new"]),
            "baselines_added": added("baseline"),
            "screens_added": added("diagnostic"),
            "follow_ups_added": added("follow_up"),
            "answers_changed": len(self.plan.changes),
            "unchanged": sum(
                1
                for r in rows
                if not r["new"] and not any(r[s] for s in ["baseline", "diagnostic", "follow_up"])
            ),
        }


def _keyed(answers: dict[int, bool | None]) -> dict[str, bool | None]:
    return {str(pk): agrees for pk, agrees in answers.items()}


def import_check(*, user, table: Table, unknown_codes_are_new: bool = False) -> Plan:
    """Check every row of ``table`` for ``user``; the plan lists problems or what would happen."""
    return _Checker(user=user, table=table, unknown_codes_are_new=unknown_codes_are_new).run()
