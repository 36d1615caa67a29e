"""The fidelity dashboard on a center's page (a fixed number of queries)."""

import datetime
from dataclasses import dataclass, field
from itertools import zip_longest

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centers.models import Center
from centers.selectors import centers_for_user
from dashboards import tables
from dashboards.selectors.comparisons import decode_scores, scores_as_text
from dashboards.selectors.portfolio import (
    UpcomingReview,
    band_intervals,
    is_overdue,
    review_due_on,
    upcoming_reviews,
)
from ipsweb.caching import cached_selector
from reviews.models import ActionItem, Review
from reviews.scoring import Band, ScoreResult, needs_improvement, score_review, scores_dict
from reviews.selectors import (
    final_reviews,
    item_names,
    open_actions,
    scale_spec,
    with_band_names,
)
from reviews.self_assessments import SAME_PERIOD_MONTHS, ReviewPair, nearest_in_period, pair_of

# ---------------------------------------------------------------------------------------------
# Center dashboard


WEAKEST_COUNT = 5


@dataclass(frozen=True)
class ProfileRow:
    """One item of a center's latest review against the mean of the centers in scope."""

    number: int
    name: str
    score: int | None
    scope_mean: float | None
    scope_n: int
    needs_improvement: bool = False

    @property
    def difference(self) -> float | None:
        if self.score is None or self.scope_mean is None:
            return None
        return self.score - self.scope_mean


@dataclass
class CenterDashboard:
    history: list[Review]  # final reviews of the latest review's scale, oldest first
    latest: Review | None
    result: ScoreResult | None = None
    bands: tuple[Band, ...] = ()
    min_total: int = 0
    profile: list[ProfileRow] = field(default_factory=list)
    scope_centers: int = 0
    actions: list[ActionItem] = field(default_factory=list)
    # The cadence of the latest review's band (None: REVIEW_INTERVAL_MONTHS) and the next review
    # planned or under way.
    review_interval: int | None = None
    upcoming: UpcomingReview | None = None
    # The center's latest final self-assessment (of the latest review's scale) beside the
    # external review of the same period, if it has one.
    self_assessment: ReviewPair | None = None
    same_period_months: int = SAME_PERIOD_MONTHS

    def _lowest_first(self) -> list[ProfileRow]:
        scored = [row for row in self.profile if row.score is not None]
        return sorted(scored, key=lambda r: (r.score, r.difference or 0, r.number))

    @property
    def weakest(self) -> list[ProfileRow]:
        """The five lowest-scored items, lowest first (ties: the larger gap to the scope mean
        first, then scale order)."""
        return self._lowest_first()[:WEAKEST_COUNT]

    @property
    def weakest_tied(self) -> list[ProfileRow]:
        """The items left out of ``weakest`` that score the same as the last one shown: the page
        names them ("and 3 more at 3") instead of dropping them silently."""
        lowest = self._lowest_first()
        if len(lowest) <= WEAKEST_COUNT:
            return []
        last = lowest[WEAKEST_COUNT - 1].score
        return sorted(
            (row for row in lowest[WEAKEST_COUNT:] if row.score == last), key=lambda r: r.number
        )

    @property
    def due_on(self) -> datetime.date | None:
        visit = self.latest.visit_start if self.latest else None
        return review_due_on(visit, self.review_interval)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, self.upcoming, timezone.localdate())

    @property
    def overdue_actions(self) -> int:
        """How many of the open action-plan items are past their due date."""
        return sum(1 for action in self.actions if action.overdue)

    def profile_table(self) -> tables.Table:
        """The item profile as a table: the chart's numbers, rounded as everywhere else."""
        return tables.Table(
            key="profile",
            caption=_("Latest score per item against the mean of your centers"),
            header=(_("Item"), _("This center"), _("Mean of your centers"), "n", _("Difference")),
            rows=tuple(
                tables.Row(
                    (
                        tables.text(f"{row.number}. {row.name}"),
                        tables.score(row.score),
                        tables.number(row.scope_mean),
                        tables.whole(row.scope_n),
                        tables.number(row.difference),
                    )
                )
                for row in self.profile
            ),
        )

    def chart_data(self) -> dict:
        """What static/js/center-dashboard.js draws (the tables on the page show the same)."""
        return {
            "totals": {
                "labels": [date_format(review.visit_start) for review in self.history],
                "values": [review.total for review in self.history],
                "min": self.min_total,
                "max": self.result.max_total,
                # The lowest band starts at the lowest possible total: no line needed there.
                "bands": [
                    {"value": b.min_total, "label": f"{b.label} ≥ {b.min_total}"}
                    for b in self.bands
                    if b.min_total > self.min_total
                ],
                "text": {"total": _("Total"), "axis": _("Total score"), "x": _("Review visit")},
            },
            "profile": {
                "labels": [f"{row.number}. {row.name}" for row in self.profile],
                "scores": [row.score for row in self.profile],
                "means": [tables.number(row.scope_mean).value for row in self.profile],
                "min": self.latest.scale.min_score,
                "max": self.latest.scale.max_score,
                "text": {
                    "score": _("This center (latest review)"),
                    "mean": _("Mean of your centers"),
                    "axis": _("Score"),
                },
            },
        }


