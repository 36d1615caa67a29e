"""The comparison as the API gives it: the numbers of the page (``dashboards.selectors``) at full
precision, each beside its display rounding from ``dashboards.tables`` (the cells of the page and
its CSV), so a script gets exactly the page's numbers."""

from centers.selectors import centers_for_user
from dashboards import tables
from dashboards.selectors import ComparisonPage, Selection, comparison_page
from ipsweb.caching import cached_selector
from ipsweb.statistics import Summary

STATISTICS = ("mean", "sd", "minimum", "maximum", "n")


def summary_json(stats: Summary) -> dict:
    return {
        "n": stats.n,
        "mean": stats.mean,
        "sd": stats.sd,
        "minimum": stats.minimum,
        "maximum": stats.maximum,
        "display": dict(zip(STATISTICS, (c.text for c in tables.stats_cells(stats)), strict=True)),
    }


def totals_json(stats: Summary) -> dict:
    summary = summary_json(stats)
    summary["median"] = stats.median
    summary["display"]["median"] = tables.number(stats.median, tables.MEDIAN_PLACES).text
    return summary


@cached_selector("api_comparison_for_user")
def comparison_for_user(user, selection: Selection) -> dict:
    """The API's comparison of the chosen centers of the user's scope (every center, no paging:
    a script takes the whole table), as plain JSON-ready data."""
    page = comparison_page(selection.centers(centers_for_user(user)), selection)
    return comparison_json(page, selection)


def comparison_json(page: ComparisonPage, selection: Selection) -> dict:
    computed, data, groups = page.computed, page.data, page.computed.groups
    group_of = {}
    if groups:
        group_of = dict.fromkeys(groups.split.upper, "upper") | dict.fromkeys(
            groups.split.lower, "lower"
        )
    totals = {t.center.key: t for t in computed.totals}
    centers = []
    for center in computed.centers:
        compared, total = data.compared[center.key], totals[center.key]
        centers.append(
            {
                "id": compared.pk,
                "code": compared.code,
                "name": compared.name,
                "region": compared.region,
                "review_id": compared.review_id,
                "visit_start": compared.visit_start,
                "total": total.total,
                "items_scored": total.items_scored,
                "complete": total.complete,
                "band": total.band.label if total.band else None,
                "employment_rate": center.employment_rate,
                "group": group_of.get(center.key),
                "display": {
                    "total": tables.total(total).text,
                    "employment_rate": tables.percent(center.employment_rate).text,
                },
            }
        )
    return {
        "scale": f"{data.scale.code}:{data.scale.version}" if data.scale else None,
        "order": selection.order,
        "centers": centers,
        "not_reviewed": [{"id": c.pk, "code": c.code, "name": c.name} for c in data.not_reviewed],
        "items": _items(page, selection),
        "totals": totals_json(computed.summary),
        "groups": _groups(page) if groups else None,
        "notes": list(page.notes),
    }


def _items(page: ComparisonPage, selection: Selection) -> list[dict]:
    computed, groups = page.computed, page.computed.groups
    differences = {row.item.number: row for row in groups.items} if groups else {}
    ranks = tables.difference_ranks(differences.values())
    items = []
    for row in computed.matrix:
        number = row.item.number
        items.append(
            {
                "number": number,
                "name": row.item.name,
                "scores": list(row.scores),
                "stats": summary_json(row.stats),
                "groups": _difference(differences[number], ranks.get(number)) if groups else None,
            }
        )
    if groups and selection.order == Selection.Order.DIFFERENCE:
        position = {row.item.number: i for i, row in enumerate(tables.by_difference(groups.items))}
        items.sort(key=lambda item: position[item["number"]])
    return items


def _difference(row, rank: int | None) -> dict:
    values = {
        "lower_mean": row.lower.mean,
        "upper_mean": row.upper.mean,
        "difference": row.difference,
    }
    display = {name: tables.number(value).text for name, value in values.items()}
    return {**values, "rank": rank, "display": {**display, "rank": tables.whole(rank).text}}


def _groups(page: ComparisonPage) -> dict:
    split, groups, by_pk = page.split, page.computed.groups, page.data.compared
    codes = lambda keys: [by_pk[key].code for key in keys]  # noqa: E731
    return {
        "method": str(split.method),
        "upper_name": page.names.upper,
        "lower_name": page.names.lower,
        "upper": codes(split.upper),
        "lower": codes(split.lower),
        "without_rate": codes(split.without_rate),
        "median_rate": split.median_rate,
        "k": split.k,
        "upper_totals": summary_json(groups.upper_totals),
        "lower_totals": summary_json(groups.lower_totals),
        "total_difference": groups.total_difference,
    }
