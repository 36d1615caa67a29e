"""Reading an uploaded table (CSV or XLSX) as text cells, refusing files that are not what they
claim to be. The counterpart of ``ipsweb.spreadsheets``, which writes them.

- **CSV**: UTF-8 with or without a byte-order mark, comma or semicolon separated (sniffed from the
  header row). A file with NUL bytes or that is not UTF-8 is refused with a message saying how to
  save it. The apostrophes ``ipsweb.spreadsheets.safe_text`` put before formula characters are
  taken out, so an exported file reads back as it was.
- **XLSX**: read with openpyxl in read-only mode (row by row), the first sheet. The archive's
  unpacked size is checked before it is opened (a small file can unpack to gigabytes). A formula
  is read as its text (``=1+1``), never calculated; dates become ISO dates.
- Every cell is text; an empty cell is "". Rows that are empty are skipped. Reading stops with an
  error past ``max_rows`` rows, so a huge file is never read to its end.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ipsweb.spreadsheets import text_from_safe

XLSX_MAGIC = b"PK\x03\x04"
# An XLSX file unpacks to a few times its size; far more is an archive built to exhaust memory.
MAX_UNPACK_RATIO = 100
MAX_COLUMNS = 500


class TableError(ValueError):
    """Why the file cannot be read at all, in words for the user."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    # (row number as a spreadsheet shows it, the header being row 1; the cells as text)
    rows: list[tuple[int, list[str]]]


def read_table(data: bytes, *, max_rows: int) -> Table:
    """The header and rows of an uploaded CSV or XLSX file (``TableError`` if unreadable)."""
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows)
    return _read_csv(data, max_rows)


def _too_many_rows(max_rows: int) -> TableError:
    return TableError(
        _("The file has more than %(limit)s rows. Split it into files of at most %(limit)s rows.")
        % {"limit": f"{max_rows:,}"}
    )


class _EmptyTable(TableError):
    """The first row names no column."""


def _empty_file() -> TableError:
    return _EmptyTable(_("The file is empty: its first row should name the columns."))


def _checked_header(cells: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise _empty_file()
    if len(header) > MAX_COLUMNS:
        raise TableError(
            _("The file has %(count)s columns; at most %(limit)s are allowed.")
            % {"count": len(header), "limit": MAX_COLUMNS}
        )
    return header


def _delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;").delimiter
    except csv.Error:
        # Spreadsheets set to Norwegian and other locales save CSV with semicolons.
        return ";" if first_line.count(";") > first_line.count(",") else ","


def _read_csv(data: bytes, max_rows: int) -> Table:
    if b"\x00" in data:
        raise TableError(
            _(
                "The file contains null bytes, so it is not a CSV text file (perhaps UTF-16 "
                "“Unicode text”). In Excel, save it as “CSV UTF-8” or as an Excel workbook."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError(
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")
        ) from None
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = _checked_header(next(reader, []))
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == max_rows:
                raise _too_many_rows(max_rows)
            rows.append((reader.line_num, [text_from_safe(cell) for cell in cells]))
    except csv.Error:
        raise TableError(
            _(
                "Row %(row)s cannot be read: a value is far too long or a quote is not closed. "
                "Nothing was imported."
            )
            % {"row": reader.line_num}
        ) from None
    return Table(header, rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    workbook = _open_xlsx(data)
    try:
        return _sheet_table(workbook.worksheets[0], max_rows)
    finally:
        workbook.close()


def read_xlsx_sheets(data: bytes, *, max_rows: int) -> dict[str, Table]:
    """Every sheet of an uploaded XLSX workbook by its title, hidden ones too (``TableError`` if
    the file is not a readable workbook). A sheet without a header row is left out."""
    if not data.startswith(XLSX_MAGIC):
        raise TableError(_("The file is not an Excel workbook (XLSX)."))
    workbook = _open_xlsx(data)
    tables = {}
    try:
        for sheet in workbook.worksheets:
            try:
                tables[sheet.title] = _sheet_table(sheet, max_rows)
            except _EmptyTable:
                continue
    finally:
        workbook.close()
    return tables


def _open_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable() from None
    if unpacked > MAX_UNPACK_RATIO * max(len(data), 1024 * 1024):
        raise TableError(_("The workbook unpacks to far more data than it holds; it was refused."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error for a broken workbook
        raise _unreadable() from None


def _unreadable() -> TableError:
    return TableError(_("The file is not a readable Excel workbook (XLSX)."))


def _sheet_table(sheet, max_rows: int) -> Table:
    try:
        lines = sheet.iter_rows(values_only=True)
        header = _checked_header([_cell_text(value) for value in next(lines, ())])
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = [_cell_text(value) for value in values]
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) == max_rows:
                raise _too_many_rows(max_rows)
            while len(cells) > len(header) and not cells[-1]:
                cells.pop()  # read-only sheets pad rows to the widest one
            rows.append((number, cells))
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds of error for a broken workbook
        raise _unreadable() from None
    return Table(header, rows)
