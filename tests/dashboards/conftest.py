"""Dashboards fixtures on top of the fixed cast (tests/conftest.py).

``paper``: the seed paper's six centers C1-C6 (Fyhn et al. 2020, Table 5) with their Table 5 scores
as final IPS-25 reviews and the demo's eight quarters of outcomes, in which C3, C5 and C6 have the
higher employment rates; ``paper_manager`` is a program manager assigned to all six.
"""

import datetime
from html.parser import HTMLParser

import pytest

from centers.demo import demo_outcome_numbers
from centers.models import EmploymentOutcome
from centers.roles import Role
from reviews.demo import TABLE_5
from tests.factories import CenterFactory, UserFactory, final_review

PAPER_REGIONS = {"C1": "North", "C2": "North", "C3": "North", "C4": "South", "C5": "South"}
# Fixed dates, so the pages' dates and periods can be named in the tests.
PAPER_VISITS = {
    "C1": datetime.date(2014, 10, 6),
    "C2": datetime.date(2014, 10, 20),
    "C3": datetime.date(2014, 11, 3),
    "C4": datetime.date(2014, 11, 17),
    "C5": datetime.date(2014, 12, 1),
    "C6": datetime.date(2014, 12, 8),
}
PAPER_QUARTERS = [(year, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)]


@pytest.fixture
def lead(db):
    return UserFactory(username="lena", role=Role.REVIEWER)


def add_outcomes(center, code: str) -> None:
    EmploymentOutcome.objects.bulk_create(
        EmploymentOutcome(center=center, year=y, quarter=q, served=s, working=w)
        for y, q, s, w in demo_outcome_numbers(code, PAPER_QUARTERS)
    )


@pytest.fixture
def paper(lead):
    centers = {}
    for code, scores in TABLE_5.items():
        center = CenterFactory(
            code=code, name=f"Paper center {code}", region=PAPER_REGIONS.get(code, "South")
        )
        final_review(center, [lead], scores, visit_start=PAPER_VISITS[code])
        add_outcomes(center, code)
        centers[code] = center
    return centers


@pytest.fixture
def paper_manager(paper):
    return UserFactory(username="pia", role=Role.MANAGER, centers=list(paper.values()))


def a_final_review(center, lead, scores, day: datetime.date = datetime.date(2025, 3, 3)):
    return final_review(center, [lead], scores, visit_start=day)


class _TableParser(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.depth, self.rows, self.cell = table_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_table(html: str, table_id: str) -> list[list[str]]:
    """The text of every cell of the table with ``table_id``, row by row (header row first)."""
    parser = _TableParser(table_id)
    parser.feed(html)
    return parser.rows


def column(rows: list[list[str]], name: str) -> dict[str, str]:
    """``{row header: cell}`` of the column headed ``name``."""
    index = rows[0].index(name)
    return {row[0]: row[index] for row in rows[1:]}


def row(rows: list[list[str]], header: str) -> list[str]:
    return next(r for r in rows if r[0] == header)
