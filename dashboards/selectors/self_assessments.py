"""Self-assessments against external reviews across the centers in a user's scope (a fixed number
of queries). The pairing and the differences are those of ``reviews.self_assessments``."""

import datetime
from dataclasses import dataclass

from centers.selectors import centers_for_user
from dashboards.selectors.comparisons import Selection, default_scale_code, stored_scores
from ipsweb.caching import cached_selector
from reviews.models import FidelityScale, Review
from reviews.scoring import scores_dict
from reviews.selectors import (
    counted_final_reviews,
    item_names,
    latest_final_review_ids,
    scale_spec,
)
from reviews.self_assessments import compare, mean_differences, nearest_in_period


@dataclass(frozen=True)
class CenterPair:
    """A center's latest final self-assessment and the external review of the same period
    (None when there is none)."""

    code: str
    name: str
    self_review_id: int
    self_visit: datetime.date
    self_total: int
    external_review_id: int | None = None
    external_visit: datetime.date | None = None
    external_total: int | None = None

    @property
    def difference(self) -> int | None:
        if self.external_total is None:
            return None
        return self.self_total - self.external_total


@dataclass(frozen=True)
class ItemMean:
    number: int
    name: str
    mean_difference: float | None
    n: int


@dataclass(frozen=True)
class SelfAssessmentOverview:
    scale_code: str
    centers: tuple[CenterPair, ...]  # centers with a final self-assessment, by code
    items: tuple[ItemMean, ...]
    without_self_assessment: tuple[str, ...]  # codes of the chosen centers without one

    @property
    def paired(self) -> int:
        return sum(1 for center in self.centers if center.external_review_id is not None)

    @property
    def mean_total_difference(self) -> float | None:
        differences = [c.difference for c in self.centers if c.difference is not None]
        return sum(differences) / len(differences) if differences else None


@cached_selector("self_assessment_overview")
def self_assessment_overview(user, selection: Selection) -> SelfAssessmentOverview:
    """Per chosen center of the user's scope, its latest final self-assessment of the chosen
    scale (visited within the window) with its total, the external review of the same period and
    the difference of the totals; per item, the mean self-minus-external difference over the
    pairs. External reviews are the ones that count (``counted_final_reviews``)."""
    scale_code = selection.scale_code or default_scale_code()
    centers = selection.centers(centers_for_user(user))
    self_ids = latest_final_review_ids(
        centers,
        scale_code=scale_code,
        visited_from=selection.visited_from,
        visited_to=selection.visited_to,
        kind=Review.Kind.SELF,
    )
    selfs = stored_scores(
        Review.objects.filter(pk__in=self_ids.values()).order_by("center__code"),
        "center_id",
        "pk",
        "visit_start",
        "total",
        "center__code",
        "center__name",
    )
    externals: dict[int, list[tuple]] = {}
    for center_id, *rest in stored_scores(
        counted_final_reviews().filter(center__in=self_ids.keys(), scale__code=scale_code),
        "center_id",
        "pk",
        "visit_start",
        "total",
    ):
        externals.setdefault(center_id, []).append(rest)
    scale = (
        FidelityScale.objects.filter(code=scale_code, status=FidelityScale.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )
    if scale is None:
        return SelfAssessmentOverview(scale_code, (), (), ())
    spec, names = scale_spec(scale), item_names(scale)
    rows, comparisons = [], []
    for center_id, pk, visit, total, code, name, scores in selfs:
        candidates = {ext_pk: rest for ext_pk, *rest in externals.get(center_id, [])}
        partner = nearest_in_period(visit, ((r[0], ext_pk) for ext_pk, r in candidates.items()))
        if partner is None:
            rows.append(CenterPair(code, name, pk, visit, total))
            continue
        external_visit, external_total, external_scores = candidates[partner]
        rows.append(
            CenterPair(code, name, pk, visit, total, partner, external_visit, external_total)
        )
        comparisons.append(compare(spec, scores_dict(scores), scores_dict(external_scores), names))
    means = mean_differences(comparisons)
    with_self = set(self_ids)
    return SelfAssessmentOverview(
        scale_code=scale_code,
        centers=tuple(rows),
        items=tuple(
            ItemMean(
                number=number,
                name=names.get(number, ""),
                mean_difference=means[number][0] if number in means else None,
                n=means[number][1] if number in means else 0,
            )
            for number in spec.item_numbers
        ),
        without_self_assessment=tuple(
            centers.exclude(pk__in=with_self).order_by("code").values_list("code", flat=True)
        ),
    )
