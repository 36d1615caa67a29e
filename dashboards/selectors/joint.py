"""The joint display: fidelity item scores beside the interview excerpts coded to each item, and
survey statements beside participants' words (the mixed-methods table the seed paper builds by
hand).

The numbers are the comparison's (``comparison_page``: the same centers, reviews, group split
and means) and the participant dashboard's (``participants.dashboard``: the same small-cell rules);
nothing is recomputed here. Excerpts come from ``qualitative.selectors``, cut out in the database.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from centers.selectors import centers_for_user, health_data_centers_for_user
from dashboards.selectors.comparisons import Selection, comparison_page
from dashboards.tables import GroupNames
from ipsweb.caching import cached_selector
from ipsweb.statistics import Summary
from participants.dashboard import StatementRow, statement_table
from qualitative.selectors import (
    ExcerptGroup,
    LinkedExcerpt,
    grouped_item_excerpts,
    statement_excerpts,
)
from reviews.comparison import ItemSpec

# Excerpts shown per item and group on the page; the download holds them all.
SHOWN = 5
# The groups of centers excerpts are placed in.
UPPER, LOWER, OTHER = "upper", "lower", "other"


@dataclass(frozen=True)
class PlacedExcerpt:
    center: str  # the center's code
    score: int | None  # the center's score on the item
    excerpt: LinkedExcerpt
    # Where the words come from, as the page puts it after them ("C2, score 1; Focus group with
    # the IPS team"): made once, in the language of the cached result.
    source_note: str = ""


def placed_excerpt(center: str, score: int | None, excerpt: LinkedExcerpt) -> PlacedExcerpt:
    place = center if score is None else f"{center}, " + _("score %(score)s") % {"score": score}
    return PlacedExcerpt(center, score, excerpt, f"{place}; {excerpt.kind_label}")


@dataclass(frozen=True)
class JointItem:
    item: ItemSpec
    stats: Summary  # over all compared centers
    upper: Summary | None  # group means, as on the comparison
    lower: Summary | None
    difference: float | None
    # The first ``shown`` excerpts of each group (all of them for the download), and how many
    # there are in all.
    upper_excerpts: tuple[PlacedExcerpt, ...]
    lower_excerpts: tuple[PlacedExcerpt, ...]
    other_excerpts: tuple[PlacedExcerpt, ...]  # centers in neither group
    upper_count: int = 0
    lower_count: int = 0
    other_count: int = 0


@dataclass(frozen=True)
class JointStatement:
    row: StatementRow
    quotes: tuple[LinkedExcerpt, ...]


@dataclass(frozen=True)
class JointComparison:
    """What the page shows of the comparison beside the items (the whole comparison stays out of
    the cache: read back on every view, a thousand centers' data would cost more than the page)."""

    notes: tuple[str, ...]
    grouped: bool  # whether the centers were split into two groups
    names: GroupNames


@dataclass(frozen=True)
class JointDisplay:
    comparison: JointComparison
    items: tuple[JointItem, ...]
    statements: tuple[JointStatement, ...]
    threshold: int


def joint_display(user, selection: Selection, *, shown: int | None = SHOWN) -> JointDisplay:
    """The page (``shown`` excerpts per item and group) or the download (``shown=None``: all)."""
    comparison, items = joint_items(user, selection, shown=shown)
    # Participant data is not cached (its app is not watched): the statements are read each time.
    survey = statement_table(user)
    quotes = statement_quotes_for_user(user)
    statements = tuple(
        JointStatement(row, tuple(quotes.get(row.statement.pk, ())))
        for row in survey.facilitators + survey.barriers
    )
    return JointDisplay(comparison, items, statements, survey.threshold)


@cached_selector("statement_quotes_for_user")
def statement_quotes_for_user(user) -> dict[int, list[LinkedExcerpt]]:
    """Participants' words coded to survey statements, by statement id, from the centers whose
    participant data the user may see (interviews are qualitative data: cached)."""
    return statement_excerpts(health_data_centers_for_user(user))


@cached_selector("joint_items_for_user")
def joint_items(
    user, selection: Selection, *, shown: int | None
) -> tuple[JointComparison, tuple[JointItem, ...]]:
    """The comparison of the user's scope and, per item, the excerpts placed beside it."""
    # The comparison's centers, as it chose them (this selector is cached as a whole).
    chosen = selection.centers(centers_for_user(user))
    page = comparison_page(chosen, selection)
    computed = page.computed
    codes = {c.pk: c.code for c in page.data.compared.values()}
    scores = {c.key: c.scores for c in computed.centers}
    split = page.split
    group_of = dict.fromkeys(codes, OTHER)
    if split:
        group_of.update((key, UPPER) for key in split.upper if key in codes)
        group_of.update((key, LOWER) for key in split.lower if key in codes)
    group_items = {g.item.number: g for g in computed.groups.items} if computed.groups else {}
    scale_code = page.data.scale.code if page.data.scale else ""
    excerpts = (
        grouped_item_excerpts(chosen, group_of, scale_code=scale_code, shown=shown)
        if scale_code
        else {}
    )
    empty = ExcerptGroup((), 0)

    def placed(number: int, group: str) -> tuple[tuple[PlacedExcerpt, ...], int]:
        found = excerpts.get((number, group), empty)
        return tuple(
            placed_excerpt(codes[e.center_id], scores.get(e.center_id, {}).get(number), e)
            for e in found.excerpts
        ), found.count

    items = []
    for row in computed.matrix:
        number = row.item.number
        group = group_items.get(number)
        upper_excerpts, upper_count = placed(number, UPPER)
        lower_excerpts, lower_count = placed(number, LOWER)
        other_excerpts, other_count = placed(number, OTHER)
        items.append(
            JointItem(
                item=row.item,
                stats=row.stats,
                upper=group.upper if group else None,
                lower=group.lower if group else None,
                difference=group.difference if group else None,
                upper_excerpts=upper_excerpts,
                lower_excerpts=lower_excerpts,
                other_excerpts=other_excerpts,
                upper_count=upper_count,
                lower_count=lower_count,
                other_count=other_count,
            )
        )
    summary = JointComparison(notes=page.notes, grouped=split is not None, names=page.names)
    return summary, tuple(items)
