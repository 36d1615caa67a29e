"""Descriptive statistics for the survey dashboards, and small-cell suppression. Pure: no Django.

Missing answers (``None``) never count: every result says how many people it is based on (``n``).
Standard deviations are sample SDs (n - 1), as SPSS reports them; with fewer than two values the SD
is ``None``. Percentages are unrounded floats; pages round them for display.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ipsweb.statistics import Summary, summarize


@dataclass(frozen=True)
class Proportion:
    """How many of ``n`` people said yes (or had a property)."""

    count: int
    n: int

    @property
    def percent(self) -> float | None:
        return 100 * self.count / self.n if self.n else None


@dataclass(frozen=True)
class Distribution:
    """Answers on an ordered scale: a count for each level, with mean and SD of the level values."""

    levels: tuple[int, ...]
    counts: tuple[int, ...]
    summary: Summary

    @property
    def n(self) -> int:
        return self.summary.n


@dataclass(frozen=True)
class Cell:
    """One count as a page may show it.

    ``count`` and ``percent`` are ``None`` when the cell is suppressed; ``display`` is then "<5"
    (the count is small), "-" (hidden with its whole row), or, for a count hidden only so that
    the small one cannot be worked out from the total, the range the shown numbers already give
    ("253" to "256" when the total is 257, the small count below 5 and nothing else hidden): it
    tells no more than the total and the other cells do, and reads as a number, not a riddle.
    """

    count: int | None
    percent: float | None
    display: str
    suppressed: bool


def proportion(values: Iterable[bool | None]) -> Proportion:
    present = [v for v in values if v is not None]
    return Proportion(count=sum(1 for v in present if v), n=len(present))


def distribution(values: Iterable[int | None], levels: Sequence[int]) -> Distribution:
    """Counts per level; a value outside ``levels`` is a programming error and raises."""
    present = [v for v in values if v is not None]
    unknown = set(present) - set(levels)
    if unknown:
        raise ValueError(f"values outside the scale: {sorted(unknown)}")
    counts = tuple(sum(1 for v in present if v == level) for level in levels)
    return Distribution(levels=tuple(levels), counts=counts, summary=summarize(present))


def is_small(count: int, threshold: int) -> bool:
    """A count of 1 up to ``threshold - 1`` could single someone out; zero cannot."""
    return 0 < count < threshold


def suppress_counts(counts: Sequence[int], total: int, threshold: int) -> tuple[Cell, ...]:
    """Cells of a table whose ``total`` is shown, suppressed for a viewer who may not see small
    counts (``threshold`` 0 or 1: nothing is suppressed).

    Primary suppression hides every small count. Secondary suppression: when exactly one count is
    hidden, it could be worked out as the total minus the others, so the smallest other non-zero
    count is hidden too. It shows as the range that the total minus the shown counts leaves for
    it, given that the small one is between 1 and ``threshold - 1`` (``secondary_range``):
    anyone can work that range out from the page, so showing it gives nothing away.
    """
    hidden = {i for i, count in enumerate(counts) if is_small(count, threshold)}
    if len(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if i not in hidden and c > 0]
        if others:
            hidden.add(min(others)[1])
    hidden_sum = total - sum(c for i, c in enumerate(counts) if i not in hidden)
    cells = []
    for i, count in enumerate(counts):
        if i in hidden:
            if is_small(count, threshold):
                display = f"<{threshold}"
            else:
                display = secondary_range(hidden_sum, threshold)
            cells.append(Cell(None, None, display, suppressed=True))
        else:
            percent = 100 * count / total if total else None
            cells.append(Cell(count, percent, str(count), suppressed=False))
    return tuple(cells)


def secondary_range(hidden_sum: int, threshold: int) -> str:
    """What the page already tells about a count hidden beside one small count: the two add up
    to ``hidden_sum`` (the total minus the shown counts) and the small one is 1 to
    ``threshold - 1``, so this one is ``hidden_sum - threshold + 1`` to ``hidden_sum - 1``."""
    low, high = max(hidden_sum - threshold + 1, 1), hidden_sum - 1
    return f"{low}–{high}"


def suppress_total(total: int, threshold: int) -> Cell:
    """The ``n`` of a row: a small total hides everything computed from it."""
    if is_small(total, threshold):
        return Cell(None, None, f"<{threshold}", suppressed=True)
    return Cell(total, None, str(total), suppressed=False)


def suppress_proportion(value: Proportion, threshold: int) -> tuple[Cell, Cell]:
    """(yes, n) cells; "no" is not shown but follows from n, so it is protected too."""
    n_cell = suppress_total(value.n, threshold)
    if n_cell.suppressed:
        return Cell(None, None, "-", suppressed=True), n_cell
    yes, _no = suppress_counts([value.count, value.n - value.count], value.n, threshold)
    return yes, n_cell


def suppress_summary(value: Summary, threshold: int) -> tuple[Cell, float | None, float | None]:
    """(n cell, mean, SD); mean and SD of a small group are hidden with it."""
    n_cell = suppress_total(value.n, threshold)
    if n_cell.suppressed:
        return n_cell, None, None
    return n_cell, value.mean, value.sd
