"""Which centers and reviews a comparison uses, their item scores and employment rates, and the
comparison page and fidelity-outcome view built from them (a fixed number of queries)."""

import datetime
import json
from dataclasses import dataclass
from enum import StrEnum

from django.core.paginator import Page
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centers.models import Center
from centers.selectors import (
    Quarter,
    active_benchmarks,
    centers_for_user,
    employment_rates,
    outcome_quarter_span,
)
from dashboards import tables
from ipsweb.caching import cached_selector
from ipsweb.pagination import page_at
from reviews import comparison
from reviews.models import FidelityScale, Review
from reviews.scoring import Band, ItemSpec
from reviews.selectors import item_names, latest_final_review_ids, scale_bands

# ---------------------------------------------------------------------------------------------
# Which final review counts for a center


def scores_as_text() -> Cast:
    """``Review.item_scores`` as text, for ``decode_scores``."""
    return Cast("item_scores", TextField())


def decode_scores(texts: list[str]) -> list[list[int | None]]:
    """Stored item scores read as text, decoded in one go: a thousand reviews decode five times
    faster that way than one JSON value per row."""
    return json.loads("[" + ",".join(texts) + "]")


def stored_scores(reviews: QuerySet[Review], *fields: str) -> list[tuple]:
    """``fields`` of each review followed by its stored item scores (``Review.item_scores``)."""
    rows = list(reviews.annotate(scores_text=scores_as_text()).values_list(*fields, "scores_text"))
    scores = decode_scores([row[-1] for row in rows])
    return [(*row[:-1], row_scores) for row, row_scores in zip(rows, scores, strict=True)]


def default_scale_code(codes: list[str] | None = None) -> str:
    """The scale compared when none is chosen (among ``codes``, by default the comparable
    ones): IPS-25 if it is published, else the first."""
    codes = comparable_scale_codes() if codes is None else codes
    return "IPS-25" if "IPS-25" in codes or not codes else codes[0]


