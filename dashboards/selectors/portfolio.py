"""The portfolio: every center in scope with its latest final review (two queries)."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.paginator import Page
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from centers.selectors import centers_for_user
from ipsweb.caching import cached_selector
from ipsweb.dates import add_months
from ipsweb.pagination import page_at
from ipsweb.translations import localized
from reviews.models import FidelityScale, Review, ScaleBand
from reviews.selectors import LATEST_FIRST, band_name, bands_by_scale, counted_final_reviews

# ---------------------------------------------------------------------------------------------
# Portfolio


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NONE = "none"  # no earlier final review of the same scale to compare with


@dataclass(frozen=True)
class PortfolioRow:
    pk: int
    code: str
    name: str
    region: str
    is_active: bool
    review_id: int | None = None
    visit_start: datetime.date | None = None
    total: int | None = None
    band: str = ""  # as the review stored it (the filter's value)
    scale_code: str = ""
    band_name: str = ""  # the band in the reader's language
    previous_total: int | None = None
    due_on: datetime.date | None = None
    overdue: bool = True
    upcoming: "UpcomingReview | None" = None

    @property
    def change(self) -> int | None:
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def change_size(self) -> int | None:
        return None if self.change is None else abs(self.change)

    @property
    def direction(self) -> Direction:
        change = self.change
        if change is None:
            return Direction.NONE
        return Direction.UP if change > 0 else Direction.DOWN if change < 0 else Direction.SAME


@dataclass(frozen=True)
class PortfolioFilters:
    query: str = ""
    region: str = ""
    band: str = ""
    overdue_only: bool = False
    show_inactive: bool = False
    sort: str = "name"
    descending: bool = False


SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "code": lambda r: r.code,
    "region": lambda r: r.region.lower(),
    "total": lambda r: r.total,
    "date": lambda r: r.visit_start,
    "change": lambda r: r.change,
    "due": lambda r: r.due_on,
}


def review_due_on(
    last_visit: datetime.date | None, months: int | None = None
) -> datetime.date | None:
    """When the next review is due: ``months`` (the cadence of the last review's band) after the
    last visit, or REVIEW_INTERVAL_MONTHS where the band sets none."""
    if last_visit is None:
        return None
    return add_months(last_visit, months or settings.REVIEW_INTERVAL_MONTHS)


# ---------------------------------------------------------------------------------------------
# The review cadence and the reviews on their way (kept apart from the portfolio's aggregates)


@dataclass(frozen=True)
class UpcomingReview:
    """A center's next review that is not final yet: planned, or in rating or consensus."""

    pk: int
    status: str
    visit_start: datetime.date
    visit_end: datetime.date

    @property
    def status_label(self) -> str:
        return Review.Status(self.status).label

    @property
    def in_progress(self) -> bool:
        return self.status != Review.Status.PLANNED


@cached_selector("band_intervals")
def band_intervals() -> dict[tuple[str, str], int]:
    """Months to the next review by (scale code, band label), as set on the scales' bands
    (one query)."""
    rows = ScaleBand.objects.exclude(review_interval_months=None).values_list(
        "scale__code", "scale__version", "min_total", "label", "review_interval_months"
    )
    # Best band first; the newest version's setting wins where versions of a scale disagree.
    ordered = sorted(rows, key=lambda r: (r[0], r[1], -r[2]))
    return {(code, label): months for code, _version, _min, label, months in ordered}


def upcoming_reviews(centers) -> dict[int, UpcomingReview]:
    """Each center's earliest external review that is not final, by center (one query)."""
    upcoming = {}
    rows = (
        # The next external review: a self-assessment under way does not make one due later.
        Review.objects.filter(center__in=centers, kind=Review.Kind.EXTERNAL)
        .exclude(status=Review.Status.FINAL)
        .order_by("visit_start", "pk")
        .values_list("center_id", "pk", "status", "visit_start", "visit_end")
    )
    for center_id, *rest in rows:
        upcoming.setdefault(center_id, UpcomingReview(*rest))
    return upcoming


def is_overdue(
    due_on: datetime.date | None, upcoming: UpcomingReview | None, today: datetime.date
) -> bool:
    """A center needs a review when none is planned or under way and the last one is too old
    (or there was none)."""
    if upcoming is not None:
        return False
    return due_on is None or due_on < today


@cached_selector("portfolio", settings=("REVIEW_INTERVAL_MONTHS",))
def portfolio(user, filters: PortfolioFilters, *, today: datetime.date | None = None):
    """Every center in the user's scope with its latest final review, the change since the
    previous final review of the same scale, its next review if one is planned or under way, and
    whether a review is overdue (four queries).

    The next review is due by the cadence of the latest review's band (``band_intervals``). A
    center with a review planned or under way is not overdue; one without any final review and
    none planned is: it has never been reviewed. Sorting puts empty values last in either
    direction.
    """
    today = today or timezone.localdate()
    centers = centers_for_user(user)
    if not filters.show_inactive:
        centers = centers.filter(is_active=True)
    if filters.query:
        query = filters.query
        centers = centers.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if filters.region:
        centers = centers.filter(region=filters.region)
    centers_rows = list(centers.values_list("pk", "code", "name", "region", "is_active"))
    # The latest two final reviews of every center, in one pass over the final reviews.
    latest_two = (
        counted_final_reviews()
        .filter(center__in=centers)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("center_id")],
                order_by=list(LATEST_FIRST),
            )
        )
        .filter(rank__lte=2)
        .values_list(
            "center_id",
            "rank",
            "pk",
            "visit_start",
            "total",
            "band_label",
            "scale__code",
            "scale_id",
        )
    )
    reviews = {(center_id, rank): rest for center_id, rank, *rest in latest_two}
    bands = bands_by_scale(rest[-1] for rest in reviews.values())
    intervals = band_intervals()
    upcoming = upcoming_reviews(centers)
    rows = []
    for pk, code, name, region, is_active in centers_rows:
        latest_id, visit_start, total, band, scale_code, scale_id = reviews.get(
            (pk, 1), (None, None, None, "", "", None)
        )
        previous = reviews.get((pk, 2))
        due_on = review_due_on(visit_start, intervals.get((scale_code, band)))
        rows.append(
            PortfolioRow(
                pk=pk,
                code=code,
                name=name,
                region=region,
                is_active=is_active,
                review_id=latest_id,
                visit_start=visit_start,
                total=total,
                band=band,
                scale_code=scale_code,
                band_name=band_name(bands.get(scale_id, ()), total, band),
                # Totals of different scales do not compare.
                previous_total=previous[2] if previous and previous[4] == scale_code else None,
                due_on=due_on,
                overdue=is_overdue(due_on, upcoming.get(pk), today),
                upcoming=upcoming.get(pk),
            )
        )
    if filters.band:
        rows = [r for r in rows if r.band == filters.band]
    if filters.overdue_only:
        rows = [r for r in rows if r.overdue]
    key = SORT_KEYS.get(filters.sort, SORT_KEYS["name"])
    present = sorted(
        (r for r in rows if key(r) is not None),
        key=lambda r: (key(r), r.name.lower()),
        reverse=filters.descending,
    )
    return present + sorted((r for r in rows if key(r) is None), key=lambda r: r.name.lower())


