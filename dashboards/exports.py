"""The comparison as CSV and XLSX: exactly the tables the page shows, from the same cells.

The CSV holds the comparison table, an empty row, then the table of totals; the XLSX holds the
same on one sheet, numbers as numbers with the page's number of decimals. Both are written by
``ipsweb.spreadsheets`` (quoting, formula neutralisation, header styling).
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dashboards.selectors import ComparisonPage, ComparisonTables, JointDisplay
from dashboards.tables import export_rows
from ipsweb.rounding import DASH, display_round
from ipsweb.spreadsheets import Sheet, csv_bytes, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _tables(page: ComparisonPage | ComparisonTables) -> list[list[list[object]]]:
    if isinstance(page, ComparisonTables):
        return [page.table, page.totals]
    return [export_rows(page.table), export_rows(page.totals)]


def as_csv(page: ComparisonPage | ComparisonTables) -> bytes:
    return csv_bytes(_tables(page))


def as_xlsx(page: ComparisonPage | ComparisonTables) -> bytes:
    return xlsx_bytes(
        [Sheet(_("Comparison"), _tables(page), bold_first_column=True, freeze_panes="B2")]
    )


def download(page: ComparisonPage | ComparisonTables, fmt: str, stem: str) -> HttpResponse:
    body = as_xlsx(page) if fmt == "xlsx" else as_csv(page)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def joint_display_xlsx(result: JointDisplay) -> bytes:
    """The joint display for a paper: per item its means and every excerpt with its center's
    score and group; per statement the share agreeing (small cells as the page shows them) and
    the participants' words."""
    names = result.comparison.names
    items = [
        [
            _("Item"),
            _("Mean"),
            _("n"),
            names.upper,
            names.lower,
            _("Difference"),
            _("Group"),
            _("Center"),
            _("Center's score"),
            _("Kind"),
            _("Informants"),
            _("Excerpt"),
        ]
    ]
    for joint in result.items:
        means = [
            display_round(joint.stats.mean, 2),
            joint.stats.n,
            display_round(joint.upper.mean, 2) if joint.upper else None,
            display_round(joint.lower.mean, 2) if joint.lower else None,
            display_round(joint.difference, 2),
        ]
        placed = [
            *((names.upper, p) for p in joint.upper_excerpts),
            *((names.lower, p) for p in joint.lower_excerpts),
            *(("", p) for p in joint.other_excerpts),
        ]
        if not placed:
            items.append([joint.item.name, *means])
        for group, p in placed:
            items.append(
                [
                    joint.item.name,
                    *means,
                    group,
                    p.center,
                    p.score,
                    p.excerpt.kind_label,
                    p.excerpt.informants,
                    p.excerpt.text,
                ]
            )
    statements = [[_("Statement"), _("Agreeing (%)"), _("n"), _("Informants"), _("Quote")]]
    for joint in result.statements:
        yes, n = joint.row.yes, joint.row.n
        percent = display_round(yes.percent, 0) if yes.percent is not None else DASH
        share = [joint.row.statement.text, percent, n.count if n.count is not None else n.display]
        if not joint.quotes:
            statements.append(share)
        for quote in joint.quotes:
            statements.append([*share, quote.informants, quote.text])
    return xlsx_bytes(
        [
            Sheet(_("Items"), [items], bold_first_column=True, freeze_panes="B2"),
            Sheet(_("Statements"), [statements], bold_first_column=True, freeze_panes="B2"),
        ]
    )
