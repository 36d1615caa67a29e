"""The comparison tables exactly as shown: text rounded here, once, for the page and both exports.

Rounding happens only here, at display time (the math in ``reviews.comparison`` keeps full
precision):

- scores, means, SDs and differences: two decimals (4.67, 2.33, 2.67);
- medians: one decimal (99.5); totals, minimums, maximums of totals and counts: whole numbers;
- employment rates: percent with one decimal (47.5); correlations: two decimals;
- the exploratory weighted total: one decimal.

Half rounds up as the number is written in decimal (2.125 gives 2.13), not as Python rounds the
binary float (which would give 2.12): ``ipsweb.rounding.display_round``, the rule templates (the
``rounded`` filter), exports and chart data share.
"""

import datetime
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ipsweb.rounding import DASH, display_round
from ipsweb.spreadsheets import is_number
from reviews import comparison
from reviews.scoring import Band, ItemSpec

T = TypeVar("T")
SCORE_PLACES = 2
MEDIAN_PLACES = 1
RATE_PLACES = 1
CORRELATION_PLACES = 2
WEIGHTED_PLACES = 1
# Rows of the items whose group difference is among this many largest are highlighted.
HIGHLIGHTED_DIFFERENCES = 3


@dataclass(frozen=True)
class Cell:
    """One cell: ``text`` as the page and the CSV show it; ``value`` what a spreadsheet stores
    (the same rounded number, or the text); ``css`` a class for the page (colour is never the only
    signal: the text is always there)."""

    text: str
    value: object = None
    css: str = ""

    @property
    def shown(self) -> str:
        """What the page shows: a number in the active language's format (4.67 in English, 4,67
        in Norwegian), a date as the language writes dates; exports keep ``text``/``value``."""
        if is_number(self.value):
            return number_format(Decimal(self.text))
        if isinstance(self.value, datetime.date):
            return date_format(self.value)
        return self.text


EMPTY = Cell("")


def text(value: str) -> Cell:
    return Cell(value, value or None)


def date(day: datetime.date | None) -> Cell:
    """A date: ISO (2014-10-06) in exports, the active language's format on the page."""
    return Cell("", None) if day is None else Cell(day.isoformat(), day)


def number(value: float | int | None, places: int = SCORE_PLACES) -> Cell:
    if value is None:
        return Cell(DASH)
    exact = display_round(value, places)
    return Cell(str(exact), int(exact) if places == 0 else float(exact))


def whole(value: int | float | None) -> Cell:
    return number(value, 0)


def percent(rate: float | None) -> Cell:
    """A rate (fraction) as a percentage with one decimal, without the sign (the column or row
    label says "%")."""
    return number(None if rate is None else rate * 100, RATE_PLACES)


def _score_cell(value: int | None) -> Cell:
    if value is None:
        return Cell(DASH, None, "score-missing")
    return Cell(str(value), value, f"score score-{value}")


# dashboards.css colours the item scores 1-5 (.score-1 to .score-5); the comparison page offers only
# scales whose items are scored within them, so that a colour always means the same score.
COLOURED_SCORES = range(1, 6)

# Cells are immutable, so every score shares one: a comparison of 1,000 centers has 25,000.
SCORE_CELLS = {value: _score_cell(value) for value in (None, *COLOURED_SCORES)}


def score(value: int | None) -> Cell:
    return SCORE_CELLS.get(value) or _score_cell(value)


@dataclass(frozen=True)
class Remembers:
    """Parts made from a computed result (pages of a table, its HTML), kept with it while it is
    shown. Never cached with it: pickling (``ipsweb.caching``) leaves them out."""

    memo: dict = field(init=False, default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "memo"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, memo={})

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once per ``key`` for this result."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]  # the first cell is the row's header
    css: str = ""


@dataclass(frozen=True)
class Table(Remembers):
    key: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    # Columns that show one center each (page them when there are many).
    center_columns: range = range(0)
    # How many columns after the row header summarize the row (kept in view beside it).
    summary_columns: int = 0

    def as_lists(self) -> list[list[str]]:
        """Header and rows as text, as the page shows them (for CSV)."""
        return [list(self.header), *([cell.text for cell in row.cells] for row in self.rows)]


def export_value(cell: Cell) -> object:
    """What a download holds for a cell: a number as the Decimal the page shows (4.67, with its
    decimals), a date as a date (ISO in CSV), anything else as text. Never localized: a file
    reads the same in every language."""
    if is_number(cell.value):
        return Decimal(cell.text)
    if isinstance(cell.value, datetime.date):
        return cell.value
    return cell.text


