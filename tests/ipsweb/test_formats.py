"""Dates and numbers in the active language on pages (ipsweb/formats/<language>/formats.py), one
machine-readable format in files whatever the language (ipsweb.spreadsheets)."""

import datetime
import io
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from openpyxl import load_workbook

from ipsweb.spreadsheets import Sheet, csv_bytes, xlsx_bytes

DAY = datetime.date(2014, 10, 6)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load rounding %}" + source).render(Context(context))


def test_the_rounding_filter_writes_a_decimal_comma_in_norwegian():
    assert render("{{ v|rounded:2 }}", "en", v=4.666) == "4.67"
    assert render("{{ v|rounded:2 }}", "nb", v=4.666) == "4,67"
    assert render("{{ v|rounded:1 }}", "nb", v=Decimal("12.25")) == "12,3"


def test_dates_are_written_day_month_year_with_dots_in_norwegian():
    assert render("{{ d|date }}", "nb", d=DAY) == "06.10.2014"
    assert render("{{ d|date:'SHORT_DATE_FORMAT' }}", "nb", d=DAY) == "06.10.2014"
    assert render("{{ d|date }}", "en", d=DAY) == "6 Oct 2014"
    moment = datetime.datetime(2014, 10, 6, 15, 48)
    assert render("{{ m|date:'DATETIME_FORMAT' }}", "nb", m=moment) == "06.10.2014 15:48"


def test_numbers_and_years_in_templates_are_not_grouped():
    # USE_THOUSAND_SEPARATOR stays off: ids and years in pages and links are never "2 014".
    assert render("{{ n }}", "nb", n=2014) == "2014"


def test_a_csv_made_while_norwegian_is_active_keeps_iso_dates_and_decimal_points():
    rows = [["day", "mean"], [DAY, Decimal("4.67")]]
    with translation.override("nb"):
        text = csv_bytes([rows]).decode("utf-8-sig")
    assert text.splitlines()[1] == '"2014-10-06",4.67'


def test_the_xlsx_stores_real_dates_and_numbers():
    rows = [["day", "mean"], [DAY, Decimal("4.67")]]
    with translation.override("nb"):
        sheet = load_workbook(io.BytesIO(xlsx_bytes([Sheet("s", [rows])]))).active
    assert sheet["A2"].value == datetime.datetime(2014, 10, 6)
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].value == 4.67
