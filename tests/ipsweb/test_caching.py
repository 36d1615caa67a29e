"""What selectors computed is kept in the cache (ipsweb.caching) until data changes, yet every
change shows at once. Most tests run inside the usual test transaction, as the whole suite does:
the cache works there too. The last ones commit and roll back for real."""

import datetime
import logging

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centers.roles import Role
from centers.services import outcome_import, user_save, user_set_centers
from dashboards.selectors import PortfolioFilters, portfolio
from ipsweb import caching
from ipsweb.models import DataStamp
from reviews.demo import TABLE_5
from reviews.services.reviews import review_reopen
from tests.factories import CenterFactory, final_review

COMPUTED_PAGES = [
    ("dashboards:portfolio", False),
    ("dashboards:comparison", False),
    ("dashboards:fidelity_outcomes", False),
    ("centers:detail", True),
]
C1_TOTAL = sum(TABLE_5["C1"])  # 97
C6_TOTAL = sum(TABLE_5["C6"])  # 109

calls = []


@caching.cached_selector("test_counted")
def counted(*args, **kwargs):
    calls.append(args)
    return len(calls)


@pytest.fixture(autouse=True)
def _no_calls_yet():
    calls.clear()


def url_of(name, takes_center, center):
    return reverse(name, args=[center.pk]) if takes_center else reverse(name)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "takes_center"), COMPUTED_PAGES)
def test_a_page_seen_again_is_served_from_the_cache_inside_the_test_transaction(
    client_for, manager, reviewer, center, name, takes_center
):
    final_review(center, [reviewer], TABLE_5["C1"])
    client = client_for(manager)
    url = url_of(name, takes_center, center)
    first = count_queries(client, url)
    again = count_queries(client, url)
    # The session, the user with their role, their permissions, the center a center page shows
    # and one data stamp per cached selector (in a transaction; outside, one per request): the
    # forms' choices and the portfolio's review cadence are selectors too. The center page also
    # lists its reviews, uncached: their stages follow ratings, which keep the stamp.
    assert again <= (7 if name in ("centers:detail", "dashboards:portfolio") else 6) < first


@pytest.mark.django_db
def test_the_portfolio_shows_a_new_final_review_at_once(client_for, manager, reviewer, center):
    client = client_for(manager)
    url = reverse("dashboards:portfolio")
    assert "never reviewed" in client.get(url).content.decode()
    final_review(center, [reviewer], TABLE_5["C1"])
    page = client.get(url).content.decode()
    assert "never reviewed" not in page
    assert f">{C1_TOTAL}<" in page


@pytest.mark.django_db
def test_the_dashboard_shows_the_previous_total_once_the_latest_review_is_reopened(
    client_for, manager, reviewer, center
):
    final_review(center, [reviewer], TABLE_5["C1"], visit_start=datetime.date(2024, 3, 4))
    latest = final_review(center, [reviewer], TABLE_5["C6"])
    client = client_for(manager)
    url = reverse("centers:detail", args=[center.pk])
    assert client.get(url).context["dashboard"].latest.total == C6_TOTAL
    review_reopen(review=latest, actor=reviewer, reason="A score was entered wrongly.")
    assert client.get(url).context["dashboard"].latest.total == C1_TOTAL


@pytest.mark.django_db
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


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_a_manager_taken_off_a_center_no_longer_sees_it(client_for, manager, reviewer, center):
    final_review(center, [reviewer], TABLE_5["C1"])
    client = client_for(manager)
    assert center.name in client.get(reverse("dashboards:portfolio")).content.decode()
    user_set_centers(user=manager, centers=[])
    assert center.name not in client.get(reverse("dashboards:portfolio")).content.decode()
    assert client.get(reverse("centers:detail", args=[center.pk])).status_code == 404


@pytest.mark.django_db
def test_a_changed_role_takes_effect_on_the_next_request(client_for, admin, manager, center):
    client = client_for(manager)
    assert client.get(reverse("dashboards:portfolio")).status_code == 200
    user_save(actor=admin, user=manager, role=Role.REVIEWER, centers=[center])
    assert client.get(reverse("dashboards:portfolio")).status_code == 403


@pytest.mark.django_db
def test_a_permission_taken_from_a_role_takes_effect_on_the_next_request(
    client_for, manager, center
):
    client = client_for(manager)
    assert client.get(reverse("dashboards:portfolio")).status_code == 200
    managers = Group.objects.get(name=Role.MANAGER)
    managers.permissions.remove(*managers.permissions.filter(codename="view_center_reviews"))
    assert client.get(reverse("dashboards:portfolio")).status_code == 403


