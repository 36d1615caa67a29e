"""Attacks on the survey dashboard's small-cell suppression, as a program manager would try them.

A manager may read every dashboard their filters reach (all centers, one center, one arm, one
center's one arm, with or without an inclusion period). These tests take the numbers those pages
show, subtract them from each other in every way the pages fit together, and check that no hidden
cell comes back; and that two worlds which differ only in a hidden group's answers give the
manager the very same pages.
"""

import datetime
import itertools
import re

import pytest
from django.urls import reverse

from centers.roles import Role
from participants.dashboard import Filters, dashboard, statement_table
from participants.models import BaselineSurvey, FollowUpSurvey, Statement, StatementAnswer
from tests.factories import (
    BaselineFactory,
    CenterFactory,
    DiagnosticFactory,
    FollowUpFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EARLY = datetime.date(2025, 1, 15)
LATE = datetime.date(2025, 6, 10)
CUT = datetime.date(2025, 3, 1)
ARMS = ["ips", "usual_care"]


def add_people(center, arm, answers, *, included_on=EARLY):
    """One participant per (age, higher education, agrees, usefulness) tuple; follow-ups in IPS."""
    statement = Statement.objects.get(text="My illness was a barrier")
    for age, educated, agrees, usefulness in answers:
        participant = ParticipantFactory(center=center, arm=arm, included_on=included_on)
        BaselineFactory(participant=participant, age=age, higher_education=educated)
        DiagnosticFactory(participant=participant, psychosis=age % 2 == 0, anxiety=True)
        if arm == "ips":
            follow_up = FollowUpFactory(participant=participant, usefulness=usefulness)
            StatementAnswer.objects.create(follow_up=follow_up, statement=statement, agrees=agrees)


def mixed(count, *, start=20):
    """Answers with every yes/no and level count either 0 or well above 5."""
    return [(start + i, i % 2 == 0, i % 2 == 1, 5 if i % 2 else 4) for i in range(count)]


@pytest.fixture
def world():
    """Three centers. C2's IPS arm has 3 people (every cell hidden); C3's has one yes of 12 to
    the barrier (that row hidden); C1's IPS arm has 3 people included late, after ``CUT``."""
    c1, c2, c3 = (CenterFactory(name=f"Center {n}") for n in (1, 2, 3))
    add_people(c1, "ips", mixed(20))
    add_people(
        c1,
        "ips",
        [(70, True, True, 1), (71, False, True, 2), (72, True, False, 1)],
        included_on=LATE,
    )
    add_people(c1, "usual_care", mixed(10, start=40))
    add_people(c2, "ips", [(33, True, True, 1), (34, True, False, 2), (35, False, True, 3)])
    add_people(c2, "usual_care", mixed(10, start=50))
    add_people(c3, "ips", [(60 + i, i < 6, i == 0, 5 if i < 6 else 4) for i in range(12)])
    manager = UserFactory(username="mira", role=Role.MANAGER, centers=[c1, c2, c3])
    admin = UserFactory(username="adam", role=Role.ADMIN)
    return {"centers": [c1, c2, c3], "manager": manager, "admin": admin}


def numbers(data) -> dict:
    """Every number a dashboard shows, by row and column; None where it is hidden. A mean row
    also gives its sum (mean times n), the number a pooled mean leaks through."""
    found = {("included",): data.included.count}
    found.update({("status", str(label)): cell.count for label, cell in data.statuses})
    for row in data.reach + data.severity:
        found[("reach", str(row.label), "n")] = row.n.count
        if row.share is not None:
            found[("reach", str(row.label), "yes")] = row.share.count
        elif row.n.count is not None:
            found[("reach", str(row.label), "sum")] = (row.mean or 0) * row.n.count
    found[("unclassified",)] = data.unclassified.count
    for row in data.facilitators + data.barriers:
        found[("statement", row.statement.text, "yes")] = row.yes.count
        found[("statement", row.statement.text, "n")] = row.n.count
    for table in data.scales:
        found[("scale", table.name, "n")] = table.n.count
        for label, cell in table.levels:
            found[("scale", table.name, str(label))] = cell.count
    found[("received",)] = data.follow_ups_received.count
    found[("due",)] = data.follow_ups_due.count
    return found


def views(centers):
    """Every (center, arm) the filter form reaches, with the set of groups each one covers."""
    for center in [None, *centers]:
        for arm in ["", *ARMS]:
            groups = frozenset(
                (c.pk, a)
                for c in ([center] if center else centers)
                for a in ([arm] if arm else ARMS)
            )
            yield Filters(center=center, arm=arm), groups


def exact_covers(rest: frozenset, parts: list) -> list[list]:
    """Every way to write ``rest`` as a disjoint union of reachable views."""
    if not rest:
        return [[]]
    first = min(rest)
    covers = []
    for index, (filters, groups) in enumerate(parts):
        if first in groups and groups <= rest:
            for tail in exact_covers(rest - groups, parts[index + 1 :] + parts[:index]):
                covers.append([(filters, groups), *tail])
    return covers[:50]


def differs(candidate, truth) -> bool:
    return abs(candidate - truth) > 1e-6


def test_totals_minus_their_other_parts_never_give_back_a_hidden_cell(world):
    manager, admin = world["manager"], world["admin"]
    reachable = list(views(world["centers"]))
    shown = {groups: numbers(dashboard(manager, filters)) for filters, groups in reachable}
    exact = {groups: numbers(dashboard(admin, filters)) for filters, groups in reachable}
    hidden_parts = 0
    for (_whole_filters, whole), (_part_filters, part) in itertools.product(reachable, reachable):
        if not part < whole:
            continue
        others = [view for view in reachable if view[1] <= whole - part]
        for cover in exact_covers(whole - part, others):
            for key, total in shown[whole].items():
                truth = exact[part].get(key)
                if total is None or shown[part].get(key) is not None or not truth:
                    continue
                rest = [shown[groups].get(key) for _f, groups in cover]
                if None in rest:
                    continue
                hidden_parts += 1
                assert differs(total - sum(rest), truth), (key, sorted(part), sorted(whole))
    assert hidden_parts > 50  # the attack had hidden cells to go after


def test_a_period_filter_minus_no_filter_never_gives_back_a_hidden_cell(world):
    manager, admin = world["manager"], world["admin"]
    early, late = {"included_to": CUT}, {"included_from": CUT + datetime.timedelta(days=1)}
    tried = 0
    for filters, _groups in views(world["centers"]):
        unfiltered = numbers(dashboard(manager, filters))
        for period, other in [(early, late), (late, early)]:
            filtered = numbers(dashboard(manager, Filters(**{**vars(filters), **period})))
            truth = numbers(dashboard(admin, Filters(**{**vars(filters), **other})))
            for key, total in unfiltered.items():
                part = filtered.get(key)
                if total is None or part is None or not truth.get(key):
                    continue
                n_key = (*key[:-1], "n") if key[-1] in ("yes", "sum") else key
                if 0 < (truth.get(n_key) or truth[key]) < 5:
                    tried += 1
                    assert differs(total - part, truth[key]), (key, filters, period)
    assert tried > 10


def test_a_period_filter_changes_nothing_for_a_manager_and_is_not_offered(client_for, world):
    c1 = world["centers"][0]
    client = client_for(world["manager"])
    plain = client.get(reverse("participants:dashboard"), {"center": c1.pk})
    period = client.get(
        reverse("participants:dashboard"), {"center": c1.pk, "included_to": CUT.isoformat()}
    )
    assert numbers(plain.context["data"]) == numbers(period.context["data"])
    assert 'name="included_to"' not in plain.content.decode()
    admin_page = client_for(world["admin"]).get(reverse("participants:dashboard"))
    assert 'name="included_to"' in admin_page.content.decode()


def test_totals_leave_out_groups_with_a_hidden_cell_and_say_so(client_for, world):
    response = client_for(world["manager"]).get(reverse("participants:dashboard"))
    data = response.context["data"]
    # C1's IPS arm (23) and usual care (10), C2's usual care (10), C3 (12); C2's IPS arm (3) not.
    assert data.included.count == 55 and data.included_left_out == 1
    barrier = next(r for r in data.barriers if r.statement.text == "My illness was a barrier")
    # Of the three IPS groups, only C1's shows its barrier row in full (C2: n 3; C3: 1 yes).
    assert (barrier.n.count, barrier.left_out) == (23, 2)
    page = response.content.decode()
    assert "2 groups left out" in page and "1 group left out" in page
    assert "≥5" not in page


def test_admins_still_see_every_group_in_the_totals(world):
    data = dashboard(world["admin"], Filters())
    assert data.included.count == 58 and data.included_left_out == 0
    barrier = next(r for r in data.barriers if r.statement.text == "My illness was a barrier")
    assert (barrier.yes.count, barrier.n.count) == (15, 38)


@pytest.mark.parametrize("who", ["manager", "admin"])
def test_the_statement_table_alone_is_the_dashboards_statement_rows(world, who):
    """The joint display reads only the statements (``statement_table``): the same rows, with the
    same groups left out, as the whole survey dashboard of everyone in scope."""
    user = world[who]
    alone, whole = statement_table(user), dashboard(user, Filters())
    assert alone.threshold == whole.threshold
    assert (alone.facilitators, alone.barriers) == (whole.facilitators, whole.barriers)
    barrier = next(r for r in alone.barriers if r.statement.text == "My illness was a barrier")
    assert barrier.left_out == (2 if who == "manager" else 0)


NOISE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
]