@cached_selector("center_dashboard")
def center_dashboard(user, center: Center) -> CenterDashboard | None:
    """The fidelity part of a center's page, for users who read every review of the centers in
    their scope (None for others): totals over time, the latest review's sections, its item
    profile against the centers in the user's scope, and its open action plan."""
    if not user.has_perm("reviews.view_center_reviews"):
        return None
    return _center_dashboard(user, center)


def _center_dashboard(user, center: Center) -> CenterDashboard:
    # Oldest first; the latest is the latest final review of any scale (the same rule as
    # everywhere), and the history shows the reviews of its scale.
    # Self-assessments come in the same query, apart from the external reviews that count.
    both = list(with_band_names(final_reviews(center, kind=None)).select_related("scale"))[::-1]
    finals = [review for review in both if review.kind == Review.Kind.EXTERNAL]
    own = [review for review in both if review.kind == Review.Kind.SELF]
    upcoming = upcoming_reviews(Center.objects.filter(pk=center.pk)).get(center.pk)
    if not finals:
        return CenterDashboard(history=[], latest=None, upcoming=upcoming)
    latest = finals[-1]
    code = latest.scale.code
    spec = scale_spec(latest.scale)
    scores = scores_dict(latest.item_scores)
    means = scope_item_means(user, code)
    names = item_names(latest.scale)
    profile = [
        ProfileRow(
            number=number,
            name=names[number],
            score=scores.get(number),
            scope_mean=means[number][0] if number in means else None,
            scope_n=means[number][1] if number in means else 0,
            needs_improvement=needs_improvement(scores.get(number), spec.improvement_at_or_below),
        )
        for number in spec.item_numbers
    ]
    history = [review for review in finals if review.scale.code == code]
    return CenterDashboard(
        history=history,
        latest=latest,
        result=score_review(spec, scores),
        bands=spec.bands,
        min_total=spec.min_total,
        profile=profile,
        scope_centers=max((row.scope_n for row in profile), default=0),
        actions=open_actions(latest),
        review_interval=band_intervals().get((code, latest.band_label)),
        upcoming=upcoming,
        self_assessment=_latest_self_assessment(
            [review for review in own if review.scale.code == code], history, latest, spec, names
        ),
    )


def _latest_self_assessment(own, history, latest, spec, names) -> ReviewPair | None:
    """The latest self-assessment (of the latest review's scale) beside the external review of
    its period, from the reviews in hand: no query when it uses the latest review's version."""
    if not own:
        return None
    latest_self = own[-1]
    partner = nearest_in_period(
        latest_self.visit_start,
        ((review.visit_start, index) for index, review in enumerate(history)),
    )
    if partner is None:
        return None
    same_version = latest_self.scale_id == latest.scale_id
    return pair_of(
        latest_self,
        history[partner],
        spec=spec if same_version else None,
        names=names if same_version else None,
    )


@cached_selector("scope_item_means")
def scope_item_means(user, scale_code: str) -> dict[int, tuple[float, int]]:
    """``item_means`` of the active centers in the user's scope: the same for every center page
    the user opens."""
    return item_means(centers_for_user(user).filter(is_active=True), scale_code=scale_code)


def item_means(centers, *, scale_code: str) -> dict[int, tuple[float, int]]:
    """Per item number, the mean score over the latest final review (of the scale) of each of
    ``centers``, and how many reviews scored the item."""
    latest = final_reviews(OuterRef("pk"), scale_code=scale_code).annotate(text=scores_as_text())
    texts = (
        centers.annotate(scores=Subquery(latest.values("text")[:1]))
        .order_by()
        .values_list("scores", flat=True)
    )
    means = {}
    # Column k of the stored lists holds item k + 1 of every review.
    rows = decode_scores([text for text in texts if text is not None])
    for number, column in enumerate(zip_longest(*rows), start=1):
        scores = [score for score in column if score is not None]
        if scores:
            means[number] = (sum(scores) / len(scores), len(scores))
    return means
