"""The comparison as CSV and XLSX: exactly the tables the page shows, from the same cells.

The CSV holds the comparison table, an empty row, then the table of totals; the XLSX holds the
same on one sheet, numbers as numbers with the page's number of decimals. Text a spreadsheet
would run as a formula is neutralised in both (numbers are left as they are).
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

from dashboards.selectors import ComparisonPage
from dashboards.tables import Cell, Table
from participants.exports import safe_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _is_number(cell: Cell) -> bool:
    return isinstance(cell.value, int | float) and not isinstance(cell.value, bool)


def _rows(table: Table) -> list[list[Cell]]:
    return [[Cell(h, h) for h in table.header], *(list(row.cells) for row in table.rows)]


def _tables(page: ComparisonPage) -> list[Table]:
    return [page.table, page.totals]


def as_csv(page: ComparisonPage) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, table in enumerate(_tables(page)):
        if index:
            writer.writerow([])
        for row in _rows(table):
            writer.writerow([c.text if _is_number(c) else safe_text(c.text) for c in row])
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(page: ComparisonPage) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comparison")
    row_index = 1
    for table in _tables(page):
        for position, row in enumerate(_rows(table)):
            for column_index, cell in enumerate(row, start=1):
                target = sheet.cell(row=row_index, column=column_index)
                if _is_number(cell):
                    target.value = cell.value
                    decimals = len(cell.text.partition(".")[2])
                    target.number_format = "0." + "0" * decimals if decimals else "0"
                elif cell.text:
                    # Text stays text: a leading "=" must never become a formula.
                    target.value = cell.text
                    target.data_type = TYPE_STRING
                if position == 0 or column_index == 1:
                    target.font = Font(bold=True)
            row_index += 1
        row_index += 1
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(page: ComparisonPage, fmt: str, stem: str) -> HttpResponse:
    body = as_xlsx(page) if fmt == "xlsx" else as_csv(page)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