@dataclass(frozen=True)
class PortfolioShown:
    """One page of the portfolio, with the counts of the whole list: what the page keeps in the
    cache (a thousand rows read back on every view would cost more than the page)."""

    rows: tuple[PortfolioRow, ...]
    count: int
    overdue_count: int
    page: Page  # of the positions in the whole list


@cached_selector("portfolio_page", settings=("REVIEW_INTERVAL_MONTHS",))
def portfolio_page(
    user, filters: PortfolioFilters, *, page: str | None, per_page: int
) -> PortfolioShown:
    """Page ``page`` (the query parameter) of ``portfolio``, ``per_page`` rows a page."""
    rows = portfolio.uncached(user, filters)
    shown = page_at(range(len(rows)), per_page, page)
    return PortfolioShown(
        rows=tuple(rows[max(shown.start_index() - 1, 0) : shown.end_index()]),
        count=len(rows),
        overdue_count=sum(row.overdue for row in rows),
        page=shown,
    )


@cached_selector("band_labels")
def band_labels() -> list[tuple[str, str]]:
    """Band labels of the published scales as final reviews store them, each with its name in
    the reader's language, for the portfolio's band filter."""
    bands = ScaleBand.objects.filter(scale__status=FidelityScale.Status.PUBLISHED).order_by(
        "label", "-scale__version"
    )
    return sorted({band.label: localized(band, "label") for band in bands}.items())
