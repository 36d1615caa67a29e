"""The one spreadsheet writer: quoted text, bare numbers, no formula anywhere in a text field."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ipsweb.spreadsheets import Sheet, csv_bytes, safe_text, xlsx_bytes


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\t=1", "'\t'=1"),
        ("x;=1+1;", "x;'=1+1;"),
        ("x,-2", "x,'-2"),
        ('x; "=1', "x; \"'=1"),
        ("first line\n@cmd", "first line\n'@cmd"),
        ("=1;+2", "'=1;'+2"),
        ("Good fidelity", "Good fidelity"),
        ("2025-03-01", "2025-03-01"),
        ("part-time, paid", "part-time, paid"),
        ("", ""),
    ],
)
def test_a_formula_at_the_start_or_after_a_separator_gets_an_apostrophe(text, safe):
    assert safe_text(text) == safe


def test_text_is_quoted_and_numbers_are_not_so_they_stay_numbers():
    body = csv_bytes([[["name", "score"], ["x;=1+1;", Decimal("4.70")], [None, 3]]])
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines() == ['"name","score"', '"x;\'=1+1;",4.70', '"",3']


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_cell_starts_a_formula_whatever_separator_a_spreadsheet_splits_on(delimiter):
    hostile = ["x;=1+1;", "a,@b", "c\t+d", 'e;"=f', "g\n-h", "=i", "plain"]
    text = csv_bytes([[hostile, [1, -2.5]]]).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        for field in row:
            assert field.lstrip(' "')[:1] not in ("=", "+", "@") and not field.startswith("-h")


def test_tables_are_separated_by_an_empty_row():
    text = csv_bytes([[["a"]], [["b"]]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["a"], [], ["b"]]


def test_the_xlsx_keeps_text_as_text_numbers_with_their_decimals_and_a_bold_header():
    body = xlsx_bytes([Sheet("S", [[["name", "mean"], ["=1+1", Decimal("4.70")]]])])
    sheet = load_workbook(io.BytesIO(body))["S"]
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert (sheet["B2"].value, sheet["B2"].number_format) == (4.7, "0.00")
    assert sheet.freeze_panes == "A2"