@cached_selector("comparable_scale_codes")
def comparable_scale_codes() -> list[str]:
    """Codes of the published scales whose items are scored within the page's coloured scores
    (``tables.COLOURED_SCORES``, 1-5) in every version."""
    published = FidelityScale.objects.filter(status=FidelityScale.Status.PUBLISHED)
    other_range = published.filter(
        Q(min_score__lt=tables.COLOURED_SCORES.start)
        | Q(max_score__gt=tables.COLOURED_SCORES.stop - 1)
    )
    return list(
        published.exclude(code__in=other_range.values("code"))
        .order_by("code")
        .values_list("code", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------------------------------------
# Comparison data: centers x items


@dataclass(frozen=True)
class Selection:
    """What to compare: which centers, which reviews count, how to split into groups.

    ``codes`` are center codes (centers chosen by hand); ``upper``/``lower`` the codes of hand-made
    groups. ``first``/``last`` bound the quarters of the employment rates (open when None).
    """

    class CentersFrom(StrEnum):
        ALL = "all"
        REGION = "region"
        HAND = "hand"

    class Grouping(StrEnum):
        NONE = "none"
        MEDIAN = "median"
        TOP_K = "top_k"
        HAND = "hand"

    class Order(StrEnum):
        ITEMS = "items"
        DIFFERENCE = "difference"

    centers_from: str = CentersFrom.ALL
    region: str = ""
    codes: tuple[str, ...] = ()
    scale_code: str = ""
    visited_from: datetime.date | None = None
    visited_to: datetime.date | None = None
    first: Quarter | None = None
    last: Quarter | None = None
    grouping: str = Grouping.MEDIAN
    k: int = 3
    upper: tuple[str, ...] = ()
    lower: tuple[str, ...] = ()
    order: str = Order.ITEMS

    def centers(self, in_scope: QuerySet[Center]) -> QuerySet[Center]:
        """The chosen centers among ``in_scope``: active ones, or the ones picked by hand."""
        if self.centers_from == self.CentersFrom.HAND:
            return in_scope.filter(code__in=self.codes)
        active = in_scope.filter(is_active=True)
        if self.centers_from == self.CentersFrom.REGION:
            return active.filter(region=self.region)
        return active


@dataclass(frozen=True)
class ComparedCenter:
    """A chosen center and the review that counts for it (None: no final review in the window)."""

    pk: int
    code: str
    name: str
    region: str
    review_id: int | None = None
    visit_start: datetime.date | None = None


@dataclass(frozen=True)
class ComparisonData:
    """The inputs of the comparison math, loaded in a fixed number of queries."""

    scale: FidelityScale | None
    items: tuple[ItemSpec, ...]
    bands: tuple[Band, ...]
    centers: tuple[comparison.CenterData, ...]  # reviewed centers, by code
    compared: dict[int, ComparedCenter]  # every chosen center, by pk
    has_outcomes: bool

    @property
    def not_reviewed(self) -> list[ComparedCenter]:
        return [c for c in self.compared.values() if c.review_id is None]


def comparison_data(centers: QuerySet[Center], selection: Selection) -> ComparisonData:
    """Item scores of each chosen center's latest final review and its pooled employment rate.

    Items and bands are those of the newest published version of the chosen scale; scores of
    reviews on other versions are matched by item number (as reports match them).
    """
    scale_code = selection.scale_code or default_scale_code()
    scale = (
        FidelityScale.objects.filter(code=scale_code, status=FidelityScale.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )
    latest_ids = latest_final_review_ids(
        centers,
        scale_code=scale_code,
        visited_from=selection.visited_from,
        visited_to=selection.visited_to,
    )
    reviews = {
        center_id: (pk, visit_start, item_scores)
        for center_id, pk, visit_start, item_scores in stored_scores(
            Review.objects.filter(pk__in=latest_ids.values()), "center_id", "pk", "visit_start"
        )
    }
    compared = {
        row["pk"]: ComparedCenter(
            **row,
            review_id=reviews[row["pk"]][0] if row["pk"] in reviews else None,
            visit_start=reviews[row["pk"]][1] if row["pk"] in reviews else None,
        )
        for row in centers.order_by("code").values("pk", "code", "name", "region")
    }
    rates = employment_rates(centers, first=selection.first, last=selection.last)
    items, bands = _items_and_bands(scale)
    known = {item.number for item in items}
    return ComparisonData(
        scale=scale,
        items=items,
        bands=bands,
        centers=tuple(
            comparison.CenterData(
                key=c.pk,
                label=c.code,
                scores={
                    number: score
                    for number, score in enumerate(reviews[c.pk][2], start=1)
                    if score is not None and number in known
                },
                employment_rate=rates.get(c.pk),
            )
            for c in compared.values()
            if c.review_id is not None
        ),
        compared=compared,
        has_outcomes=bool(rates),
    )


def _items_and_bands(scale: FidelityScale | None):
    if scale is None:
        return (), ()
    items = tuple(
        ItemSpec(number=number, name=f"{number}. {name}")
        for number, name in item_names(scale).items()
    )
    return items, scale_bands(scale)


def group_split(data: ComparisonData, selection: Selection) -> comparison.GroupSplit | None:
    """The two groups the selection asks for, or None (no grouping, or no rate to group by)."""
    centers = data.centers
    if selection.grouping == Selection.Grouping.HAND:
        by_code = {c.code: c.pk for c in data.compared.values()}
        reviewed = {c.key for c in centers}
        return comparison.groups_by_hand(
            centers,
            upper=[by_code[code] for code in selection.upper if by_code.get(code) in reviewed],
            lower=[by_code[code] for code in selection.lower if by_code.get(code) in reviewed],
        )
    if not any(c.employment_rate is not None for c in centers):
        return None
    if selection.grouping == Selection.Grouping.MEDIAN:
        return comparison.groups_by_median_rate(centers)
    if selection.grouping == Selection.Grouping.TOP_K:
        return comparison.groups_by_top_k(centers, selection.k)
    return None


# ---------------------------------------------------------------------------------------------
# The comparison page and its exports


def period_label(first: Quarter | None, last: Quarter | None) -> str:
    def quarter(value: Quarter) -> str:
        return f"{value[0]} Q{value[1]}"

    if first and last:
        return f"{quarter(first)}–{quarter(last)}"
    if first:
        return _("from %(quarter)s") % {"quarter": quarter(first)}
    if last:
        return _("up to %(quarter)s") % {"quarter": quarter(last)}
    return _("all quarters")


def group_names(selection: Selection) -> tables.GroupNames:
    if selection.grouping == Selection.Grouping.HAND:
        return tables.GroupNames(upper=_("Group 2"), lower=_("Group 1"))
    return tables.GroupNames(upper=_("Higher employment"), lower=_("Lower employment"))


@dataclass(frozen=True)
class ComparisonPage(tables.Remembers):
    data: ComparisonData
    split: comparison.GroupSplit | None
    names: tables.GroupNames
    computed: tables.ComparisonInput
    caption: str
    totals: tables.Table
    notes: tuple[str, ...]

    @property
    def table(self) -> tables.Table:
        """The whole comparison table, every center (the exports)."""
        return self.remembered(
            "table", lambda: tables.comparison_table(self.computed, self.caption)
        )

    @property
    def center_columns(self) -> range:
        """One per compared center (the page shows them a page at a time)."""
        return range(len(self.computed.centers))

    def page_of_centers(self, start: int, size: int) -> tables.Table:
        """The table with the centers ``start`` to ``start + size`` (0-based): only their cells
        are made, so a page of a thousand centers costs what a page of fifty does."""
        return self.remembered(
            ("centers", start, size),
            lambda: tables.comparison_table(
                self.computed, self.caption, shown=slice(start, start + size)
            ),
        )


def comparison_page(centers: QuerySet[Center], selection: Selection) -> ComparisonPage:
    """Everything the comparison page and its exports show, for the chosen ``centers``."""
    data = comparison_data(centers, selection)
    split = group_split(data, selection)
    names = group_names(selection)
    computed = tables.compute(
        data.items,
        data.centers,
        data.bands,
        split,
        names=names,
        review_dates={c.pk: c.visit_start for c in data.compared.values() if c.visit_start},
        rate_label=_("Employment rate (%%), %(period)s")
        % {"period": period_label(selection.first, selection.last)},
        order=selection.order,
    )
    return ComparisonPage(
        data=data,
        split=split,
        names=names,
        computed=computed,
        caption=_comparison_caption(data, selection),
        totals=tables.totals_table(computed.summary),
        notes=tuple(_group_notes(data, selection, split)),
    )


def _comparison_caption(data: ComparisonData, selection: Selection) -> str:
    scale = data.scale.code if data.scale else selection.scale_code
    if selection.visited_from or selection.visited_to:
        window = _(", visited %(start)s to %(end)s") % {
            "start": date_format(selection.visited_from) if selection.visited_from else "…",
            "end": date_format(selection.visited_to) if selection.visited_to else "…",
        }
    else:
        window = ""
    return _(
        "%(scale)s item scores of each center's latest final review%(window)s. Means, SDs and "
        "differences are rounded to two decimals; – means no score."
    ) % {"scale": scale, "window": window}


def _group_notes(data, selection: Selection, split: comparison.GroupSplit | None) -> list[str]:
    by_pk = data.compared
    notes = []
    by_outcome = selection.grouping in (Selection.Grouping.MEDIAN, Selection.Grouping.TOP_K)
    if by_outcome and split is None and data.centers:
        notes.append(
            _(
                "None of these centers has employment outcomes in the chosen quarters, so they "
                "are not split into groups by outcome."
            )
        )
    if split is None:
        return notes
    if split.median_rate is not None:
        notes.append(
            _(
                "Median employment rate: %(rate)s %%. Centers above it form the higher group; "
                "centers at or below it the lower group."
            )
            % {"rate": tables.percent(split.median_rate).shown}
        )
    if split.k is not None:
        notes.append(
            _(
                "The %(k)s centers with the highest employment rates form the higher group "
                "(centers tied with the last of them join it too)."
            )
            % {"k": split.k}
        )
    if split.without_rate:
        codes = ", ".join(by_pk[key].code for key in split.without_rate)
        notes.append(
            _("In no group, for lack of employment outcomes: %(codes)s.") % {"codes": codes}
        )
    if split.method == comparison.GroupMethod.BY_HAND:
        grouped = set(split.upper) | set(split.lower)
        missing = [
            code
            for code in (*selection.lower, *selection.upper)
            if code not in {by_pk[key].code for key in grouped}
        ]
        if missing:
            notes.append(
                _("In no group, because they have no final review here: %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    return notes


# ---------------------------------------------------------------------------------------------
# Fidelity and outcomes


@dataclass(frozen=True)
class FidelityOutcomePage(tables.Remembers):
    data: ComparisonData
    total_correlation: comparison.Correlation
    weights: comparison.OutcomeWeights
    correlations: tables.Table
    weighted: tuple[comparison.WeightedTotal, ...]
    totals: tuple[comparison.CenterTotal, ...]
    chart: dict
    time_gap: "TimeGap | None" = None

    def centers_table(self, start: int = 0, stop: int | None = None) -> tables.Table:
        """The table of centers ``start`` to ``stop`` (all by default): official total, the
        exploratory weighted total beside it, and the rate. Only the rows shown are built."""
        names = {pk: c.name for pk, c in self.data.compared.items()}
        return self.remembered(
            ("centers", start, stop),
            lambda: tables.weighted_table(self.weighted[start:stop], self.totals, names),
        )


def fidelity_outcome_page(centers: QuerySet[Center], selection: Selection) -> FidelityOutcomePage:
    """Total fidelity against employment rate across the chosen centers; per item correlations
    and the exploratory weighted total (always beside the official one)."""
    data = comparison_data(centers, selection)
    totals = comparison.center_totals(data.items, data.centers, data.bands)
    correlations = comparison.item_outcome_correlations(data.items, data.centers)
    weights = comparison.outcome_weights(correlations)
    return FidelityOutcomePage(
        data=data,
        total_correlation=comparison.total_outcome_correlation(totals),
        weights=weights,
        correlations=tables.correlation_table(correlations, weights),
        weighted=comparison.weighted_totals(totals, weights),
        totals=totals,
        chart=_scatter(data, totals, selection),
        time_gap=time_gap(data, centers, selection),
    )


# Reviews and the outcome quarters they are related to, further apart than this, are warned about.
TIME_GAP_WARNING_DAYS = 365


@dataclass(frozen=True)
class TimeGap:
    """The reviews' visits and the outcome quarters lie this many years apart."""

    first_visit: datetime.date
    last_visit: datetime.date
    quarters: str  # the period as the page names it (period_label)
    years: int


def quarter_days(quarter: Quarter) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a quarter."""
    year, number = quarter
    start = datetime.date(year, 3 * number - 2, 1)
    after = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    return start, after - datetime.timedelta(days=1)


def time_gap(
    data: ComparisonData, centers: QuerySet[Center], selection: Selection
) -> TimeGap | None:
    """How far apart the reviews compared and the outcome quarters are, when that is more than a
    year (fidelity then says little about those outcomes); None otherwise."""
    visits = [c.visit_start for c in data.compared.values() if c.visit_start is not None]
    span = outcome_quarter_span(centers, first=selection.first, last=selection.last)
    if not visits or span is None:
        return None
    first_day, last_day = quarter_days(span[0])[0], quarter_days(span[1])[1]
    gap = max((first_day - max(visits)).days, (min(visits) - last_day).days, 0)
    if gap <= TIME_GAP_WARNING_DAYS:
        return None
    return TimeGap(
        first_visit=min(visits),
        last_visit=max(visits),
        quarters=period_label(span[0], span[1]),
        years=max(1, round(gap / 365.25)),
    )


def _scatter(data: ComparisonData, totals, selection: Selection) -> dict:
    """What static/js/fidelity-outcome.js draws: one point per center with a complete total and
    a known rate; band thresholds as vertical and benchmarks as horizontal reference lines."""
    return {
        "points": [
            {
                "x": t.total,
                "y": float(tables.percent(t.center.employment_rate).value),
                "label": f"{t.center.label} · {data.compared[t.center.key].name}",
                "code": t.center.label,
            }
            for t in totals
            if t.complete and t.center.employment_rate is not None
        ],
        "bands": [{"value": b.min_total, "label": b.label} for b in data.bands],
        "benchmarks": [
            {"value": float(b.rate_percent), "label": b.label} for b in active_benchmarks()
        ],
        "text": {
            "x": _("Total fidelity (%(scale)s)") % {"scale": data.scale.code if data.scale else ""},
            "y": _("Employment rate (%%), %(period)s")
            % {"period": period_label(selection.first, selection.last)},
            "points": _("Centers"),
        },
    }


# ---------------------------------------------------------------------------------------------
# The pages of a user's scope, cached until data changes


@dataclass(frozen=True)
class ComparisonShown:
    """What the comparison page shows of the chosen centers of a user's scope, for one page of
    centers: text ready to show (the math stays in ``ComparisonPage``, which is not kept)."""

    notes: tuple[str, ...]
    not_reviewed: tuple[str, ...]  # codes of chosen centers without a final review that counts
    reviewed: int  # centers compared: the table's center columns
    grouped: bool
    table: tables.ShownTable  # the centers of ``centers_page``
    totals: tables.ShownTable
    centers_page: Page  # of the center columns


@cached_selector("comparison_for_user")
def comparison_for_user(
    user, selection: Selection, *, page: str | None, per_page: int
) -> ComparisonShown:
    """The comparison page of the chosen centers of the user's scope, with the centers of page
    ``page`` (the query parameter) of ``per_page``."""
    result = comparison_page(selection.centers(centers_for_user(user)), selection)
    centers_page = page_at(result.center_columns, per_page, page)
    start = max(centers_page.start_index() - 1, 0)
    return ComparisonShown(
        notes=result.notes,
        not_reviewed=tuple(c.code for c in result.data.not_reviewed),
        reviewed=len(result.data.centers),
        grouped=result.split is not None,
        table=tables.shown(result.page_of_centers(start, per_page)),
        totals=tables.shown(result.totals),
        centers_page=centers_page,
    )


@dataclass(frozen=True)
class ComparisonTables:
    """The comparison's two tables with every center as a download holds them (rows of
    ``tables.export_rows``)."""

    table: list[list[object]]
    totals: list[list[object]]


@cached_selector("comparison_tables_for_user")
def comparison_tables_for_user(user, selection: Selection) -> ComparisonTables:
    """The downloads' tables of the comparison of the user's scope."""
    page = comparison_page(selection.centers(centers_for_user(user)), selection)
    return ComparisonTables(
        table=tables.export_rows(page.table), totals=tables.export_rows(page.totals)
    )


@dataclass(frozen=True)
class FidelityOutcomeShown:
    """What the fidelity-outcome view shows of the chosen centers of a user's scope, for one page
    of centers: the tables as text ready to show (the math stays in ``FidelityOutcomePage``)."""

    time_gap: TimeGap | None
    total_correlation: comparison.Correlation
    weights: comparison.OutcomeWeights
    chart: dict
    correlations: tables.ShownTable
    centers_table: tables.ShownTable  # the centers of ``centers_page``
    centers_page: Page  # of the centers, by weighted total


@cached_selector("fidelity_outcomes_for_user")
def fidelity_outcomes_for_user(
    user, selection: Selection, *, page: str | None, per_page: int
) -> FidelityOutcomeShown:
    """The fidelity-outcome view of the chosen centers of the user's scope, with the centers of
    page ``page`` (the query parameter) of ``per_page``."""
    result = fidelity_outcome_page(selection.centers(centers_for_user(user)), selection)
    centers_page = page_at(range(len(result.weighted)), per_page, page)
    start = max(centers_page.start_index() - 1, 0)
    return FidelityOutcomeShown(
        time_gap=result.time_gap,
        total_correlation=result.total_correlation,
        weights=result.weights,
        chart=result.chart,
        correlations=tables.shown(result.correlations),
        centers_table=tables.shown(result.centers_table(start, start + per_page)),
        centers_page=centers_page,
    )
