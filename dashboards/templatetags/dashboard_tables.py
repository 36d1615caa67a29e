"""Rendering the dashboards' tables (``dashboards.tables.Table``) and the portfolio's rows.

The markup lives in templates (``dashboards/_table_head_and_body.html``, ``_portfolio_rows.html``);
these tags only hand them plain values: per cell its text and CSS classes, per row its links. The
templates escape every text.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboards.selectors import Direction
from dashboards.tables import ShownTable, Table, shown
from ipsweb.dates import shown_date

register = template.Library()


@register.inclusion_tag("dashboards/_table_head_and_body.html")
def table_head_and_body(table: Table | ShownTable, numeric_from: int = 1) -> dict:
    """``<thead>`` and ``<tbody>`` of ``table`` (see ``dashboards.tables.shown``; a ShownTable
    comes from a cached selector, already reduced).

    The template loops over headings and rows; the ``<td>`` cells of a row come ready from
    ``_cells``: a thousand-center table has tens of thousands, and a template loop per cell cost
    more than the rest of the page."""
    if isinstance(table, Table):
        table = shown(table, numeric_from)
    made: dict[tuple[str, str], str] = {}
    return {
        "header": table.header,
        "rows": [(css, head, _cells(cells, made)) for css, head, cells in table.rows],
    }


def _cells(cells, made: dict) -> str:
    """``<td>`` of each (text, CSS classes), every text and class escaped by ``format_html``;
    ``made`` holds the cells already made for this table (equal scores repeat)."""
    parts = []
    for cell in cells:
        html = made.get(cell)
        if html is None:
            text, css = cell
            if css:
                html = format_html('<td class="{}">{}</td>', css, text)
            else:
                html = format_html("<td>{}</td>", text)
            made[cell] = html
        parts.append(html)
    # Joined as format_html_join joins: every part is escaped above.
    return mark_safe("".join(parts))


# A number no primary key reaches, reversed once and replaced per row (reverse() for every row
# of a long table costs more than the rest of the row).
_PLACEHOLDER = 987654321987


@dataclass(frozen=True, slots=True)
class Change:
    """The change since the previous review: CSS class, arrow (hidden from screen readers) and
    the words that carry the meaning."""

    css: str
    arrow: str
    words: str


@dataclass(frozen=True, slots=True)
class PortfolioLine:
    """One row of the portfolio ready to show: plain attributes, so the template looks each up
    once (a tuple index in a template costs Django a ``dir()`` per lookup)."""

    row: object
    detail: str
    report: str
    change: Change
    visit: str
    due: str


@register.inclusion_tag("dashboards/_portfolio_rows.html")
def portfolio_rows(rows) -> dict:
    """The portfolio's table rows (a hundred per page, each with two links and an arrow)."""
    detail = reverse("centers:detail", args=[_PLACEHOLDER])
    report = reverse("reviews:report", args=[_PLACEHOLDER])
    return {
        "lines": [
            PortfolioLine(
                row=row,
                detail=detail.replace(str(_PLACEHOLDER), str(row.pk)),
                report=(
                    report.replace(str(_PLACEHOLDER), str(row.review_id)) if row.visit_start else ""
                ),
                change=direction(row),
                visit=shown_date(row.visit_start),
                due=shown_date(row.due_on),
            )
            for row in rows
        ]
    }


def direction(row) -> Change:
    """The change since the previous review: the words carry the meaning, the arrow and colour
    repeat it."""
    points = row.change_size
    if row.direction == Direction.UP:
        return Change("change-up", "▲", _("up %(points)s") % {"points": points})
    if row.direction == Direction.DOWN:
        return Change("change-down", "▼", _("down %(points)s") % {"points": points})
    if row.direction == Direction.SAME:
        return Change("", "=", _("unchanged"))
    return Change("text-body-secondary", "", _("no earlier review"))