def export_rows(table: Table) -> list[list[object]]:
    """Header and rows of ``table`` as a download holds them (``export_value``)."""
    # Cells are immutable and shared (every score 3 is one cell), so each is converted once, and
    # equal cells stay one object (pickled once when a cached selector keeps the rows).
    values: dict[int, object] = {}

    def value(cell: Cell) -> object:
        key = id(cell)
        if key not in values:
            values[key] = export_value(cell)
        return values[key]

    return [list(table.header), *([value(c) for c in row.cells] for row in table.rows)]


@dataclass(frozen=True)
class ShownTable:
    """A table reduced to what its page shows: the caption, per heading and per cell its text and
    CSS classes, per row its CSS class and header text. Cached selectors keep this instead of a
    ``Table`` (the exports use the Table, with its values): equal (text, CSS) pairs are one object,
    so a page of a thousand scores unpickles as fast as a short list."""

    caption: str
    header: tuple[tuple[str, str], ...]
    # (row CSS, the row's header text, ((text, CSS) of each further cell, ...))
    rows: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]


def column_css(index: int, numeric_from: int, summary_columns: int) -> str:
    """Right-aligned from column ``numeric_from`` on; the summary columns kept in view beside
    the row header are marked (``group-summary-1`` …) for dashboards.css."""
    classes = ["text-end"] if numeric_from and index >= numeric_from else []
    if 0 < index <= summary_columns:
        classes += ["group-summary", f"group-summary-{index}"]
    return " ".join(classes)


def shown(table: Table, numeric_from: int = 1) -> ShownTable:
    """``table`` as its page shows it: the first cell of each row is its header; cells from
    column ``numeric_from`` on are right-aligned."""
    summary = table.summary_columns
    width = max([len(table.header), *(len(row.cells) for row in table.rows)])
    columns = [column_css(i, numeric_from, summary) for i in range(width)]
    pairs: dict[tuple[str, str], tuple[str, str]] = {}

    def pair(cell: Cell, index: int) -> tuple[str, str]:
        # Cells are shared (every score 3 is one cell): each distinct one is formatted once.
        key = (cell.text, f"{cell.css} {columns[index]}".strip())
        if key not in pairs:
            pairs[key] = (cell.shown, key[1])
        return pairs[key]

    return ShownTable(
        caption=table.caption,
        header=tuple((label, columns[i]) for i, label in enumerate(table.header)),
        rows=tuple(
            (
                row.css,
                row.cells[0].shown,
                tuple(pair(cell, i) for i, cell in enumerate(row.cells[1:], start=1)),
            )
            for row in table.rows
        ),
    )


# ---------------------------------------------------------------------------------------------
# The comparison (Table 5, generalized)


@dataclass(frozen=True)
class GroupNames:
    upper: str
    lower: str


def display_order(
    centers: Sequence[comparison.CenterData], split: comparison.GroupSplit | None
) -> list[comparison.CenterData]:
    """Centers as the table shows them: the lower group, then the upper group (as the seed paper
    lists its less- then its high-performing centers), then the centers in neither; each part in
    the order given."""
    if split is None:
        return list(centers)
    part = {key: 0 for key in split.lower} | {key: 1 for key in split.upper}
    return sorted(centers, key=lambda c: part.get(c.key, 2))


@dataclass(frozen=True)
class ComparisonInput:
    """What the comparison table shows, computed by ``reviews.comparison`` (full precision)."""

    items: tuple[ItemSpec, ...]
    centers: tuple[comparison.CenterData, ...]  # in display order
    matrix: tuple[comparison.ItemRow, ...]
    totals: tuple[comparison.CenterTotal, ...]
    summary: comparison.Summary
    groups: comparison.GroupComparison | None
    names: GroupNames
    review_dates: dict[Hashable, datetime.date]
    rate_label: str
    order: str = "items"


def compute(
    items: Sequence[ItemSpec],
    centers: Sequence[comparison.CenterData],
    bands: Sequence[Band],
    split: comparison.GroupSplit | None,
    **labels,
) -> ComparisonInput:
    """Run the comparison math for the table (only the parts the table shows)."""
    ordered = display_order(centers, split)
    totals = comparison.center_totals(items, ordered, bands)
    return ComparisonInput(
        items=tuple(items),
        centers=tuple(ordered),
        matrix=comparison.item_matrix(items, ordered),
        totals=totals,
        summary=comparison.totals_summary(totals),
        groups=comparison.compare_groups(items, ordered, split, totals) if split else None,
        **labels,
    )


