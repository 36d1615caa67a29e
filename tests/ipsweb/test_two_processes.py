"""Two app processes sharing one PostgreSQL database and one Redis cache (CACHE_URL): a change
made through either is never served stale by the other, and what one computed the other reuses.

Needs Redis (the URL in TWO_PROCESS_CACHE_URL, by default redis://127.0.0.1:6379/5, whose
database is emptied): skipped without it, except on CI (CI=true), where it fails instead.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from dashboards.selectors import PortfolioFilters, portfolio
from reviews.demo import TABLE_5
from tests.factories import final_review

ROOT = Path(__file__).resolve().parents[2]
CACHE_URL = os.environ.get("TWO_PROCESS_CACHE_URL", "redis://127.0.0.1:6379/5")
C1_TOTAL = sum(TABLE_5["C1"])

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The other process: reads the portfolio of a user, or reopens a review, on each line it is sent,
# and answers with one line of JSON (the totals it showed and how many queries that took).
OTHER_PROCESS = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from dashboards.selectors import PortfolioFilters, portfolio
from reviews.models import Review
from reviews.services.reviews import review_reopen

for line in sys.stdin:
    command, pk = line.split()
    if command == "portfolio":
        user = get_user_model().objects.get(pk=pk)
        with CaptureQueriesContext(connection) as queries:
            totals = [row.total for row in portfolio(user, PortfolioFilters())]
    else:
        review = Review.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as queries:
            review_reopen(review=review, actor=review.finalized_by, reason="Reopened elsewhere.")
        totals = None
    print(json.dumps({"totals": totals, "queries": len(queries)}), flush=True)
"""


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(CACHE_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def shared_cache(settings):
    if connection.vendor != "postgresql":
        pytest.skip("Two processes share a database only on PostgreSQL (DATABASE_URL).")
    if not redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"No Redis at {CACHE_URL}; CI runs this test with Redis.")
        pytest.skip(f"No Redis at {CACHE_URL}.")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "ipsweb",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_process(shared_cache):
    """The second process, on the test database (committed data) and the same Redis."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "ipsweb.settings",
        "DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}"
        ),
        "CACHE_URL": CACHE_URL,
        "TIME_ZONE": os.environ.get("TIME_ZONE", "Europe/Oslo"),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", OTHER_PROCESS],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask(command: str, pk: int) -> dict:
        process.stdin.write(f"{command} {pk}\n")
        process.stdin.flush()
        answer = process.stdout.readline()
        assert answer, "the other process stopped"
        return json.loads(answer)

    yield ask
    process.stdin.close()
    process.wait(timeout=30)


def here(user) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        totals = [row.total for row in portfolio(user, PortfolioFilters())]
    return totals, len(queries)


def test_a_change_made_in_one_process_is_never_served_stale_by_the_other(
    other_process, manager, reviewer, center
):
    # The other process computes the portfolio and keeps it in Redis; this one reuses it.
    assert other_process("portfolio", manager.pk)["totals"] == [None]
    again = other_process("portfolio", manager.pk)
    assert again == {"totals": [None], "queries": 1}  # the data stamp only
    assert here(manager) == ([None], 1)

    # A review finalized here shows there at once, computed once for both.
    review = final_review(center, [reviewer], TABLE_5["C1"])
    assert other_process("portfolio", manager.pk)["totals"] == [C1_TOTAL]
    assert here(manager) == ([C1_TOTAL], 1)

    # Reopened there, it is gone here at once.
    other_process("reopen", review.pk)
    totals, queries = here(manager)
    assert totals == [None]
    assert queries > 1  # computed afresh after the change
    assert other_process("portfolio", manager.pk) == {"totals": [None], "queries": 1}


def test_a_rolled_back_change_is_never_seen_by_the_other_process(
    other_process, manager, reviewer, center
):
    assert other_process("portfolio", manager.pk)["totals"] == [None]
    with pytest.raises(RuntimeError), transaction.atomic():
        review = final_review(center, [reviewer], TABLE_5["C1"])
        assert here(manager)[0] == [C1_TOTAL]
        # Uncommitted: the other process still gets what it cached before.
        assert other_process("portfolio", manager.pk) == {"totals": [None], "queries": 1}
        raise RuntimeError("roll back")
    assert other_process("portfolio", manager.pk) == {"totals": [None], "queries": 1}
    assert here(manager) == ([None], 1)
    assert not type(review).objects.filter(pk=review.pk).exists()
