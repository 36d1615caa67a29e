"""The dashboards benchmark behind ``manage.py benchmark``.

A synthetic dataset (centers x final reviews x items, quarters of outcomes) is seeded with
bulk_create into a database of the benchmark's own, then every dashboard page is requested through
the whole Django stack (``django.test.Client``: middleware, sessions, templates) and timed. The
login page, measured in the same run, is the yardstick: ratios to it travel between machines
better than milliseconds do.

This module runs inside the benchmark's own database only (see the command, which creates and
drops it); ``seed`` refuses to touch a database that already holds centers it did not make.
"""

import datetime
import gc
import itertools
import json
import logging
import math
import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from centers.models import Center, EmploymentOutcome
from centers.roles import Role
from ipsweb import caching
from qualitative.models import Code, Coding, Project, Source
from reviews.models import (
    ActionItem,
    ConsensusScore,
    FidelityScale,
    Review,
    ReviewAssignment,
    ScaleItem,
)
from reviews.scoring import scores_list

REVIEWS_PER_CENTER = 10
QUARTERS = [(year, quarter) for year in (2024, 2025) for quarter in (1, 2, 3, 4)]
CODE_PREFIX = "BM"
MANAGER = "benchmark-manager"
REVIEWER = "benchmark-reviewer"
COMPARED_BY_HAND = 50
EXCERPTS_PER_CENTER = 20
# Seeded in chunks of this many centers, so memory stays small at any size.
CHUNK = 50


def _code(number: int) -> str:
    return f"{CODE_PREFIX}{number:05d}"


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Cast:
    manager: object
    reviewer: object
    scale: FidelityScale
    items: list[ScaleItem]


def cast() -> Cast:
    """The benchmark's users (a program manager assigned to every center, who reads the pages,
    and the reviewer who signed the scores) and the scale, IPS-25 from the migrations."""
    users = get_user_model().objects
    manager, created = users.get_or_create(username=MANAGER)
    if created:
        manager.groups.add(Group.objects.get(name=Role.MANAGER))
    reviewer, created = users.get_or_create(username=REVIEWER)
    if created:
        reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
    scale = FidelityScale.objects.get(code="IPS-25", version=1)
    return Cast(manager, reviewer, scale, list(ScaleItem.objects.filter(scale=scale)))


def seed(the_cast: Cast, first: int, last: int, *, seed_value: int = 2020) -> None:
    """Centers numbered ``first`` to ``last - 1``, each with REVIEWS_PER_CENTER final reviews of
    every item, eight quarters of outcomes and an open action for each weak item of its latest
    review. A center's employment rate rises with its fidelity, so correlations are not noise."""
    if Center.objects.exclude(code__startswith=CODE_PREFIX).exists():
        raise RuntimeError("The benchmark seeds only its own, otherwise empty database.")
    bands = list(the_cast.scale.bands.all())
    for start in range(first, last, CHUNK):
        with transaction.atomic():
            _seed_chunk(the_cast, bands, range(start, min(start + CHUNK, last)), seed_value)
    seed_excerpts(the_cast, first, last)
    # Fresh statistics, as a database in use has them: without, PostgreSQL plans for the empty
    # tables it saw before the bulk insert.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    caching.changed()