@pytest.mark.django_db
def test_two_managers_never_see_each_others_cached_pages(
    client_for, manager, outsider, reviewer, center, other_center
):
    final_review(center, [reviewer], TABLE_5["C1"])
    url = reverse("dashboards:portfolio")
    mine = client_for(manager).get(url).content.decode()
    theirs = client_for(outsider).get(url).content.decode()
    assert center.name in mine and other_center.name not in mine
    assert other_center.name in theirs and center.name not in theirs


@pytest.mark.django_db
def test_a_result_is_computed_once_per_data_stamp_and_arguments():
    assert [counted(1), counted(1), counted(2), counted(1, day="x")] == [1, 1, 2, 3]
    caching.changed()
    assert counted(1) == 4


@pytest.mark.django_db
def test_the_language_is_part_of_the_key():
    with translation.override("en"):
        assert counted() == counted() == 1
    with translation.override("nb"):
        assert counted() == 2


@pytest.mark.django_db
def test_what_was_read_after_a_write_later_rolled_back_to_a_savepoint_is_never_served(
    manager, reviewer, center
):
    filters = PortfolioFilters()
    assert portfolio(manager, filters)[0].total is None
    with pytest.raises(RuntimeError), transaction.atomic():
        final_review(center, [reviewer], TABLE_5["C1"])
        assert portfolio(manager, filters)[0].total == C1_TOTAL
        raise RuntimeError("roll back")
    with CaptureQueriesContext(connection) as queries:
        assert portfolio(manager, filters)[0].total is None
    assert len(queries) == 1  # the stamp: the result from before the savepoint, cached


@pytest.mark.django_db
def test_a_cached_selector_refuses_arguments_it_cannot_key(manager):
    from centers.models import Center

    with pytest.raises(TypeError, match="QuerySet"):
        counted(Center.objects.all())
    assert caching.cache_key("x", (manager,), {}) == caching.cache_key("x", (manager,), {})


@pytest.mark.django_db
def test_a_missing_stamp_row_is_created_on_first_read():
    DataStamp.objects.all().delete()
    assert counted() == counted() == 1
    assert DataStamp.objects.count() == 1


@pytest.mark.django_db
def test_logging_in_keeps_the_stamp(client_for, manager):
    before = caching.read_stamp()
    client_for(manager).get(reverse("dashboards:portfolio"))
    assert caching.read_stamp() == before


@pytest.mark.django_db
def test_draft_ratings_keep_the_stamp(reviewer, center):
    from reviews.models import Rating
    from tests.factories import ReviewFactory

    review = ReviewFactory(center=center, reviewers=[reviewer])
    item = review.scale.items.first()
    before = caching.read_stamp()
    Rating.objects.create(review=review, reviewer=reviewer, item=item, score=3)
    assert caching.read_stamp() == before


@pytest.mark.django_db
def test_an_unreachable_cache_is_logged_and_the_page_still_computed(
    client_for, manager, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with caplog.at_level(logging.WARNING, logger="ipsweb.caching"):
        assert client_for(manager).get(reverse("dashboards:portfolio")).status_code == 200
    assert "The cache could not be read" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_leaves_the_committed_stamp_and_results(
    manager, reviewer, center
):
    filters = PortfolioFilters()
    committed = caching.read_stamp()
    assert portfolio(manager, filters)[0].total is None
    with pytest.raises(RuntimeError), transaction.atomic():
        final_review(center, [reviewer], TABLE_5["C1"])
        assert caching.read_stamp() != committed
        assert portfolio(manager, filters)[0].total == C1_TOTAL
        raise RuntimeError("roll back")
    assert caching.read_stamp() == committed
    assert portfolio(manager, filters)[0].total is None
    final_review(center, [reviewer], TABLE_5["C1"])
    assert caching.read_stamp() != committed
    assert portfolio(manager, filters)[0].total == C1_TOTAL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_outside_transactions_reads_the_stamp_once_and_the_next_sees_a_change(
    client_for, manager, reviewer, center
):
    client = client_for(manager)
    url = reverse("dashboards:portfolio")
    assert "never reviewed" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "never reviewed" in client.get(url).content.decode()
    # The session, the user with their role, their permissions and the stamp, read once for the
    # three cached selectors of the page (its band and region choices and its rows).
    assert len(queries) == 4
    assert sum("ipsweb_datastamp" in query["sql"] for query in queries) == 1
    final_review(center, [reviewer], TABLE_5["C1"])
    assert f">{C1_TOTAL}<" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_within_a_request_is_seen_by_the_cached_reads_after_it(reviewer, center):
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    try:
        assert counted() == counted() == 1
        center.name = "Renamed"
        center.save()
        assert counted() == 2
    finally:
        request_finished.send(sender=None)