def comparison_table(data: ComparisonInput, caption: str, shown: slice = slice(None)) -> Table:
    """Item, then the group summary (both group means, their difference and its rank: what the
    comparison is read for, so it stays in view beside the item name), then one column per
    center ``shown`` (all by default; for a page of them only their cells are made, not the
    25,000 of a thousand centers), then the statistics over all centers."""
    centers = data.centers[shown]
    groups = data.groups
    header = [_("Item")]
    if groups:
        names = {"upper": data.names.upper, "lower": data.names.lower}
        header += [
            _("Mean: %(group)s") % {"group": names["lower"]},
            _("Mean: %(group)s") % {"group": names["upper"]},
            _("Difference (%(upper)s − %(lower)s)") % names,
            _("Rank of |difference|"),
        ]
    first = len(header)
    header += [*(c.label for c in centers), _("Mean"), _("SD"), _("Min"), _("Max"), "n"]
    differences = {row.item.number: row for row in groups.items} if groups else {}
    sizes = difference_sizes(differences.values())
    ranks = difference_ranks(differences.values())
    item_rows = []
    for row in data.matrix:
        cells = [text(row.item.name)]
        css = ""
        if groups:
            difference = differences[row.item.number]
            rank = ranks.get(row.item.number)
            cells += [
                number(difference.lower.mean),
                number(difference.upper.mean),
                number(difference.difference),
                whole(rank),
            ]
            largest = rank and rank <= HIGHLIGHTED_DIFFERENCES and sizes[row.item.number]
            css = "largest-difference" if largest else ""
        cells += [*(score(s) for s in row.scores[shown]), *stats_cells(row.stats)]
        item_rows.append((row.item.number, Row(tuple(cells), css)))
    if groups and data.order == "difference":
        position = {row.item.number: i for i, row in enumerate(by_difference(groups.items))}
        item_rows.sort(key=lambda pair: position[pair[0]])
    rows = [row for _number, row in item_rows]
    rows += _footer_rows(data, centers, first)
    return Table(
        key="comparison",
        caption=caption,
        header=tuple(header),
        rows=tuple(rows),
        center_columns=range(first, first + len(centers)),
        summary_columns=first - 1,
    )


def difference_sizes(rows) -> dict[int, Decimal]:
    """|difference| of each item as shown (two decimals), by item number. Ranks and the order by
    size use these, so two differences that look the same share a rank instead of being ordered
    by float noise (4.67 - 3.67 is 1.0000000000000004)."""
    return {
        row.item.number: display_round(abs(row.difference), SCORE_PLACES)
        for row in rows
        if row.difference is not None
    }


def difference_ranks(rows) -> dict[int, int]:
    """Rank of each item's |difference| as shown, by item number: 1 for the largest, one rank
    for sizes that look the same (the next rank skips: 1, 1, 3). Items without a difference have
    none."""
    sizes = difference_sizes(rows)
    return {n: 1 + sum(other > size for other in sizes.values()) for n, size in sizes.items()}


def by_difference(
    rows: Sequence[comparison.ItemGroupDifference],
) -> list[comparison.ItemGroupDifference]:
    """Items by the size of their difference between the groups as shown, largest first; sizes
    that look the same keep scale order, and items without a difference come last (in scale
    order). The comparison page's order "by difference"."""
    ranks = difference_ranks(rows)
    return sorted(
        rows,
        key=lambda row: (
            row.item.number not in ranks,
            ranks.get(row.item.number, 0),
            row.item.number,
        ),
    )


# Mean, SD, Min, Max and n over all centers, after the centers' columns.
STATISTICS_COLUMNS = 5


def stats_cells(stats: comparison.Summary) -> list[Cell]:
    """Mean, SD, Min, Max and n as the table shows them."""
    return [
        number(stats.mean),
        number(stats.sd),
        whole(stats.minimum),
        whole(stats.maximum),
        whole(stats.n),
    ]


