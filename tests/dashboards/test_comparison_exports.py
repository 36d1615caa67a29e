"""CSV and XLSX exports of the comparison, and `manage.py export_comparison`."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.dashboards.conftest import page_table
from tests.factories import CenterFactory, final_review

pytestmark = pytest.mark.django_db
EXPORT = reverse("dashboards:comparison_export")
PAGE = reverse("dashboards:comparison")


def as_exported(text: str) -> str:
    """A page's date ("8 Jan 2024") as every export writes it, in every language (2024-01-08)."""
    if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", text):
        return datetime.datetime.strptime(text, "%d %b %Y").date().isoformat()
    return text


def shown(client, **params) -> list[list[str]]:
    """The page's tables as the export lays them out: comparison, an empty row, totals."""
    html = client.get(PAGE, params).content.decode()
    rows = [*page_table(html, "comparison-table"), [], *page_table(html, "totals-table")]
    return [[as_exported(text) for text in row] for row in rows]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"grouping": "none"},
        {"grouping": "top_k", "k": "2", "order": "difference"},
        {"centers_from": "region", "region": "North", "period_from": "2025 Q1"},
        {"grouping": "hand", "group1": "C1 C4", "group2": "C6", "visited_to": "2014-11-20"},
    ],
)
def test_the_csv_holds_exactly_the_tables_on_the_page(client_for, paper_manager, params):
    client = client_for(paper_manager)
    response = client.get(EXPORT, {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="comparison-')
    assert csv_rows(response.content) == shown(client, **params)


def test_the_xlsx_holds_the_same_cells_with_numbers_as_numbers(client_for, paper_manager):
    client = client_for(paper_manager)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    expected = shown(client)
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(cells) == len(expected)
    for expected_row, sheet_row in zip(expected, cells, strict=True):
        padded = expected_row + [""] * (len(sheet_row) - len(expected_row))
        for text, value in zip(padded, sheet_row, strict=True):
            if not text:
                assert value is None
            elif isinstance(value, int | float):
                assert value == float(text)
            elif isinstance(value, datetime.datetime):  # a real date in the sheet
                assert value.date().isoformat() == text
            else:
                assert value == text
    # Means keep their two decimals in the spreadsheet too.
    mean = next(c for c in sheet[1] if c.value == "Mean").column
    assert sheet.cell(row=4, column=mean).value == 4.67
    assert sheet.cell(row=4, column=mean).number_format == "0.00"


def test_an_unknown_export_format_is_refused(client_for, paper_manager):
    response = client_for(paper_manager).get(EXPORT, {"format": "pdf"})
    assert response.status_code == 400


def test_an_export_of_an_invalid_choice_goes_back_to_the_page_with_the_errors(
    client_for, paper_manager
):
    client = client_for(paper_manager)
    response = client.get(EXPORT, {"format": "csv", "codes": "NOPE", "centers_from": "hand"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "No center you can see has the code NOPE" in page


def test_the_command_writes_the_same_csv_as_an_admin_downloads(client_for, admin, paper, capsys):
    call_command("export_comparison", "--format", "csv")
    printed = capsys.readouterr().out
    download = client_for(admin).get(EXPORT, {"format": "csv"}).content.decode("utf-8")
    assert printed == download
    assert "Lower employment" in printed  # grouped by the median rate: there are outcomes


def test_the_command_writes_to_a_file(admin, paper, tmp_path, client_for):
    target = tmp_path / "comparison.csv"
    call_command("export_comparison", "--format", "csv", "--output", str(target))
    assert target.read_bytes() == client_for(admin).get(EXPORT, {"format": "csv"}).content


def test_the_command_writes_xlsx_only_to_a_file(paper, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        call_command("export_comparison", "--format", "xlsx")
    target = tmp_path / "comparison.xlsx"
    call_command("export_comparison", "--format", "xlsx", "--output", str(target))
    assert load_workbook(target).active["F1"].value == "C1"


def test_the_command_compares_all_active_centers_without_groups_when_there_are_no_outcomes(
    lead, capsys
):
    for code in ["A1", "B1"]:
        final_review(CenterFactory(code=code), [lead], [4] * 25)
    retired = CenterFactory(code="OLD", is_active=False)
    final_review(retired, [lead], [2] * 25)
    call_command("export_comparison")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert rows[0] == ["Item", "A1", "B1", "Mean", "SD", "Min", "Max", "n"]