def _seed_chunk(the_cast: Cast, bands, numbers: range, seed_value: int) -> None:
    rng = random.Random(seed_value + numbers.start)
    centers = Center.objects.bulk_create(
        Center(
            name=f"Benchmark center {n:05d}",
            code=_code(n),
            region=f"Region {n % 12 + 1}",
            municipality=f"Town {n % 97}",
        )
        for n in numbers
    )
    Center.members.through.objects.bulk_create(
        Center.members.through(center=center, user=the_cast.manager) for center in centers
    )
    quality = {center.pk: rng.random() for center in centers}
    easiness = {item.number: rng.uniform(-0.25, 0.25) for item in the_cast.items}
    finalized = timezone.now()
    reviews, all_scores = [], []
    for center in centers:
        offset = rng.randrange(0, 300)
        for index in range(REVIEWS_PER_CENTER):
            growth = 0.04 * (index - REVIEWS_PER_CENTER)
            scores = {
                item.number: round(
                    _clamp(
                        1
                        + 4 * (quality[center.pk] + easiness[item.number] + growth)
                        + rng.gauss(0, 0.7),
                        1,
                        5,
                    )
                )
                for item in the_cast.items
            }
            total = sum(scores.values())
            visit = datetime.date(2016, 1, 4) + datetime.timedelta(days=365 * index + offset)
            reviews.append(
                Review(
                    center=center,
                    scale=the_cast.scale,
                    visit_start=visit,
                    visit_end=visit + datetime.timedelta(days=1),
                    status=Review.Status.FINAL,
                    total=total,
                    item_scores=scores_list(scores),
                    band_label=next(
                        (b.label for b in bands if b.min_total <= total <= b.max_total), ""
                    ),
                    finalized_at=finalized,
                    finalized_by=the_cast.reviewer,
                    created_by=the_cast.reviewer,
                )
            )
            all_scores.append(scores)
    Review.objects.bulk_create(reviews)
    ConsensusScore.objects.bulk_create(
        ConsensusScore(
            review=review,
            item=item,
            score=scores[item.number],
            rationale="Benchmark data.",
            updated_by=the_cast.reviewer,
        )
        for review, scores in zip(reviews, all_scores, strict=True)
        for item in the_cast.items
    )
    latest = reviews[REVIEWS_PER_CENTER - 1 :: REVIEWS_PER_CENTER]
    latest_scores = all_scores[REVIEWS_PER_CENTER - 1 :: REVIEWS_PER_CENTER]
    ActionItem.objects.bulk_create(
        ActionItem(
            review=review,
            item=item,
            action=f"Improve “{item.name}”.",
            owner="Team leader",
            due_date=review.visit_start + datetime.timedelta(days=120),
        )
        for review, scores in zip(latest, latest_scores, strict=True)
        for item in the_cast.items
        if scores[item.number] <= 2
    )
    outcomes = []
    for center in centers:
        rate = _clamp(0.15 + 0.4 * quality[center.pk] + rng.gauss(0, 0.05), 0.02, 0.9)
        for year, quarter in QUARTERS:
            served = rng.randrange(25, 70)
            working = round(served * _clamp(rate + rng.gauss(0, 0.04), 0, 1))
            outcomes.append(
                EmploymentOutcome(
                    center=center, year=year, quarter=quarter, served=served, working=working
                )
            )
    EmploymentOutcome.objects.bulk_create(outcomes)


def seed_excerpts(the_cast: Cast, first: int, last: int) -> None:
    """One focus group per center with EXCERPTS_PER_CENTER codings, spread over codes linked to
    the items (1,000 centers: 20,000 excerpts), for the joint display."""
    project, _created = Project.objects.get_or_create(name="Benchmark interviews")
    codes = list(project.codes.all())
    if not codes:
        for index in range(0, len(the_cast.items), 5):
            items = the_cast.items[index : index + 5]
            code = Code.objects.create(
                project=project, name=f"Theme {index // 5 + 1}", guid=uuid.uuid4()
            )
            code.scale_items.set(items)
            codes.append(code)
    sentence = "The specialists spoke about employers, time and the treatment team at length. "
    text = sentence * EXCERPTS_PER_CENTER
    centers = list(Center.objects.filter(code__in=[_code(n) for n in range(first, last)]))
    for start in range(0, len(centers), CHUNK):
        chunk = centers[start : start + CHUNK]
        with transaction.atomic():
            sources = Source.objects.bulk_create(
                Source(
                    project=project,
                    center=center,
                    kind=Source.Kind.FOCUS_GROUP,
                    title=f"Focus group {center.code}",
                    text=text,
                    informants="IPS specialist A, IPS specialist B",
                )
                for center in chunk
            )
            Coding.objects.bulk_create(
                Coding(
                    source=source,
                    code=codes[index % len(codes)],
                    coder=the_cast.reviewer,
                    start=index * len(sentence),
                    end=(index + 1) * len(sentence) - 1,
                )
                for source in sources
                for index in range(EXCERPTS_PER_CENTER)
            )


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    logged_in: bool = True
    # A JSON body makes the request a POST by the benchmark's reviewer (the rating autosave).
    body: Callable[[], str] | None = None