def _footer_rows(data: ComparisonInput, centers, first: int) -> list[Row]:
    """The rows below the items for the ``centers`` shown; ``first`` is the column of the first
    center."""
    groups = data.groups

    def row(
        label: str, per_center: Callable, stats: Sequence[Cell] = (), summary: Sequence[Cell] = ()
    ) -> Row:
        summary_cells = [*summary, *[EMPTY] * (first - 1 - len(summary))]
        stat_cells = [*stats, *[EMPTY] * (STATISTICS_COLUMNS - len(stats))]
        cells = [text(label), *summary_cells, *(per_center(c) for c in centers), *stat_cells]
        return Row(tuple(cells), "summary-row")

    totals = {t.center.key: t for t in data.totals}
    group_totals = []
    if groups:
        group_totals = [
            number(groups.lower_totals.mean),
            number(groups.upper_totals.mean),
            number(groups.total_difference),
        ]
    rows = [
        row(_("Total"), lambda c: total(totals[c.key]), stats_cells(data.summary), group_totals),
        row(_("Band"), lambda c: text(totals[c.key].band.label if totals[c.key].band else DASH)),
    ]
    if any(c.employment_rate is not None for c in centers):
        rows.append(row(data.rate_label, lambda c: percent(c.employment_rate)))
    if groups:
        group_of = dict.fromkeys(groups.split.upper, data.names.upper) | dict.fromkeys(
            groups.split.lower, data.names.lower
        )
        rows.append(row(_("Group"), lambda c: text(group_of.get(c.key, DASH))))
    dates = data.review_dates
    rows.append(row(_("Review visit"), lambda c: date(dates.get(c.key))))
    return rows


def total(center_total: comparison.CenterTotal) -> Cell:
    """A complete total as a number; an incomplete one (not every item scored) says so."""
    if center_total.complete:
        return whole(center_total.total)
    label = _("%(total)s (only %(scored)s items)") % {
        "total": center_total.total,
        "scored": center_total.items_scored,
    }
    return Cell(label, label, "total-incomplete")


def totals_table(summary: comparison.Summary) -> Table:
    """Median and range of the complete totals, with n, mean and SD."""
    low, high = display_round(summary.minimum, 0), display_round(summary.maximum, 0)
    spread = f"{low}–{high}" if summary.n else DASH
    rows = [
        (_("Centers with a complete total"), whole(summary.n)),
        (_("Median of the totals"), number(summary.median, MEDIAN_PLACES)),
        (_("Range of the totals"), text(spread)),
        (_("Mean of the totals"), number(summary.mean)),
        (_("SD of the totals"), number(summary.sd)),
    ]
    return Table(
        key="totals",
        caption=_("The totals of the compared centers"),
        header=(_("Statistic"), _("Value")),
        rows=tuple(Row((text(label), cell)) for label, cell in rows),
    )


# ---------------------------------------------------------------------------------------------
# Fidelity and outcomes


def correlation_caution(correlation: comparison.Correlation) -> str:
    if correlation.r is None and correlation.constant:
        return _("undefined: no variation")
    if correlation.r is None:
        return _("undefined: fewer than two centers")
    # Few centers: the page says so once above the table, and the n column shows how few.
    return ""


def correlation_table(
    correlations: Sequence[comparison.ItemCorrelation], weights: comparison.OutcomeWeights
) -> Table:
    weight_of = {w.item.number: w.weight for w in weights.items}
    rows = []
    for row in correlations:
        caution = correlation_caution(row.correlation)
        rows.append(
            Row(
                (
                    text(row.item.name),
                    number(row.correlation.r, CORRELATION_PLACES),
                    whole(row.correlation.n),
                    Cell(caution, caution or None, "caution" if caution else ""),
                    number(weight_of.get(row.item.number)),
                )
            )
        )
    return Table(
        key="correlations",
        caption=_(
            "Correlation (Pearson's r) of each item's score with the employment rate across "
            "centers, and the item's weight in the exploratory weighted total"
        ),
        header=(_("Item"), "r", "n", _("Caution"), _("Exploratory weight")),
        rows=tuple(rows),
    )


def weighted_table(
    weighted: Sequence[comparison.WeightedTotal],
    totals: Sequence[comparison.CenterTotal],
    names: dict[Hashable, str],
) -> Table:
    by_key = {t.center.key: t for t in totals}
    rows = []
    for w in weighted:
        center_total = by_key[w.center.key]
        rows.append(
            Row(
                (
                    text(f"{w.center.label} · {names.get(w.center.key, '')}"),
                    total(center_total),
                    text(center_total.band.label if center_total.band else DASH),
                    number(w.weighted, WEIGHTED_PLACES),
                    percent(w.center.employment_rate),
                )
            )
        )
    return Table(
        key="centers",
        caption=_(
            "Each center's official total beside its exploratory weighted total (not an official "
            "score) and its employment rate"
        ),
        header=(
            _("Center"),
            _("Official total"),
            _("Band"),
            _("Exploratory weighted total"),
            _("Employment rate (%)"),
        ),
        rows=tuple(rows),
    )
