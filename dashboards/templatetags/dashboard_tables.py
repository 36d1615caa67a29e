"""Rendering the dashboards' tables (``dashboards.tables.Table``) as HTML.

One tag renders a whole table head and body in Python: a comparison of 50 centers has some 1,500
cells, and a template loop per cell would cost more than everything else on the page.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from dashboards.tables import Table

register = template.Library()


def _attribute(css: str) -> str:
    return f' class="{conditional_escape(css)}"' if css else ""


@register.simple_tag
def table_head_and_body(table: Table, numeric_from: int = 1):
    """``<thead>`` and ``<tbody>`` of ``table``: the first cell of each row is its header; cells
    from column ``numeric_from`` on are right-aligned."""
    head = "".join(
        format_html('<th scope="col"{}>{}</th>', mark_safe(_align(i, numeric_from)), label)
        for i, label in enumerate(table.header)
    )
    body = []
    for row in table.rows:
        cells = [format_html('<th scope="row">{}</th>', row.cells[0].text)]
        for i, cell in enumerate(row.cells[1:], start=1):
            css = " ".join(part for part in (cell.css, _align_class(i, numeric_from)) if part)
            cells.append(f"<td{_attribute(css)}>{conditional_escape(cell.text)}</td>")
        body.append(f"<tr{_attribute(row.css)}>{''.join(cells)}</tr>")
    return mark_safe(f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>")


def _align_class(index: int, numeric_from: int) -> str:
    return "text-end" if numeric_from and index >= numeric_from else ""


def _align(index: int, numeric_from: int) -> str:
    css = _align_class(index, numeric_from)
    return f' class="{css}"' if css else ""
