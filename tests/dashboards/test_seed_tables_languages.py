"""The seed paper's Tables 2-5 give the same figures in Norwegian and English (the demo data)."""

import dataclasses
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from participants.dashboard import Filters, dashboard
from tests.dashboards.conftest import page_table

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
# Dates are written the language's way ("6 Oct 2014", "06.10.2014"): see test_languages.py.
DATE = re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}|\d{2}\.\d{2}\.\d{4}")


def numbers(value) -> list:
    """Every number inside a selector's result (dataclasses, tuples, dicts), in order: what the
    tables show, without their labels."""
    if isinstance(value, bool) or value is None:
        return [value]
    if isinstance(value, int | float | Decimal):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [n for f in dataclasses.fields(value) for n in numbers(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [n for v in value for n in numbers(v)]
    if isinstance(value, dict):
        return [n for k in sorted(value, key=str) for n in numbers(value[k])]
    return []


def figures(cells: list[str]) -> list[str]:
    """The numbers written in table cells, with the decimal separator made one."""
    cells = [cell.replace("\xa0", "") for cell in cells if not DATE.fullmatch(cell.strip())]
    return [n.replace(",", ".") for cell in cells for n in NUMBER.findall(cell)]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)
    return get_user_model().objects.get(username="admin")


def test_tables_2_to_5_give_the_same_figures_in_norwegian_and_english(client_for, demo):
    admin = demo
    with translation.override("en"):
        english = dashboard(admin, Filters(arm="ips"))
    with translation.override("nb"):
        norwegian = dashboard(admin, Filters(arm="ips"))
    # Tables 2-4: reach, statements, satisfaction and usefulness.
    for part in ("reach", "facilitators", "barriers", "scales", "severity"):
        assert numbers(getattr(norwegian, part)) == numbers(getattr(english, part)), part
    assert len(numbers(english.scales)) > 30
    client = client_for(admin)
    pages = {}
    for language in ("en", "nb"):
        participants = client.get(
            reverse("participants:dashboard"), {"arm": "ips"}, HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        comparison = client.get(
            reverse("dashboards:comparison"), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        pages[language] = (participants, comparison)
    en_participants, en_comparison = pages["en"]
    nb_participants, nb_comparison = pages["nb"]
    assert figures(TD.findall(nb_participants)) == figures(TD.findall(en_participants))
    # Table 5: every score, mean, difference and total of every center.
    en_rows = page_table(en_comparison, "comparison-table")
    nb_rows = page_table(nb_comparison, "comparison-table")
    assert len(en_rows) == len(nb_rows) > 25
    for en_row, nb_row in zip(en_rows[1:], nb_rows[1:], strict=True):
        assert figures(nb_row[1:]) == figures(en_row[1:]), en_row[0]
    en_totals = [cell for row in page_table(en_comparison, "totals-table") for cell in row]
    nb_totals = [cell for row in page_table(nb_comparison, "totals-table") for cell in row]
    assert figures(nb_totals) == figures(en_totals)
    assert "99.5" in figures(en_totals)  # the median of the six totals
    # The item names are the scale's Norwegian ones.
    assert "Jobbutvikling: kvaliteten på arbeidsgiverkontakten" in nb_comparison
    assert "Jobbutvikling: kvaliteten på arbeidsgiverkontakten" not in en_comparison
