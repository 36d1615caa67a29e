"""Computed pages are kept in memory between requests (ipsweb.readcache), yet every change shows
at once. These tests commit for real (transaction=True): only then does the cache work, as it
does in production."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centers.models import DataStamp
from centers.roles import Role
from centers.services import outcome_import, user_save, user_set_centers
from ipsweb import readcache
from reviews.demo import TABLE_5
from reviews.services.reviews import review_reopen
from tests.factories import CenterFactory, final_review

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COMPUTED_PAGES = [
    ("dashboards:portfolio", False),
    ("dashboards:comparison", False),
    ("dashboards:fidelity_outcomes", False),
    ("centers:detail", True),
]
C1_TOTAL = sum(TABLE_5["C1"])  # 97
C6_TOTAL = sum(TABLE_5["C6"])  # 109


def url_of(name, takes_center, center):
    return reverse(name, args=[center.pk]) if takes_center else reverse(name)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "takes_center"), COMPUTED_PAGES)
def test_a_page_seen_again_is_served_from_memory(
    client_for, manager, reviewer, center, name, takes_center
):
    final_review(center, [reviewer], TABLE_5["C1"])
    client = client_for(manager)
    url = url_of(name, takes_center, center)
    first = count_queries(client, url)
    again = count_queries(client, url)
    # The session and the user (with the data stamp), and the center a center page shows.
    assert again <= 3 < first


def test_the_portfolio_shows_a_new_final_review_at_once(client_for, manager, reviewer, center):
    client = client_for(manager)
    url = reverse("dashboards:portfolio")
    assert "never reviewed" in client.get(url).content.decode()
    final_review(center, [reviewer], TABLE_5["C1"])
    page = client.get(url).content.decode()
    assert "never reviewed" not in page
    assert f">{C1_TOTAL}<" in page


def test_the_dashboard_shows_the_previous_total_once_the_latest_review_is_reopened(
    client_for, manager, reviewer, center
):
    import datetime

    final_review(center, [reviewer], TABLE_5["C1"], visit_start=datetime.date(2024, 3, 4))
    latest = final_review(center, [reviewer], TABLE_5["C6"])
    client = client_for(manager)
    url = reverse("centers:detail", args=[center.pk])
    assert client.get(url).context["dashboard"].latest.total == C6_TOTAL
    review_reopen(review=latest, actor=reviewer, reason="A score was entered wrongly.")
    assert client.get(url).context["dashboard"].latest.total == C1_TOTAL


def test_a_review_finalized_elsewhere_changes_the_scope_mean_on_a_center_page(
    client_for, manager, reviewer, center
):
    second = CenterFactory(code="N2", region=center.region)
    user_set_centers(user=manager, centers=[center, second])
    user_set_centers(user=reviewer, centers=[center, second])
    final_review(center, [reviewer], TABLE_5["C1"])
    client = client_for(manager)
    url = reverse("centers:detail", args=[center.pk])
    assert client.get(url).context["dashboard"].scope_centers == 1
    final_review(second, [reviewer], TABLE_5["C6"])
    dashboard = client.get(url).context["dashboard"]
    assert dashboard.scope_centers == 2
    means = {row.number: row.scope_mean for row in dashboard.profile}
    assert means[1] == (TABLE_5["C1"][0] + TABLE_5["C6"][0]) / 2


def test_imported_outcomes_show_on_the_center_page_at_once(client_for, admin, manager, center):
    client = client_for(manager)
    url = reverse("centers:detail", args=[center.pk])
    assert "No employment outcomes have been entered yet" in client.get(url).content.decode()
    outcome_import(
        actor=admin,
        text=f"center_code,year,quarter,served,working\n{center.code},2025,1,40,18\n",
        replace_existing=False,
    )
    page = client.get(url).content.decode()
    assert "No employment outcomes have been entered yet" not in page
    assert "18 of 40" in page


def test_a_manager_taken_off_a_center_no_longer_sees_it(client_for, manager, reviewer, center):
    final_review(center, [reviewer], TABLE_5["C1"])
    client = client_for(manager)
    assert center.name in client.get(reverse("dashboards:portfolio")).content.decode()
    user_set_centers(user=manager, centers=[])
    assert center.name not in client.get(reverse("dashboards:portfolio")).content.decode()
    assert client.get(reverse("centers:detail", args=[center.pk])).status_code == 404


def test_a_changed_role_takes_effect_on_the_next_request(client_for, admin, manager, center):
    client = client_for(manager)
    assert client.get(reverse("dashboards:portfolio")).status_code == 200
    user_save(actor=admin, user=manager, role=Role.REVIEWER, centers=[center])
    assert client.get(reverse("dashboards:portfolio")).status_code == 403


def test_a_permission_taken_from_a_role_takes_effect_on_the_next_request(
    client_for, manager, center
):
    client = client_for(manager)
    assert client.get(reverse("dashboards:portfolio")).status_code == 200
    managers = Group.objects.get(name=Role.MANAGER)
    managers.permissions.remove(*managers.permissions.filter(codename="view_center_reviews"))
    assert client.get(reverse("dashboards:portfolio")).status_code == 403


def test_two_managers_never_see_each_others_cached_pages(
    client_for, manager, outsider, reviewer, center, other_center
):
    final_review(center, [reviewer], TABLE_5["C1"])
    url = reverse("dashboards:portfolio")
    mine = client_for(manager).get(url).content.decode()
    theirs = client_for(outsider).get(url).content.decode()
    assert center.name in mine and other_center.name not in mine
    assert other_center.name in theirs and center.name not in theirs


def test_nothing_is_cached_inside_a_transaction():
    calls = []
    stamp = readcache.read_stamp()
    with transaction.atomic():
        for _ in range(2):
            readcache.remember("test", (), lambda: calls.append(1), stamp=stamp)
    assert len(calls) == 2
    for _ in range(2):
        readcache.remember("test", (), lambda: calls.append(1), stamp=stamp)
    assert len(calls) == 3


def test_without_the_stamp_pages_are_computed_every_time_until_a_change_brings_it_back(
    client_for, manager, reviewer, center
):
    DataStamp.objects.all().delete()
    client = client_for(manager)
    url = reverse("dashboards:portfolio")
    assert count_queries(client, url) == count_queries(client, url) > 3
    final_review(center, [reviewer], TABLE_5["C1"])
    assert DataStamp.objects.count() == 1
    assert f">{C1_TOTAL}<" in client.get(url).content.decode()
    assert count_queries(client, url) <= 3


def test_results_of_an_earlier_stamp_are_dropped_once_a_new_one_is_seen():
    calls = []
    for stamp in (1, 1, 2, 1):
        readcache.remember("test", (), lambda: calls.append(1), stamp=stamp)
    assert len(calls) == 3


def test_logging_in_keeps_what_is_cached(client_for, manager):
    before = readcache.read_stamp()
    client_for(manager)
    assert readcache.read_stamp() == before


def test_a_cache_of_no_entries_keeps_nothing(client_for, manager, settings):
    settings.READ_CACHE_ENTRIES = 0
    client = client_for(manager)
    url = reverse("dashboards:portfolio")
    assert count_queries(client, url) == count_queries(client, url) > 3