AUTOSAVE = "rating autosave"


def review_being_rated(the_cast: Cast, center: Center) -> Review:
    """A review of ``center`` in the rating step with the benchmark's reviewer assigned (made
    once per database), for the autosave request."""
    review = Review.objects.filter(center=center, status=Review.Status.RATING).first()
    if review is None:
        center.members.add(the_cast.reviewer)
        today = timezone.localdate()
        review = Review.objects.create(
            center=center,
            scale=the_cast.scale,
            visit_start=today,
            visit_end=today,
            status=Review.Status.RATING,
            created_by=the_cast.reviewer,
        )
        ReviewAssignment.objects.create(review=review, reviewer=the_cast.reviewer, is_lead=True)
    return review


def pages(size: int, the_cast: Cast) -> list[Page]:
    middle = Center.objects.get(code=_code(size // 2))
    rated = review_being_rated(the_cast, middle)
    scores = itertools.cycle(range(the_cast.scale.min_score, the_cast.scale.max_score + 1))
    item = the_cast.items[0].pk
    step = max(1, size // COMPARED_BY_HAND)
    hand_picked = ",".join([_code(n) for n in range(0, size, step)][:COMPARED_BY_HAND])
    comparison = reverse("dashboards:comparison")
    return [
        Page("login", lambda: reverse("login"), logged_in=False),
        Page("center dashboard", lambda: reverse("centers:detail", args=[middle.pk])),
        Page("portfolio", lambda: reverse("dashboards:portfolio")),
        Page(
            f"comparison, {COMPARED_BY_HAND} centers",
            lambda: f"{comparison}?centers_from=hand&codes={hand_picked}",
        ),
        Page("comparison, all centers", lambda: comparison),
        Page("fidelity and outcomes", lambda: reverse("dashboards:fidelity_outcomes")),
        Page("joint display, all centers", lambda: reverse("dashboards:joint_display")),
        Page(
            "comparison CSV, all centers",
            lambda: f"{reverse('dashboards:comparison_export')}?format=csv",
        ),
        # The same comparison as JSON from the API (the manager's session; a token costs the
        # same single indexed lookup).
        Page(API_COMPARISON, lambda: reverse("api:comparison")),
        # Each request stores another score, so every one writes (as a reviewer typing does).
        Page(
            AUTOSAVE,
            lambda: reverse("reviews:autosave", args=[rated.pk]),
            body=lambda: json.dumps({"item": item, "score": next(scores), "evidence": "Noted."}),
        ),
    ]


@dataclass(frozen=True)
class Timing:
    page: str
    median_ms: float
    p95_ms: float
    queries: int
    # The same page when data changed just before each request (nothing cached applies).
    changed_median_ms: float
    changed_p95_ms: float
    changed_queries: int


def _p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# A session is renewed (written: three queries) on its first request a minute after the last
# renewal, whatever the page: left out of the measuring, or a page's query count would depend on
# how long the run had taken when it was counted.
NO_RENEWAL = override_settings(SESSION_RENEW_SECONDS=10**9)


@NO_RENEWAL
def measure(the_cast: Cast, size: int, requests: int) -> list[Timing]:
    """Each page ``requests`` times (after two warm-up requests), taking turns so that a busy
    moment of the machine slows every page alike, with the garbage of earlier requests collected
    before each; then once more counting its queries. Then all of that again with a change of
    data just before each request, so that nothing computed earlier can be reused
    (``ipsweb.caching``): what the first view after a review is finalized costs."""
    anonymous, manager, reviewer = Client(), Client(), Client()
    manager.force_login(the_cast.manager)
    reviewer.force_login(the_cast.reviewer)
    the_pages = pages(size, the_cast)
    urls = {page.name: page.url() for page in the_pages}

    def get(page: Page):
        if page.body is not None:
            response = reviewer.post(urls[page.name], page.body(), content_type="application/json")
        else:
            client = manager if page.logged_in else anonymous
            response = client.get(urls[page.name])
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {urls[page.name]} answered {response.status_code}")
        return response

    for page in the_pages:
        get(page)
        get(page)

    def timed(after_a_change: bool) -> tuple[dict, dict]:
        times = {page.name: [] for page in the_pages}
        for _round in range(requests):
            for page in the_pages:
                if after_a_change:
                    caching.changed()
                # Collect the previous page's garbage first, so no page pays for another's.
                gc.collect()
                started = time.perf_counter()
                get(page)
                times[page.name].append((time.perf_counter() - started) * 1000)
        counts = {}
        for page in the_pages:
            if after_a_change:
                caching.changed()
            with CaptureQueriesContext(connection) as queries:
                get(page)
            counts[page.name] = len(queries)
        return times, counts

    times, counts = timed(after_a_change=False)
    changed_times, changed_counts = timed(after_a_change=True)
    return [
        Timing(
            page=page.name,
            median_ms=statistics.median(times[page.name]),
            p95_ms=_p95(times[page.name]),
            queries=counts[page.name],
            changed_median_ms=statistics.median(changed_times[page.name]),
            changed_p95_ms=_p95(changed_times[page.name]),
            changed_queries=changed_counts[page.name],
        )
        for page in the_pages
    ]


def run(sizes: list[int], requests: int, log: Callable[[str], None]) -> dict:
    """Seed up to each size in turn (smallest first) and measure; DEBUG is off while measuring,
    as in production."""
    settings.DEBUG = False
    # Thousands of API requests in a few minutes are the benchmark, not a script to slow down.
    settings.API_REQUESTS_PER_MINUTE = 10**9
    # The export page logs every download; a thousand benchmark downloads are no record.
    logging.getLogger("ipsweb.audit").setLevel(logging.WARNING)
    the_cast = cast()
    results = {}
    seeded = 0
    for size in sorted(sizes):
        started = time.perf_counter()
        seed(the_cast, seeded, size)
        seeded = size
        log(
            f"Seeded {size:,} centers x {REVIEWS_PER_CENTER} final reviews x "
            f"{len(the_cast.items)} items + {len(QUARTERS)} quarters in "
            f"{time.perf_counter() - started:.1f} s; measuring..."
        )
        results[size] = [timing.__dict__ for timing in measure(the_cast, size, requests)]
    return {"vendor": _database_description(), "requests": requests, "sizes": results}


def _database_description() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Target:
    text: str
    met: bool
    detail: str


LOGIN = "login"
API_COMPARISON = "API comparison, all centers"
DASHBOARD_PAGES = [
    "center dashboard",
    "portfolio",
    f"comparison, {COMPARED_BY_HAND} centers",
    "comparison, all centers",
    "fidelity and outcomes",
    "joint display, all centers",
    "comparison CSV, all centers",
    API_COMPARISON,
]
# The targets, as multiples of the login page: just after a change, SMALL_LIMIT up to SMALL_SIZE
# centers and LARGE_LIMIT above; viewed again AGAIN_LIMIT at any size; the autosave
# AUTOSAVE_LIMIT.
SMALL_SIZE, SMALL_LIMIT, LARGE_LIMIT = 100, 3, 10
AGAIN_LIMIT = 3
AUTOSAVE_LIMIT = 2


def changed_limit(size: int) -> int:
    return SMALL_LIMIT if size <= SMALL_SIZE else LARGE_LIMIT


# Each page is measured twice: viewed again with nothing changed (computed results reused), and
# just after a change of data (computed afresh). Field prefix and how the report names each.
KINDS = (("", "viewed again"), ("changed_", "just after a change"))


def targets(results: dict) -> list[Target]:
    sizes = sorted(results, key=int)
    by_size = {size: {t["page"]: t for t in results[size]} for size in sizes}

    def ratio(size, page, prefix):
        return by_size[size][page][f"{prefix}median_ms"] / by_size[size][LOGIN]["median_ms"]

    checks = []
    unequal = [
        page
        for page in by_size[sizes[0]]
        if any(
            len({by_size[size][page][f"{prefix}queries"] for size in sizes}) > 1
            for prefix, _ in KINDS
        )
    ]
    checks.append(
        Target(
            f"query counts equal at {' and '.join(f'{int(s):,}' for s in sizes)} centers",
            not unequal,
            "every page, both ways" if not unequal else "differ: " + ", ".join(unequal),
        )
    )
    for page in DASHBOARD_PAGES:
        changed = [(size, ratio(size, page, "changed_")) for size in sizes]
        checks.append(
            Target(
                f"{page}, just after a change, <= {SMALL_LIMIT}x login up to "
                f"{SMALL_SIZE:,} centers, <= {LARGE_LIMIT}x above",
                all(r <= changed_limit(int(size)) for size, r in changed),
                ", ".join(f"{r:.1f}x at {int(size):,}" for size, r in changed),
            )
        )
        again = [(size, ratio(size, page, "")) for size in sizes]
        checks.append(
            Target(
                f"{page}, viewed again, <= {AGAIN_LIMIT}x login",
                all(r <= AGAIN_LIMIT for _size, r in again),
                ", ".join(f"{r:.1f}x at {int(size):,}" for size, r in again),
            )
        )
    if all(AUTOSAVE in by_size[size] for size in sizes):
        saves = [(size, ratio(size, AUTOSAVE, "")) for size in sizes]
        checks.append(
            Target(
                f"{AUTOSAVE} <= {AUTOSAVE_LIMIT}x login",
                all(r <= AUTOSAVE_LIMIT for _size, r in saves),
                ", ".join(f"{r:.1f}x at {int(size):,}" for size, r in saves),
            )
        )
    return checks


def report(outcome: dict) -> list[str]:
    """The printed figures: per size and page, median and p95 ms, queries and the ratio to the
    login page, viewed again and just after a change."""
    results = outcome["sizes"]
    lines = [
        f"Database: {outcome['vendor']} (a throwaway database of the benchmark's own). "
        f"{outcome['requests']} requests per page and way through django.test.Client, DEBUG off.",
        "Viewed again: nothing changed since the page was last computed (the usual case). "
        "Just after a change: data changed right before each request, so it is computed afresh.",
        "",
    ]
    columns = f"{'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x login':>8}"
    kinds = "".join(f" | {kind:^{len(columns) - 1}}" for _prefix, kind in KINDS)
    header = f"{'page':<30}" + f" | {columns}" * len(KINDS)
    for size in sorted(results, key=int):
        login = next(t for t in results[size] if t["page"] == LOGIN)["median_ms"]
        lines += [f"{int(size):,} centers", f"{'':<30}{kinds}", header, "-" * len(header)]
        for t in results[size]:
            line = f"{t['page']:<30}"
            for prefix, _kind in KINDS:
                median = t[f"{prefix}median_ms"]
                line += (
                    f" | {median:>10.1f} {t[f'{prefix}p95_ms']:>8.1f} "
                    f"{t[f'{prefix}queries']:>8} {median / login:>7.1f}x"
                )
            lines.append(line)
        lines.append("")
    lines.append("Targets:")
    for target in targets(results):
        lines.append(f"  [{'met' if target.met else 'NOT MET'}] {target.text}: {target.detail}")
    return lines
