"""The dashboards in Norwegian: the same numbers, written the Norwegian way on pages and in chart
data (06.10.2014, 98,17); the exports one machine-readable format in every language."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from accounts.models import LanguagePreference
from tests.dashboards.conftest import PAPER_VISITS as FINAL_VISITS
from tests.dashboards.conftest import page_table

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
DATE = re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}|\d{2}\.\d{2}\.\d{4}")  # "6 Oct 2014", "06.10.2014"


@pytest.fixture
def clients(client_for, paper_manager):
    """The same manager reading English and Norwegian (their own choice: nb)."""
    english = client_for(paper_manager)
    LanguagePreference.objects.create(user=paper_manager, language="nb")
    norwegian = client_for(paper_manager)
    return english, norwegian


def numbers(rows: list[list[str]]) -> list[str]:
    """Every number of the table's cells (dates left out: they are written differently)."""
    cells = [cell for row in rows for cell in row[1:] if not DATE.fullmatch(cell)]
    return [n for cell in cells for n in NUMBER.findall(cell)]


def test_the_comparison_shows_the_same_numbers_with_decimal_commas_in_norwegian(clients):
    english, norwegian = clients
    page = reverse("dashboards:comparison")
    en = english.get(page).content.decode()
    nb = norwegian.get(page).content.decode()
    assert '<html lang="nb">' in nb
    for table in ["comparison-table", "totals-table"]:
        en_numbers = numbers(page_table(en, table))
        assert "98.17" in en_numbers  # the mean of the paper's totals (Table 5)
        assert numbers(page_table(nb, table)) == [n.replace(".", ",") for n in en_numbers]
    visit = FINAL_VISITS["C1"]
    assert visit.strftime("%d.%m.%Y") in nb
    assert visit.strftime("%d.%m.%Y") not in en


def test_the_comparison_csv_is_the_same_file_in_every_language(clients):
    english, norwegian = clients
    export = reverse("dashboards:comparison_export")
    en = english.get(export, {"format": "csv"}).content.decode("utf-8-sig")
    nb = norwegian.get(export, {"format": "csv"}).content.decode("utf-8-sig")
    en_rows, nb_rows = list(csv.reader(io.StringIO(en))), list(csv.reader(io.StringIO(nb)))
    # Labels and band names may be translated; every number and date is the same: ISO dates and
    # decimal points.
    value = re.compile(r"-?\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}|")
    assert [[c if value.fullmatch(c) else "text" for c in row[1:]] for row in nb_rows[1:]] == [
        [c if value.fullmatch(c) else "text" for c in row[1:]] for row in en_rows[1:]
    ]
    assert "98.17" in nb
    assert FINAL_VISITS["C1"].isoformat() in nb
    assert not [cell for row in nb_rows for cell in row if re.fullmatch(r"-?\d+,\d+", cell)]


def test_the_center_dashboards_chart_data_write_dates_the_norwegian_way(clients, paper):
    english, norwegian = clients
    page = reverse("centers:detail", args=[paper["C1"].pk])

    def chart(client) -> dict:
        html = client.get(page).content.decode()
        source = html.split('id="center-dashboard-data" type="application/json">')[1]
        return json.loads(source.split("</script>")[0])

    en, nb = chart(english), chart(norwegian)
    visit = FINAL_VISITS["C1"]
    assert nb["totals"]["labels"][-1] == visit.strftime("%d.%m.%Y")
    assert en["totals"]["labels"][-1] == f"{visit.day} {visit.strftime('%b %Y')}"
    # Numbers stay numbers; static/js/formats.js writes them in the page's language.
    assert nb["totals"]["values"] == en["totals"]["values"]
    assert nb["profile"]["means"] == en["profile"]["means"]
