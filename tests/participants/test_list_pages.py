"""The statement list and the participant register, a page at a time."""

import datetime
import re

import pytest
from django.urls import reverse

from participants.models import Statement
from participants.selectors import statements_in_order
from tests.factories import (
    BaselineFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ParticipantFactory,
    StatementFactory,
)
from tests.pagination import (
    assert_bad_page_numbers_show_a_page,
    assert_queries_do_not_grow,
    walk_pages,
)

pytestmark = pytest.mark.django_db
STATEMENTS = reverse("participants:statements")
PARTICIPANTS = reverse("participants:list")


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("participants.views.reports.STATEMENTS_PER_PAGE", 5)
    monkeypatch.setattr("participants.views.registry.PAGE_SIZE", 2)


# Statements (the migrations add twelve) --------------------------------------------------------


def test_the_next_links_walk_every_statement_once_in_survey_order(small_pages, client_for, admin):
    # Same kind and position as another: the id decides, on every page the same way.
    StatementFactory(kind="barrier", position=1)
    StatementFactory(kind="facilitator", position=3)
    pages, links = walk_pages(client_for(admin), STATEMENTS)
    assert [len(page) for page in pages] == [5, 5, 4]
    assert [row for page in pages for row in page] == statements_in_order(Statement.objects.all())
    assert [link["page"] for link in links] == ["2", "3"]


def test_the_statement_list_counts_every_statement(small_pages, client_for, admin):
    html = client_for(admin).get(STATEMENTS).content.decode()
    assert "12 statements" in html and "Page 1 of 3" in html


def test_a_bad_page_number_shows_a_page_of_statements(small_pages, client_for, admin):
    ordered = statements_in_order(Statement.objects.all())
    pages = [ordered[:5], ordered[5:10], ordered[10:]]
    assert_bad_page_numbers_show_a_page(client_for(admin), STATEMENTS, pages)


def test_the_statement_list_needs_no_query_per_statement(
    client_for, admin, django_assert_max_num_queries
):
    def add_statements():
        for old in Statement.objects.all()[:6]:
            StatementFactory(kind=old.kind, replaces=old)

    assert_queries_do_not_grow(
        client_for(admin), STATEMENTS, add_statements, django_assert_max_num_queries
    )


# Participants (the page links used to be written out in their template) -----------------------


def test_the_participant_page_links_keep_the_filters(
    small_pages, client_for, manager, center, other_center
):
    here = [
        ParticipantFactory(center=center, included_on=datetime.date(2025, 1, 10 - n))
        for n in range(3)
    ]
    ParticipantFactory(center=center, arm="usual_care")
    ParticipantFactory(center=other_center)
    filters = {"center": str(center.pk), "arm": "ips", "status": "active", "q": "P-TEST"}
    pages, links = walk_pages(client_for(manager), PARTICIPANTS, filters)
    assert pages == [here[:2], here[2:]]
    assert [link.dict() for link in links] == [{**filters, "page": "2"}]
    assert_bad_page_numbers_show_a_page(
        client_for(manager), PARTICIPANTS, [here[:2], here[2:]], filters
    )


def test_the_register_names_the_surveys_given_without_stray_separators(client_for, manager, center):
    all_three, later_two, none = (ParticipantFactory(center=center) for _ in range(3))
    BaselineFactory(participant=all_three)
    for participant in (all_three, later_two):
        DiagnosticFactory(participant=participant)
        FollowUpFactory(participant=participant)
    html = client_for(manager).get(PARTICIPANTS).content.decode()
    rows = {
        p.study_code: next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if p.study_code in r)
        for p in (all_three, later_two, none)
    }
    surveys = {
        code: re.sub(r"<[^>]+>|\s+", " ", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]).strip()
        for code, row in rows.items()
    }
    assert surveys == {
        all_three.study_code: "baseline · screen · follow-up",
        later_two.study_code: "screen · follow-up",
        none.study_code: "–",
    }
