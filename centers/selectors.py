"""Reads for the centers pages, always limited to what the user may see."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from centers.models import Center, EmploymentOutcome, HealthDataGrant, OutcomeBenchmark
from centers.roles import Role, is_admin
from ipsweb.caching import cached_selector

# Scope: which centers' data a user may see, one rule per kind of data.
#
# - Centers, their reviews and outcomes (``centers_for_user``): members of a center, the reviewers
#   of its reviews (an external reviewer must see the center and the review they rate) and users
#   granted its participant data.
# - Participant data (``health_data_centers_for_user``): participants, their surveys, diagnostic
#   screens, follow-ups, self-completion links, survey dashboards and participant-level exports.
#   Members of the center and users an admin granted it explicitly (``HealthDataGrant``), never
#   through review assignments: fidelity reviewers rate a center without seeing its patients.
#
# Admins see everything. Subqueries instead of joins keep rows unique without DISTINCT, so callers
# can annotate; several small ones stay fast with many reviews (the scope is in nearly every query).


def centers_for_user(user) -> QuerySet[Center]:
    """The centers, reviews and outcomes in a user's scope (see above)."""
    if not user.is_authenticated:
        return Center.objects.none()
    if is_admin(user):
        return Center.objects.all()
    reviewing = Center.objects.filter(reviews__assignments__reviewer=user).values("pk")
    return Center.objects.filter(_health_data(user) | Q(pk__in=reviewing))


def health_data_centers_for_user(user) -> QuerySet[Center]:
    """The centers whose participant data the user may see (see above): never by assignment."""
    if not user.is_authenticated:
        return Center.objects.none()
    if is_admin(user):
        return Center.objects.all()
    return Center.objects.filter(_health_data(user))


def _health_data(user) -> Q:
    members = Center.objects.filter(members=user).values("pk")
    granted = HealthDataGrant.objects.filter(user=user).values("center_id")
    return Q(pk__in=members) | Q(pk__in=granted)


def center_for_user(user, pk: int, *, permission: str | None = None) -> Center:
    """One center in the user's scope, or 404: a center outside it does not exist for them.

    With ``permission``, a user who may see the center but lacks that permission gets 403.
    """
    center = get_object_or_404(centers_for_user(user), pk=pk)
    _require(user, permission)
    return center


def outcome_for_user(
    user, center_pk: int, pk: int, *, permission: str | None = None
) -> EmploymentOutcome:
    """One quarter's outcomes of a center in the user's scope (404 otherwise), like
    ``center_for_user``."""
    outcome = get_object_or_404(
        EmploymentOutcome.objects.select_related("center").filter(
            center__in=centers_for_user(user)
        ),
        center_id=center_pk,
        pk=pk,
    )
    _require(user, permission)
    return outcome


def _require(user, permission: str | None) -> None:
    if permission and not user.has_perm(permission):
        raise PermissionDenied


def center_list(user, *, query: str = "", region: str = "", show_inactive: bool = False):
    centers = centers_for_user(user)
    if not show_inactive:
        centers = centers.filter(is_active=True)
    if query:
        centers = centers.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if region:
        centers = centers.filter(region=region)
    # Names need not be unique; the code is, so pages of the list neither skip nor repeat one.
    return centers.annotate(member_count=Count("members")).order_by("name", "code")


@cached_selector("regions_for_user")
def regions_for_user(user) -> list[str]:
    return list(
        centers_for_user(user)
        .exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


@cached_selector("codes_in_scope")
def codes_in_scope(user, codes: tuple[str, ...]) -> set[str]:
    """Which of ``codes`` name centers in the user's scope."""
    return set(centers_for_user(user).filter(code__in=codes).values_list("code", flat=True))


def user_list(*, query: str = "", role: str = "", show_inactive: bool = False):
    users = get_user_model().objects.prefetch_related(
        "groups", Prefetch("centers", queryset=Center.objects.order_by("name"))
    )
    if not show_inactive:
        users = users.filter(is_active=True)
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role == Role.ADMIN:
        users = users.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN)).distinct()
    elif role:
        users = users.filter(groups__name=role)
    return users.order_by("username")


def active_benchmarks() -> list[OutcomeBenchmark]:
    return list(OutcomeBenchmark.objects.filter(is_active=True).order_by("order", "rate_percent"))


def benchmark_list() -> QuerySet[OutcomeBenchmark]:
    return OutcomeBenchmark.objects.order_by("-is_active", "order", "rate_percent")


