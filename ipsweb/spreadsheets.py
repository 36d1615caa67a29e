"""The one spreadsheet writer: CSV and XLSX files that open safely in Excel and LibreOffice.

Values are numbers (``int``, ``float``, ``Decimal``), ``None`` (an empty cell) or text (anything
else, written as ``str``):

- **CSV**: UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8. Every text field
  is quoted and numbers are not, so a separator inside text (a comma, or the semicolon that
  Norwegian Excel splits on) stays inside its cell and numbers stay numbers. A ``Decimal`` is
  written as it is (``Decimal("4.70")`` as 4.70), so it keeps the decimals a page shows.
- **Formulas**: in CSV, every place where a spreadsheet could start a formula gets an apostrophe
  (see ``safe_text``): the start of a text, and every point after a separator or line break,
  because Excel set to split on ";" splits a comma-separated file inside quoted text too. In XLSX
  every text cell is stored as a string, which no spreadsheet runs.
- **XLSX**: the first row of a sheet (and optionally its first column) in bold, panes frozen
  below the header; a ``Decimal`` gets a number format with its number of decimals; a date is a
  real date (shown as YYYY-MM-DD until the spreadsheet program formats it its own way).
- **One format in every language**: nothing here is localized. CSV dates are ISO 8601
  (``2014-10-06``) and numbers have a decimal point, whatever language the pages speak, so a file
  reads the same everywhere (the data dictionary says so).
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

Rows = Iterable[Sequence[object]]

# A cell that starts with = + - @ may be run as a formula (OWASP's list). A cell starts at the
# start of a text and, for a program that splits where this file does not (Excel with ";" as its
# list separator splits a comma-separated file inside quoted text), after any separator or line
# break; spaces and quotes there are skipped by some programs before they look.
_FORMULA_START = re.compile(r"(^|[,;\t\r\n])([\s\"]*)(?=[=+\-@])")


# Checked by exact type first: a wide table has tens of thousands of cells.
_NUMBER_TYPES = frozenset({int, float, Decimal})


def is_number(value: object) -> bool:
    if type(value) in _NUMBER_TYPES:
        return True
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def safe_text(value: str) -> str:
    """``value`` with an apostrophe before every = + - @ that could start a cell: at the start, and
    after a comma, semicolon, tab or line break (spaces and quotes in between). ``=HYPERLINK(x)``
    becomes ``'=HYPERLINK(x)`` and ``x;=1+1;`` becomes ``x;'=1+1;``; a spreadsheet shows such a
    cell as the text after the apostrophe. Text that starts with a tab or carriage return (which
    some programs strip) gets an apostrophe too."""
    # Most text has none of the characters a formula starts with: then nothing to search for.
    if "=" in value or "+" in value or "-" in value or "@" in value:
        value = _FORMULA_START.sub(r"\1\2'", value)
    return "'" + value if value[:1] in ("\t", "\r") else value


# An apostrophe that ``safe_text`` put before a possible formula start, and the one before a
# leading tab or carriage return.
_GUARD = re.compile(r"(^|[,;\t\r\n])([\s\"]*)'(?=[=+\-@])|^'(?=[\t\r])")


def text_from_safe(value: str) -> str:
    """The text ``safe_text`` was given: its apostrophes taken out again, so a CSV file exported by
    ipsweb imports back unchanged. Only the apostrophes at places where ``safe_text`` adds them
    are removed; the text stays text whatever it starts with."""
    return _GUARD.sub(lambda match: (match.group(1) or "") + (match.group(2) or ""), value)


def _csv_field(value: object) -> object:
    if value is None:
        return ""
    if is_number(value):
        return value
    return safe_text(str(value))


def csv_bytes(tables: Iterable[Rows]) -> bytes:
    """One or more tables of rows as CSV, an empty row between tables."""
    buffer = io.StringIO()
    # QUOTE_NONNUMERIC quotes every field but numbers; "" for a missing value is quoted as well,
    # which every spreadsheet reads as an empty cell.
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    for index, rows in enumerate(tables):
        if index:
            writer.writerow([])
        for row in rows:
            writer.writerow([_csv_field(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class WholeNumbers:
    """Data validation of XLSX cells (such as ``"C2:C26"``): a whole number from ``minimum`` to
    ``maximum``, or empty; ``error`` is what the spreadsheet program says to anything else."""

    cells: str
    minimum: int
    maximum: int
    error: str


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tables one below another with an empty row between them.

    XLSX only: ``hidden`` hides the sheet and ``protected`` locks its cells against editing (not
    a security measure: anyone can unprotect a sheet; uploads are checked on the server);
    ``whole_numbers`` validates cells as they are typed; ``column_widths`` maps column letters to
    widths in characters (the text of those columns wraps).
    """

    title: str
    tables: Sequence[Rows]
    bold_first_column: bool = False
    freeze_panes: str = "A2"
    hidden: bool = False
    protected: bool = False
    whole_numbers: Sequence[WholeNumbers] = ()
    column_widths: Mapping[str, float] = field(default_factory=dict)


def _number_format(value: object) -> str | None:
    if not isinstance(value, Decimal):
        return None
    places = max(-value.as_tuple().exponent, 0)
    return "0." + "0" * places if places else "0"


def _finish(sheet, spec: Sheet) -> None:
    """The XLSX-only settings of a sheet (see ``Sheet``)."""
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in spec.column_widths.items():
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(
            min_col=sheet[f"{letter}1"].column, max_col=sheet[f"{letter}1"].column
        ):
            cell.alignment = wrap
    for rule in spec.whole_numbers:
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1=str(rule.minimum),
            formula2=str(rule.maximum),
            allow_blank=True,
            showErrorMessage=True,
            error=rule.error,
        )
        validation.add(rule.cells)
        sheet.add_data_validation(validation)
    if spec.protected:
        sheet.protection.sheet = True
    if spec.hidden:
        sheet.sheet_state = "hidden"


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        row_index = 1
        for rows in spec.tables:
            for position, row in enumerate(rows):
                for column_index, value in enumerate(row, start=1):
                    cell = sheet.cell(row=row_index, column=column_index)
                    if is_number(value):
                        cell.value = value
                        if number_format := _number_format(value):
                            cell.number_format = number_format
                    elif isinstance(value, datetime.date) and not isinstance(
                        value, datetime.datetime
                    ):
                        cell.value = value
                        cell.number_format = "yyyy-mm-dd"
                    elif value is not None and value != "":
                        # Text stays text: a leading "=" must never become a formula.
                        cell.value = str(value)
                        cell.data_type = TYPE_STRING
                    if position == 0 or (spec.bold_first_column and column_index == 1):
                        cell.font = bold
                row_index += 1
            row_index += 1
        sheet.freeze_panes = spec.freeze_panes
        _finish(sheet, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