def pages(client, centers) -> dict:
    found = {}
    for center, arm, period in itertools.product(
        ["", *(str(c.pk) for c in centers)], ["", *ARMS], [{}, {"included_to": CUT.isoformat()}]
    ):
        query = {"center": center, "arm": arm, **period}
        html = client.get(reverse("participants:dashboard"), query).content.decode()
        for noise in NOISE:
            html = noise.sub("", html)
        found[tuple(sorted(query.items()))] = html
    return found


def test_a_hidden_groups_answers_cannot_be_told_apart_on_any_dashboard_page(client_for, world):
    """World A and world B differ only in the answers of C2's IPS arm (3 people, all hidden)."""
    c2 = world["centers"][1]
    client = client_for(world["manager"])
    before = pages(client, world["centers"])
    exact_before = numbers(dashboard(world["admin"], Filters()))
    hidden = {"participant__center": c2, "participant__arm": "ips"}
    BaselineSurvey.objects.filter(**hidden).update(age=80, higher_education=False)
    FollowUpSurvey.objects.filter(**hidden).update(usefulness=5)
    StatementAnswer.objects.filter(
        follow_up__participant__center=c2, follow_up__participant__arm="ips"
    ).update(agrees=False)
    after = pages(client, world["centers"])
    changed = [query for query in before if before[query] != after[query]]
    assert changed == []
    # The admin does see the difference, so the worlds really differ.
    assert numbers(dashboard(world["admin"], Filters())) != exact_before
