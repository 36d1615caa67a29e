"""Writes for centers, users, roles and employment outcomes."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centers.models import Center, EmploymentOutcome, HealthDataGrant, OutcomeBenchmark
from centers.roles import Role, forget_role
from centers.selectors import centers_for_user
from ipsweb import caching

User = get_user_model()


def center_save(*, center: Center) -> Center:
    """Validate and store a new or changed center."""
    center.full_clean()
    center.save()
    return center


def center_set_active(*, center: Center, active: bool) -> Center:
    """Deactivate or reactivate a center. Centers are never deleted: they carry history."""
    center.is_active = active
    center.save(update_fields=["is_active", "updated_at"])
    return center


@transaction.atomic
def center_set_members(*, center: Center, users: Iterable) -> None:
    center.members.set(users)


@transaction.atomic
def user_save(
    *,
    actor,
    user,
    role: Role | str | None,
    centers: Iterable[Center],
    password: str | None = None,
):
    """Store a user with exactly one role and the centers they are assigned to.

    Admins get Django-admin access (``is_staff``); other roles do not. Admins cannot take away
    their own admin role or deactivate themselves, so there is always someone who can undo it.
    """
    if user.pk == actor.pk and role != Role.ADMIN:
        raise ValidationError({"role": _("You cannot remove your own admin role.")})
    if user.pk == actor.pk and not user.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    if password:
        user.set_password(password)
    elif user._state.adding:
        user.set_unusable_password()
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.full_clean(exclude=["password"])
    user.save()
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    user.groups.remove(*role_groups)
    if role:
        user.groups.add(Group.objects.get(name=role))
    user_set_centers(user=user, centers=centers)
    forget_role(user)
    return user


def user_invite(*, user, base_url: str) -> str:
    """Mail a new user a link to choose their own password (Django's password-reset token, valid
    for PASSWORD_RESET_TIMEOUT), sent once the user is stored; return the link."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    link = base_url.rstrip("/") + path
    context = {
        "user": user,
        "link": link,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    subject = render_to_string("registration/invitation_subject.txt", context).strip()
    body = render_to_string("registration/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return link


def user_set_centers(*, user, centers: Iterable[Center]) -> None:
    """Assign a user to exactly these centers.

    Changes go through each center's side of the relation, so each center's audit trail records
    who was added or removed (the audit library cannot follow changes made from the user's side).
    """
    wanted = {center.pk: center for center in centers}
    current = {center.pk: center for center in user.centers.all()}
    for pk in current.keys() - wanted.keys():
        current[pk].members.remove(user)
    for pk in wanted.keys() - current.keys():
        wanted[pk].members.add(user)


@transaction.atomic
def health_data_grants_set(*, actor, user, centers: Iterable[Center]) -> None:
    """Let ``user`` see the participant data of exactly these centers besides their own.

    Grants are deleted one by one, so the audit trail records who removed each and when.
    """
    wanted = {center.pk for center in centers}
    for grant in HealthDataGrant.objects.filter(user=user).exclude(center__in=wanted):
        grant.delete()
    existing = set(HealthDataGrant.objects.filter(user=user).values_list("center_id", flat=True))
    for pk in wanted - existing:
        grant = HealthDataGrant(user=user, center_id=pk, granted_by=actor)
        grant.full_clean()
        grant.save()


def outcome_save(*, outcome: EmploymentOutcome, actor) -> EmploymentOutcome:
    """Validate and store one quarter's outcomes, recording who entered them."""
    outcome.entered_by = actor
    outcome.full_clean()
    outcome.save()
    return outcome


def benchmark_save(*, benchmark: OutcomeBenchmark) -> OutcomeBenchmark:
    benchmark.full_clean()
    benchmark.save()
    return benchmark


# The CSV import of outcomes. The columns, in any order (README, "Employment outcomes"):
OUTCOME_COLUMNS = ("center_code", "year", "quarter", "served", "working")
# Codes and whole numbers are short; a longer value is a wrong file, not an outcome.
OUTCOME_CELL_MAX_CHARACTERS = 100


@dataclass(frozen=True)
class ImportProblem:
    """Why one row (numbered as in a spreadsheet: the header is row 1) cannot be imported."""

    row: int
    column: str
    message: str


class OutcomeImportRejected(ValidationError):
    """The file had problems; nothing was imported. ``problems`` lists every one of them."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__([f"{_('Row')} {p.row}, {p.column or '-'}: {p.message}" for p in problems])


@dataclass(frozen=True)
class ImportedRow:
    class Status(models.TextChoices):
        CREATED = "created", gettext_lazy("new quarter")
        REPLACED = "replaced", gettext_lazy("replaced")
        UNCHANGED = "unchanged", gettext_lazy("unchanged")

    row: int
    outcome: EmploymentOutcome
    status: Status
    previous: tuple[int, int] | None  # (served, working) before a replacement

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


@dataclass(frozen=True)
class OutcomeImportResult:
    rows: tuple[ImportedRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self.count(ImportedRow.Status.CREATED)

    @property
    def replaced(self) -> int:
        return self.count(ImportedRow.Status.REPLACED)

    @property
    def unchanged(self) -> int:
        return self.count(ImportedRow.Status.UNCHANGED)


@transaction.atomic
def outcome_import(*, actor, text: str, replace_existing: bool) -> OutcomeImportResult:
    """Import quarterly outcomes from CSV text: all rows or none.

    Every row is checked before anything is written; any problem rejects the whole file with a
    list of all problems (``OutcomeImportRejected``). Rows may only name centers in the actor's
    scope. A quarter that already exists with the same numbers is left as it is; with different
    numbers it is an error unless ``replace_existing``, in which case it is replaced and reported.
    """
    rows, problems = _parse_outcome_rows(text)
    return _import_outcome_rows(
        actor=actor, rows=rows, problems=problems, replace_existing=replace_existing
    )


@transaction.atomic
def outcome_records_import(*, actor, records: list, replace_existing: bool) -> OutcomeImportResult:
    """The same import from records instead of CSV text (the API's bulk upsert): each record a
    mapping of ``OUTCOME_COLUMNS`` to values, numbered from 1 in the problems. The same checks,
    all records or none."""
    rows, problems = [], []
    for row, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            problems.append(ImportProblem(row, "", _("Each row must be an object of columns.")))
            continue
        problems += [
            ImportProblem(
                row,
                str(name)[:30],
                _("Unknown column. The columns are: %s") % ", ".join(OUTCOME_COLUMNS),
            )
            for name in record
            if name not in OUTCOME_COLUMNS
        ]
        raw = {column: _record_text(record.get(column)) for column in OUTCOME_COLUMNS}
        cell_problems = _cell_problems(row, list(raw), list(raw.values()))
        if cell_problems:
            problems += cell_problems
            continue
        values, row_problems = _outcome_values(row, {k: v.strip() for k, v in raw.items()})
        problems += row_problems
        if not row_problems:
            rows.append((row, values))
    if not rows and not problems:
        problems.append(ImportProblem(1, "", _("There are no rows to import.")))
    return _import_outcome_rows(
        actor=actor, rows=rows, problems=problems, replace_existing=replace_existing
    )


def _record_text(value) -> str:
    """A record's value as the CSV import reads cells: numbers as their text (so 5.5 and true
    are reported as not whole numbers, like the same text in a file), nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _import_outcome_rows(
    *, actor, rows: list[tuple[int, dict]], problems: list[ImportProblem], replace_existing: bool
) -> OutcomeImportResult:
    centers = {center.code: center for center in centers_for_user(actor)}
    existing = {
        (o.center_id, o.year, o.quarter): o
        for o in EmploymentOutcome.objects.filter(center__in=centers.values())
    }
    seen: dict[tuple, int] = {}
    planned: list[ImportedRow] = []
    for row, values in rows:
        center = centers.get(values["center_code"])
        if center is None:
            problems.append(
                ImportProblem(
                    row,
                    "center_code",
                    _("There is no center with the code “%(code)s” that you may import for.")
                    % {"code": values["center_code"]},
                )
            )
            continue
        key = (center.pk, values["year"], values["quarter"])
        if key in seen:
            problems.append(
                ImportProblem(
                    row,
                    "quarter",
                    _("%(code)s %(year)s Q%(quarter)s is already in row %(first)s.")
                    % {**values, "code": center.code, "first": seen[key]},
                )
            )
            continue
        seen[key] = row
        outcome = EmploymentOutcome(
            center=center,
            year=values["year"],
            quarter=values["quarter"],
            served=values["served"],
            working=values["working"],
            entered_by=actor,
        )
        old = existing.get(key)
        if old is None:
            planned.append(ImportedRow(row, outcome, ImportedRow.Status.CREATED, None))
        elif (old.served, old.working) == (outcome.served, outcome.working):
            planned.append(ImportedRow(row, old, ImportedRow.Status.UNCHANGED, None))
        elif replace_existing:
            outcome.pk = old.pk
            planned.append(
                ImportedRow(row, outcome, ImportedRow.Status.REPLACED, (old.served, old.working))
            )
        else:
            problems.append(
                ImportProblem(
                    row,
                    "quarter",
                    _(
                        "%(outcome)s already has %(served)s served and %(working)s working. "
                        "Choose “Replace quarters that already exist” to overwrite them."
                    )
                    % {"outcome": old, "served": old.served, "working": old.working},
                )
            )
    if problems:
        raise OutcomeImportRejected(sorted(problems, key=lambda p: p.row))
    now = timezone.now()
    for item in planned:
        item.outcome.entered_at = now
    EmploymentOutcome.objects.bulk_create(
        [r.outcome for r in planned if r.status == ImportedRow.Status.CREATED]
    )
    EmploymentOutcome.objects.bulk_update(
        [r.outcome for r in planned if r.status == ImportedRow.Status.REPLACED],
        ["served", "working", "entered_by", "entered_at"],
    )
    caching.changed()  # bulk writes send no signals
    return OutcomeImportResult(rows=tuple(planned))


def _parse_outcome_rows(text: str) -> tuple[list[tuple[int, dict]], list[ImportProblem]]:
    """The rows of the file as (row number, values), and the problems of form found on the way."""
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Norwegian and other locales save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    problems: list[ImportProblem] = []
    lines = _csv_rows(reader, problems)
    header = [name.strip().lower() for name in next(lines, [])]
    if not problems:
        problems.extend(_header_problems(header))
    if problems:
        return [], problems
    rows = []
    for cells in lines:
        row = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        cell_problems = _cell_problems(row, header, cells)
        if cell_problems:
            problems.extend(cell_problems)
            continue
        if len(cells) != len(header):
            problems.append(
                ImportProblem(
                    row,
                    "",
                    _("Expected %(expected)s values, found %(found)s.")
                    % {"expected": len(header), "found": len(cells)},
                )
            )
            continue
        raw = dict(zip(header, (cell.strip() for cell in cells), strict=True))
        values, row_problems = _outcome_values(row, raw)
        problems.extend(row_problems)
        if not row_problems:
            rows.append((row, values))
    if not rows and not problems:
        problems.append(ImportProblem(2, "", _("The file has no rows to import.")))
    return rows, problems


def _csv_rows(reader, problems: list[ImportProblem]):
    """The rows of ``reader`` up to the first one the csv module cannot read, which becomes a
    problem (the file cannot be trusted past it): a field over the csv module's size limit, or
    a quote that is never closed and so swallows the rest of the file."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            problems.append(
                ImportProblem(
                    reader.line_num,
                    "",
                    _(
                        "This row cannot be read: a value is far too long or a quote is not "
                        "closed. Nothing after it was read."
                    ),
                )
            )
            return
        yield cells


def _cell_problems(row: int, header: list[str], cells: list[str]) -> list[ImportProblem]:
    problems = []
    for column, cell in zip(header, cells, strict=False):
        if len(cell) > OUTCOME_CELL_MAX_CHARACTERS:
            problems.append(
                ImportProblem(
                    row,
                    column,
                    _("This value has %(length)s characters; at most %(limit)s are allowed.")
                    % {"length": len(cell), "limit": OUTCOME_CELL_MAX_CHARACTERS},
                )
            )
        elif "\x00" in cell:
            problems.append(ImportProblem(row, column, _("This value contains a null character.")))
    return problems


def _header_problems(header: list[str]) -> list[ImportProblem]:
    expected = ", ".join(OUTCOME_COLUMNS)
    if not any(header):
        return [ImportProblem(1, "", _("The file is empty. The first row must be: %s") % expected)]
    problems = [
        ImportProblem(1, name, _("This column is missing. The columns are: %s") % expected)
        for name in OUTCOME_COLUMNS
        if name not in header
    ]
    problems += [
        ImportProblem(1, name, _("Unknown column. The columns are: %s") % expected)
        for name in dict.fromkeys(header)
        if name not in OUTCOME_COLUMNS
    ]
    problems += [
        ImportProblem(1, name, _("This column appears more than once."))
        for name in OUTCOME_COLUMNS
        if header.count(name) > 1
    ]
    return problems


def _outcome_values(row: int, raw: dict[str, str]) -> tuple[dict, list[ImportProblem]]:
    problems = []
    values = {"center_code": raw["center_code"].upper()}
    if not values["center_code"]:
        problems.append(ImportProblem(row, "center_code", _("Enter the center's short code.")))
    quarter = raw["quarter"].upper().removeprefix("Q")
    for column in ("year", "quarter", "served", "working"):
        text = quarter if column == "quarter" else raw[column]
        if not (text.isascii() and text.isdecimal()):
            problems.append(
                ImportProblem(
                    row,
                    column,
                    _("“%(value)s” is not a whole number of 0 or more.") % {"value": raw[column]},
                )
            )
            continue
        values[column] = int(text)
    if problems:
        return values, problems
    candidate = EmploymentOutcome(**{k: v for k, v in values.items() if k != "center_code"})
    try:
        candidate.clean_fields(exclude=["center", "entered_by", "entered_at"])
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            problems += [ImportProblem(row, column, message) for message in messages]
    if values["working"] > values["served"]:
        problems.append(
            ImportProblem(
                row,
                "working",
                _("%(working)s working is more than the %(served)s served.") % values,
            )
        )
    return values, problems
