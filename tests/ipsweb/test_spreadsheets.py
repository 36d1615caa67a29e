"""The one spreadsheet writer: quoted text, bare numbers, no formula anywhere in a text field."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ipsweb.spreadsheets import Sheet, WholeNumbers, csv_bytes, safe_text, xlsx_bytes
from ipsweb.tabular import read_xlsx_sheets


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


def test_an_xlsx_sheet_can_be_hidden_protected_validated_and_read_back_with_the_others():
    data = xlsx_bytes(
        [
            Sheet(
                "Scores",
                [[["item", "score"], [1, 3], [2, None]]],
                whole_numbers=[WholeNumbers("B2:B3", 1, 5, "From 1 to 5")],
                column_widths={"A": 30},
            ),
            Sheet("keys", [[["key"], ["=1+1"]]], hidden=True, protected=True),
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    scores, keys = workbook["Scores"], workbook["keys"]
    (rule,) = scores.data_validations.dataValidation
    assert (rule.type, rule.formula1, rule.formula2, rule.error) == (
        "whole",
        "1",
        "5",
        "From 1 to 5",
    )
    assert scores.column_dimensions["A"].width == 30 and scores["A2"].alignment.wrap_text
    assert (scores.sheet_state, keys.sheet_state, keys.protection.sheet) == (
        "visible",
        "hidden",
        True,
    )
    tables = read_xlsx_sheets(data, max_rows=10)
    assert tables["Scores"].rows == [(2, ["1", "3"]), (3, ["2", ""])]
    assert tables["keys"].rows == [(2, ["=1+1"])]
