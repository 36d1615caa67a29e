"""The XLSX rating sheet of one reviewer: written for download, read back from an upload.

Sheet "Ratings": a header row, then one row per item: A number, B name, C score (validated as a
whole number in the scale's range), D evidence notes, E what each score means. A hidden, protected
sheet "ipsweb" holds what the upload is checked against: the review, the reviewer, and per item
its id, number and the version of the rating when the sheet was made (0: not rated yet). The
versions let an upload refuse to overwrite a rating changed in the browser since the download.

Reading never trusts the file: every problem is reported by cell ("C7: 6 is above 5") and
nothing is returned unless the whole sheet is valid. Plain data in and out; no database.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ipsweb.spreadsheets import Sheet, WholeNumbers, xlsx_bytes
from ipsweb.tabular import Table, TableError, read_xlsx_sheets

RATINGS_SHEET = "Ratings"
KEYS_SHEET = "ipsweb"
KEYS_HEADER = ["review", "reviewer", "item", "number", "version"]
SCORE_COLUMN, EVIDENCE_COLUMN = "C", "D"
# Far more than any scale has items: reading stops there.
MAX_ROWS = 500


@dataclass(frozen=True)
class SheetItem:
    """One item as the download shows it."""

    item_id: int
    number: int
    name: str
    anchors: str  # "5: ...", one line per score, highest first
    score: int | None
    evidence: str
    version: int  # of the reviewer's rating of the item; 0 when there is none


@dataclass(frozen=True)
class SheetEntry:
    """One item as the uploaded sheet has it; ``version`` is the one the download was made at."""

    item_id: int
    number: int
    score: int | None
    evidence: str
    version: int


class SheetInvalid(ValueError):
    """The uploaded file cannot be used; ``messages`` says why, one line per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def workbook_bytes(
    *,
    review_id: int,
    reviewer_id: int,
    minimum: int,
    maximum: int,
    items: Sequence[SheetItem],
) -> bytes:
    last_row = len(items) + 1
    ratings = [
        [
            _("Item"),
            _("Name"),
            _("Score (%(min)s–%(max)s)") % {"min": minimum, "max": maximum},
            _("Evidence notes"),
            _("What the scores mean"),
        ],
        *([i.number, i.name, i.score, i.evidence, i.anchors] for i in items),
    ]
    keys = [
        KEYS_HEADER,
        *([review_id, reviewer_id, i.item_id, i.number, i.version] for i in items),
    ]
    return xlsx_bytes(
        [
            Sheet(
                title=RATINGS_SHEET,
                tables=[ratings],
                freeze_panes="C2",
                whole_numbers=[
                    WholeNumbers(
                        cells=f"{SCORE_COLUMN}2:{SCORE_COLUMN}{last_row}",
                        minimum=minimum,
                        maximum=maximum,
                        error=_("A score is a whole number from %(min)s to %(max)s.")
                        % {"min": minimum, "max": maximum},
                    )
                ],
                column_widths={"A": 6, "B": 40, "C": 10, "D": 60, "E": 60},
            ),
            Sheet(title=KEYS_SHEET, tables=[keys], hidden=True, protected=True),
        ]
    )


def _whole_number(text: str) -> int | None:
    text = text.strip()
    if not text or not text.lstrip("-").isdigit() or len(text) > 12:
        return None
    return int(text)


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _not_a_rating_sheet() -> SheetInvalid:
    return SheetInvalid(
        [
            _(
                "This is not a rating sheet downloaded from ipsweb. Download the sheet from the "
                "rating page, fill it in and upload that file."
            )
        ]
    )


def _keys(tables: dict[str, Table]) -> list[tuple[int, int, int, int, int]]:
    keys = tables.get(KEYS_SHEET)
    if keys is None or RATINGS_SHEET not in tables or keys.header != KEYS_HEADER:
        raise _not_a_rating_sheet()
    rows = []
    for _row, cells in keys.rows:
        numbers = [_whole_number(_cell(cells, i)) for i in range(len(KEYS_HEADER))]
        if any(n is None or n < 0 for n in numbers):
            raise _not_a_rating_sheet()
        rows.append(tuple(numbers))
    if not rows:
        raise _not_a_rating_sheet()
    return rows


def read_workbook(
    data: bytes,
    *,
    review_id: int,
    reviewer_id: int,
    minimum: int,
    maximum: int,
    items: Sequence[tuple[int, int]],
    evidence_max_length: int,
) -> list[SheetEntry]:
    """The entries of an uploaded rating sheet for ``review_id`` and ``reviewer_id`` whose items
    are ``items`` ((item id, number) in order), or ``SheetInvalid`` with every problem found."""
    try:
        tables = read_xlsx_sheets(data, max_rows=MAX_ROWS)
    except TableError as error:
        raise SheetInvalid([str(error)]) from None
    keys = _keys(tables)
    if {row[0] for row in keys} != {review_id}:
        raise SheetInvalid(
            [_("This sheet belongs to another review. Download this review's sheet and use it.")]
        )
    if {row[1] for row in keys} != {reviewer_id}:
        raise SheetInvalid(
            [
                _(
                    "This sheet belongs to another reviewer's ratings. Each reviewer uploads the "
                    "sheet they downloaded themselves."
                )
            ]
        )
    if [(row[2], row[3]) for row in keys] != list(items):
        raise SheetInvalid([_("The items of this sheet are not the items of this review's scale.")])
    versions = {row[2]: row[4] for row in keys}
    entries, errors = [], []
    rows = dict(tables[RATINGS_SHEET].rows)
    expected_rows = set()
    for position, (item_id, number) in enumerate(items):
        row = position + 2
        expected_rows.add(row)
        cells = rows.get(row)
        if cells is None or _whole_number(_cell(cells, 0)) != number:
            errors.append(
                _("A%(row)s: this row should be item %(number)s; keep the item rows as downloaded.")
                % {"row": row, "number": number}
            )
            continue
        score, problem = _score(_cell(cells, 2), minimum, maximum)
        if problem:
            errors.append(f"{SCORE_COLUMN}{row}: {problem}")
        evidence = _cell(cells, 3).strip()
        if len(evidence) > evidence_max_length:
            errors.append(
                f"{EVIDENCE_COLUMN}{row}: "
                + _("the evidence notes have %(count)s characters; at most %(max)s are allowed.")
                % {"count": f"{len(evidence):,}", "max": f"{evidence_max_length:,}"}
            )
        entries.append(SheetEntry(item_id, number, score, evidence, versions[item_id]))
    for row in sorted(set(rows) - expected_rows):
        errors.append(
            _("Row %(row)s: not an item row of the downloaded sheet; remove it.") % {"row": row}
        )
    if errors:
        raise SheetInvalid(errors)
    return entries


def _score(text: str, minimum: int, maximum: int) -> tuple[int | None, str]:
    """The score in a cell, or the reason it is not one."""
    text = text.strip()
    if not text:
        return None, ""
    number = _whole_number(text)
    if number is None:
        return None, _("“%(value)s” is not a whole number from %(min)s to %(max)s.") % {
            "value": text[:40],
            "min": minimum,
            "max": maximum,
        }
    if number < minimum:
        return None, _("%(value)s is below %(min)s.") % {"value": number, "min": minimum}
    if number > maximum:
        return None, _("%(value)s is above %(max)s.") % {"value": number, "max": maximum}
    return number, ""
