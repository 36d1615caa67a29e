"""The comparison as CSV and XLSX: exactly the tables the page shows, from the same cells.

The CSV holds the comparison table, an empty row, then the table of totals; the XLSX holds the
same on one sheet, numbers as numbers with the page's number of decimals. Both are written by
``ipsweb.spreadsheets`` (quoting, formula neutralisation, header styling).
"""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dashboards.selectors import ComparisonPage, ComparisonTables
from dashboards.tables import Cell, Table
from ipsweb.spreadsheets import Sheet, csv_bytes, is_number, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _value(cell: Cell) -> object:
    """A number as the Decimal the page shows (4.67, with its decimals), a date as a date (ISO in
    CSV), anything else as text. Never localized: a file reads the same in every language."""
    if is_number(cell.value):
        return Decimal(cell.text)
    if isinstance(cell.value, datetime.date):
        return cell.value
    return cell.text


def _rows(table: Table) -> list[list[object]]:
    return [list(table.header), *([_value(c) for c in row.cells] for row in table.rows)]


def _tables(page: ComparisonPage | ComparisonTables) -> list[list[list[object]]]:
    return [_rows(page.table), _rows(page.totals)]


def as_csv(page: ComparisonPage | ComparisonTables) -> bytes:
    return csv_bytes(_tables(page))


def as_xlsx(page: ComparisonPage | ComparisonTables) -> bytes:
    return xlsx_bytes(
        [Sheet(_("Comparison"), _tables(page), bold_first_column=True, freeze_panes="B2")]
    )


def download(page: ComparisonPage | ComparisonTables, fmt: str, stem: str) -> HttpResponse:
    body = as_xlsx(page) if fmt == "xlsx" else as_csv(page)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