@dataclass(frozen=True)
class OutcomeRow:
    """A quarter's outcomes with its employment rate and how it stands against the benchmarks.

    ``reached`` is the highest benchmark at or below the rate; ``below`` is the lowest benchmark
    when the rate reaches none. Both are None when the rate is unknown (nobody served).
    """

    outcome: EmploymentOutcome
    rate: float | None
    reached: OutcomeBenchmark | None
    below: OutcomeBenchmark | None

    @property
    def rate_percent(self) -> float | None:
        return None if self.rate is None else self.rate * 100


def outcome_row(outcome: EmploymentOutcome, benchmarks: list[OutcomeBenchmark]) -> OutcomeRow:
    rate = outcome.employment_rate
    if rate is None or not benchmarks:
        return OutcomeRow(outcome=outcome, rate=rate, reached=None, below=None)
    by_rate = sorted(benchmarks, key=lambda b: b.rate_percent)
    # Exact comparison in integers and decimals: 41 of 100 served reaches 41 %.
    reached = [b for b in by_rate if b.rate_percent * outcome.served <= outcome.working * 100]
    return OutcomeRow(
        outcome=outcome,
        rate=rate,
        reached=reached[-1] if reached else None,
        below=None if reached else by_rate[0],
    )


def center_outcomes(center: Center) -> QuerySet[EmploymentOutcome]:
    """A center's quarters, newest first (a center has one row per quarter)."""
    return center.outcomes.select_related("entered_by").order_by("-year", "-quarter")


def outcome_rows(outcomes, benchmarks: list[OutcomeBenchmark]) -> list[OutcomeRow]:
    return [outcome_row(outcome, benchmarks) for outcome in outcomes]


def latest_outcome(center: Center, benchmarks: list[OutcomeBenchmark]) -> OutcomeRow | None:
    outcome = center_outcomes(center).first()
    return outcome_row(outcome, benchmarks) if outcome else None


@cached_selector("center_latest_outcome")
def center_latest_outcome(center: Center) -> OutcomeRow | None:
    """A center's latest quarter against the active benchmarks (the summary on its page)."""
    return latest_outcome(center, active_benchmarks())


def outcome_chart_data(rows: list[OutcomeRow], benchmarks: list[OutcomeBenchmark]) -> dict:
    """What static/js/outcome-chart.js draws: rates in percent, oldest quarter first."""
    oldest_first = list(reversed(rows))
    return {
        "labels": [row.outcome.period for row in oldest_first],
        "rates": [row.rate_percent for row in oldest_first],
        "benchmarks": [{"label": b.label, "percent": float(b.rate_percent)} for b in benchmarks],
        "text": {"rate": _("Employment rate"), "axis": _("Employment rate (%)")},
    }


Quarter = tuple[int, int]  # (year, quarter)


def outcomes_in_window(
    centers: QuerySet[Center], *, first: Quarter | None = None, last: Quarter | None = None
) -> QuerySet[EmploymentOutcome]:
    """The outcome quarters of ``centers`` from ``first`` to ``last`` (both included, open when
    None)."""
    outcomes = EmploymentOutcome.objects.filter(center__in=centers)
    if first:
        outcomes = outcomes.filter(Q(year__gt=first[0]) | Q(year=first[0], quarter__gte=first[1]))
    if last:
        outcomes = outcomes.filter(Q(year__lt=last[0]) | Q(year=last[0], quarter__lte=last[1]))
    return outcomes


def outcome_quarter_span(
    centers: QuerySet[Center], *, first: Quarter | None = None, last: Quarter | None = None
) -> tuple[Quarter, Quarter] | None:
    """The first and the last quarter with outcomes of ``centers`` in the window (one query)."""
    quarters = outcomes_in_window(centers, first=first, last=last).order_by("year", "quarter")
    earliest = quarters.values_list("year", "quarter").first()
    if earliest is None:
        return None
    return earliest, quarters.reverse().values_list("year", "quarter").first()


def employment_rates(
    centers: QuerySet[Center], *, first: Quarter | None = None, last: Quarter | None = None
) -> dict[int, float | None]:
    """Each center's employment rate over the quarters ``first`` to ``last`` (both included, open
    when None), by center primary key, in one query.

    The rate is pooled: all participants in competitive jobs over all participants served in the
    window, so a big quarter weighs more than a small one (the mean of quarterly rates would let a
    quarter with 3 served count as much as one with 60). None when nobody was served; centers
    without any quarter in the window are absent.
    """
    outcomes = outcomes_in_window(centers, first=first, last=last)
    totals = outcomes.values("center").annotate(served=Sum("served"), working=Sum("working"))
    return {
        row["center"]: row["working"] / row["served"] if row["served"] else None
        for row in totals.order_by()
    }
