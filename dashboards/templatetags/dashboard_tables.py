"""Rendering the dashboards' tables (``dashboards.tables.Table``) and the portfolio's rows.

The markup lives in templates (``dashboards/_table_head_and_body.html``, ``_portfolio_rows.html``);
these tags only hand them plain values: per cell its text and CSS classes, per row its links. The
templates escape every text.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboards.selectors import Direction
from dashboards.tables import Table

register = template.Library()


def _css(index: int, numeric_from: int, summary_columns: int) -> str:
    """Right-aligned from column ``numeric_from`` on; the summary columns kept in view beside
    the row header are marked (``group-summary-1`` …) for dashboards.css."""
    classes = ["text-end"] if numeric_from and index >= numeric_from else []
    if 0 < index <= summary_columns:
        classes += ["group-summary", f"group-summary-{index}"]
    return " ".join(classes)


@register.inclusion_tag("dashboards/_table_head_and_body.html")
def table_head_and_body(table: Table, numeric_from: int = 1) -> dict:
    """``<thead>`` and ``<tbody>`` of ``table``: the first cell of each row is its header; cells
    from column ``numeric_from`` on are right-aligned."""
    summary = table.summary_columns
    return {
        "header": [(label, _css(i, numeric_from, summary)) for i, label in enumerate(table.header)],
        "rows": [
            (
                row.css,
                row.cells[0].shown,
                [
                    (cell.shown, f"{cell.css} {_css(i, numeric_from, summary)}".strip())
                    for i, cell in enumerate(row.cells[1:], start=1)
                ],
            )
            for row in table.rows
        ],
    }


# A number no primary key reaches, reversed once and replaced per row (reverse() for every row
# of a long table costs more than the rest of the row).
_PLACEHOLDER = 987654321987


@register.inclusion_tag("dashboards/_portfolio_rows.html")
def portfolio_rows(rows) -> dict:
    """The portfolio's table rows (a hundred per page, each with two links and an arrow)."""
    detail = reverse("centers:detail", args=[_PLACEHOLDER])
    report = reverse("reviews:report", args=[_PLACEHOLDER])
    return {
        "rows": [
            (
                row,
                detail.replace(str(_PLACEHOLDER), str(row.pk)),
                report.replace(str(_PLACEHOLDER), str(row.review_id)) if row.visit_start else "",
                direction(row),
            )
            for row in rows
        ]
    }


def direction(row) -> tuple[str, str, str]:
    """The change since the previous review as (CSS class, arrow, words): the words carry the
    meaning, the arrow (hidden from screen readers) and colour repeat it."""
    points = row.change_size
    if row.direction == Direction.UP:
        return "change-up", "▲", _("up %(points)s") % {"points": points}
    if row.direction == Direction.DOWN:
        return "change-down", "▼", _("down %(points)s") % {"points": points}
    if row.direction == Direction.SAME:
        return "", "=", _("unchanged")
    return "text-body-secondary", "", _("no earlier review")
