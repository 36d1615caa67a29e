"""The portfolio: every center in scope with its latest review, overdue flag and direction."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from centers.services import user_set_centers
from dashboards.selectors import Direction, PortfolioFilters, portfolio, review_due_on
from ipsweb.dates import add_months
from reviews.demo import TABLE_5
from reviews.models import Review, ScaleBand
from reviews.services.scales import scale_new_draft
from tests.dashboards.conftest import page_table
from tests.factories import CenterFactory, ReviewFactory, final_review, ips25

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:portfolio")
# Visits relative to today, so "overdue" does not depend on when the tests run.
RECENT = add_months(datetime.date.today(), -3)
EARLIER = add_months(datetime.date.today(), -20)
LONG_AGO = add_months(datetime.date.today(), -40)


def rows_of(client, **params) -> list[list[str]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return page_table(response.content.decode(), "portfolio-table")


@pytest.fixture
def centers(manager, center, lead):
    """NV reviewed twice (97, then 103 three months ago), MO once long ago (89), NEW never."""
    final_review(center, [lead], TABLE_5["C1"], visit_start=EARLIER)
    final_review(center, [lead], TABLE_5["C2"], visit_start=RECENT)
    old = CenterFactory(name="Moldal IPS", code="MO", region="North")
    final_review(old, [lead], TABLE_5["C4"], visit_start=LONG_AGO)
    new = CenterFactory(name="Nybakk IPS", code="NEW", region="West")
    user_set_centers(user=manager, centers=[center, old, new])
    return {"NV": center, "MO": old, "NEW": new}


def test_a_manager_lands_on_the_portfolio(client_for, manager):
    response = client_for(manager).get(reverse("home"))
    assert response["Location"] == URL


def test_every_center_shows_its_latest_total_band_date_change_and_due_date(
    client_for, manager, centers
):
    rows = rows_of(client_for(manager))
    assert rows[0] == [
        "Center ▲",
        "Code",
        "Region",
        "Latest total",
        "Band",
        "Last review",
        "Change since the previous review",
        "Next review due",
    ]
    by_code = {r[1]: r for r in rows[1:]}
    next_review = date_format(add_months(RECENT, 12))
    assert by_code["NV"][3:8] == [
        "103",
        "Good fidelity",
        date_format(RECENT),
        "▲ up 6",
        next_review,
    ]
    assert by_code["MO"][3:7] == ["89", "Fair fidelity", date_format(LONG_AGO), "no earlier review"]
    # Fair fidelity: the next review is due 6 months later (good fidelity: 12).
    assert by_code["MO"][7] == f"{date_format(add_months(LONG_AGO, 6))} Overdue"
    assert by_code["NEW"][3:8] == ["–", "–", "never reviewed", "no earlier review", "Overdue"]


def test_a_fall_is_shown_with_a_downward_arrow_and_words(manager, centers, lead):
    final_review(centers["NV"], [lead], TABLE_5["C4"], visit_start=datetime.date.today())
    row = next(r for r in portfolio(manager, PortfolioFilters()) if r.code == "NV")
    assert (row.direction, row.change, row.change_size) == (Direction.DOWN, -14, 14)


def test_the_review_interval_setting_applies_where_the_band_sets_no_cadence(
    manager, centers, settings
):
    ScaleBand.objects.update(review_interval_months=None)
    settings.REVIEW_INTERVAL_MONTHS = 6
    assert review_due_on(datetime.date(2025, 8, 31)) == datetime.date(2026, 2, 28)
    later = add_months(RECENT, 7)
    rows = {r.code: r for r in portfolio(manager, PortfolioFilters(), today=later)}
    assert rows["NV"].due_on == add_months(RECENT, 6)
    assert rows["NV"].overdue
    settings.REVIEW_INTERVAL_MONTHS = 12
    rows = {r.code: r for r in portfolio(manager, PortfolioFilters(), today=later)}
    assert not rows["NV"].overdue


def test_the_next_review_is_due_6_months_after_fair_fidelity_and_12_after_good(
    manager, centers, lead
):
    final_review(centers["MO"], [lead], TABLE_5["C4"], visit_start=RECENT)  # 89, fair
    rows = {r.code: r for r in portfolio(manager, PortfolioFilters())}
    assert rows["MO"].due_on == add_months(RECENT, 6)
    assert rows["NV"].due_on == add_months(RECENT, 12)  # 103, good


def test_an_admin_changes_the_cadence_of_a_band_and_the_due_dates_follow(
    client_for, admin, manager, centers
):
    good = ScaleBand.objects.get(scale=ips25(), label="Good fidelity")
    response = client_for(admin).post(
        reverse("admin:reviews_scaleband_change", args=[good.pk]),
        {"review_interval_months": "2"},
    )
    assert response.status_code == 302
    good.refresh_from_db()
    assert (good.label, good.min_total, good.review_interval_months) == ("Good fidelity", 100, 2)
    rows = {r.code: r for r in portfolio(manager, PortfolioFilters())}
    assert rows["NV"].due_on == add_months(RECENT, 2)
    assert rows["NV"].overdue
    note = client_for(manager).get(URL).content.decode()
    assert "IPS-25 Good fidelity: 2 months" in note
    assert "IPS-25 Fair fidelity: 6 months" in note


def test_a_planned_review_shows_with_its_dates_and_the_center_is_not_overdue(
    client_for, manager, centers, lead
):
    visit = datetime.date.today() + datetime.timedelta(days=20)
    ReviewFactory(center=centers["NEW"], reviewers=[lead], visit_start=visit)
    rows = {r[1]: r for r in rows_of(client_for(manager))[1:]}
    end = visit + datetime.timedelta(days=1)
    assert rows["NEW"][5] == "never reviewed"
    assert rows["NEW"][7] == f"Planned visit {date_format(visit)} to {date_format(end)}"
    assert "Overdue" not in rows["NEW"][7]
    assert "Overdue" in rows["MO"][7]
    overdue = rows_of(client_for(manager), overdue="on")
    assert [r[1] for r in overdue[1:]] == ["MO"]


def test_a_review_under_way_shows_its_stage(client_for, manager, centers, lead):
    review = ReviewFactory(center=centers["MO"], reviewers=[lead], visit_start=RECENT)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.RATING)
    rows = {r[1]: r for r in rows_of(client_for(manager))[1:]}
    due, stage = rows["MO"][7].split("In progress")
    assert due.strip() == date_format(
        add_months(LONG_AGO, 6)
    )  # no "Overdue": the review is under way
    day_after = RECENT + datetime.timedelta(days=1)
    assert stage == f" Rating, visit {date_format(RECENT)} to {date_format(day_after)}"


def test_a_new_scale_version_keeps_the_cadence_of_its_bands():
    draft = scale_new_draft(scale=ips25())
    months = dict(draft.bands.values_list("label", "review_interval_months"))
    assert months == {
        "Exemplary fidelity": 12,
        "Good fidelity": 12,
        "Fair fidelity": 6,
        "Not supported employment": 6,
    }


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({}, ["MO", "NV", "NEW"]),
        ({"sort": "name", "dir": "desc"}, ["NEW", "NV", "MO"]),
        ({"sort": "total", "dir": "desc"}, ["NV", "MO", "NEW"]),
        ({"sort": "total"}, ["MO", "NV", "NEW"]),  # no total: last in either direction
        ({"sort": "date"}, ["MO", "NV", "NEW"]),
        ({"sort": "change", "dir": "desc"}, ["NV", "MO", "NEW"]),
        ({"sort": "nonsense"}, ["MO", "NV", "NEW"]),
        ({"overdue": "on"}, ["MO", "NEW"]),
        ({"band": "Good fidelity"}, ["NV"]),
        ({"region": "North"}, ["MO"]),
        ({"q": "nyb"}, ["NEW"]),
        ({"q": "zzz"}, []),
    ],
)
def test_the_portfolio_sorts_and_filters_on_the_server(client_for, manager, centers, params, codes):
    rows = rows_of(client_for(manager), **params)
    assert [r[1] for r in rows[1:]] == codes


def test_a_sort_heading_links_to_the_other_direction_and_keeps_the_filters(
    client_for, manager, centers
):
    html = client_for(manager).get(URL, {"sort": "total", "region": "West"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert "?sort=total&amp;region=West&amp;dir=desc" in html or (
        "region=West&amp;sort=total&amp;dir=desc" in html
    )


def test_inactive_centers_show_only_on_request(client_for, manager, centers):
    centers["MO"].is_active = False
    centers["MO"].save()
    assert [r[1] for r in rows_of(client_for(manager))[1:]] == ["NV", "NEW"]
    assert "MO" in [r[1] for r in rows_of(client_for(manager), inactive="on")[1:]]


def test_a_filter_value_that_makes_no_sense_is_reported_and_ignored(client_for, manager, centers):
    response = client_for(manager).get(URL, {"band": "<script>alert('x')</script>"})
    html = response.content.decode()
    assert "Some filters were not understood and are ignored" in html
    assert "<script>alert" not in html
    assert len(page_table(html, "portfolio-table")) == 4


def test_the_portfolio_pages_a_hundred_centers_at_a_time(client_for, manager, center):
    user_set_centers(user=manager, centers=[center, *(CenterFactory() for _ in range(104))])
    client = client_for(manager)
    assert len(rows_of(client)) == 101
    assert len(rows_of(client, page=2)) == 6
    assert "105 centers" in client.get(URL).content.decode()


@pytest.mark.parametrize("params", [{"q": "a\x00b"}, {"region": "\x00"}, {"page": "-1"}])
def test_nonsense_in_the_address_never_breaks_the_portfolio(client_for, manager, centers, params):
    response = client_for(manager).get(URL, params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "shown"), [("6", "6"), ("", "12"), ("0", "REVIEW_INTERVAL_MONTHS must be at least 1")]
)
def test_the_review_interval_comes_from_the_environment(value, shown):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_INTERVAL],
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": os.environ["PATH"], "DEBUG": "1", "REVIEW_INTERVAL_MONTHS": value},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown in result.stdout + result.stderr


SHOW_INTERVAL = "from django.conf import settings; print(settings.REVIEW_INTERVAL_MONTHS)"
