"""Rendering the dashboards' tables (``dashboards.tables.Table``) as HTML.

One tag renders a whole table head and body in Python: a comparison of 50 centers has some 1,500
cells, and a template loop per cell would cost more than everything else on the page.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboards.selectors import Direction
from dashboards.tables import DASH, Table

register = template.Library()


@register.simple_tag
def table_head_and_body(table: Table, numeric_from: int = 1):
    """``<thead>`` and ``<tbody>`` of ``table``: the first cell of each row is its header; cells
    from column ``numeric_from`` on are right-aligned. Every text is escaped here."""
    return table.remembered(("html", numeric_from), lambda: _head_and_body(table, numeric_from))


def _head_and_body(table: Table, numeric_from: int) -> str:
    head = "".join(
        f'<th scope="col"{_class(_align(i, numeric_from))}>{escape(label)}</th>'
        for i, label in enumerate(table.header)
    )
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{escape(row.cells[0].text)}</th>']
        for i, cell in enumerate(row.cells[1:], start=1):
            css = f"{cell.css} {_align(i, numeric_from)}".strip()
            cells.append(f"<td{_class(css)}>{escape(cell.text)}</td>")
        body.append(f"<tr{_class(row.css)}>{''.join(cells)}</tr>")
    return mark_safe(f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>")


def _class(css: str) -> str:
    return f' class="{escape(css)}"' if css else ""


def _align(index: int, numeric_from: int) -> str:
    return "text-end" if numeric_from and index >= numeric_from else ""


@register.simple_tag
def portfolio_rows(rows):
    """The portfolio's table rows (a hundred per page, each with two links and an arrow)."""
    detail = reverse("centers:detail", args=[_PLACEHOLDER])
    report = reverse("reviews:report", args=[_PLACEHOLDER])
    inactive = f' <span class="badge text-bg-secondary">{escape(_("Inactive"))}</span>'
    overdue = f' <span class="badge text-bg-warning">{escape(_("Overdue"))}</span>'
    html = []
    for row in rows:
        if row.visit_start:
            visit = row.visit_start.isoformat()
            href = report.replace(str(_PLACEHOLDER), str(row.review_id))
            last = f'<a href="{href}">{visit}</a>'
        else:
            last = escape(_("never reviewed"))
        html.append(
            "<tr>"
            f'<th scope="row"><a href="{detail.replace(str(_PLACEHOLDER), str(row.pk))}">'
            f"{escape(row.name)}</a>{'' if row.is_active else inactive}</th>"
            f"<td><code>{escape(row.code)}</code></td>"
            f"<td>{escape(row.region or DASH)}</td>"
            f'<td class="text-end">{DASH if row.total is None else row.total}</td>'
            f"<td>{escape(row.band or DASH)}</td>"
            f'<td class="text-nowrap">{last}</td>'
            f'<td class="text-nowrap">{direction(row)}</td>'
            f'<td class="text-nowrap">{row.due_on.isoformat() if row.due_on else ""}'
            f"{overdue if row.overdue else ''}</td>"
            "</tr>"
        )
    return mark_safe("".join(html))


# A number no primary key reaches, reversed once and replaced per row (reverse() for every row
# of a long table costs more than the rest of the row).
_PLACEHOLDER = 987654321987


def direction(row) -> str:
    """The change since the previous review as an arrow (hidden from screen readers) and words:
    the words carry the meaning, the arrow and colour repeat it."""
    points = row.change_size
    if row.direction == Direction.UP:
        css, arrow, words = "change-up", "▲", _("up %(points)s") % {"points": points}
    elif row.direction == Direction.DOWN:
        css, arrow, words = "change-down", "▼", _("down %(points)s") % {"points": points}
    elif row.direction == Direction.SAME:
        css, arrow, words = "", "=", _("unchanged")
    else:
        css, arrow, words = "text-body-secondary", "", _("no earlier review")
    hidden = f'<span aria-hidden="true">{arrow}</span> ' if arrow else ""
    return f"<span{_class(css)}>{hidden}{escape(words)}</span>"
