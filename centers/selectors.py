"""Reads for the centers pages, always limited to what the user may see."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from centers.models import Center
from centers.roles import Role, is_admin


def centers_for_user(user) -> QuerySet[Center]:
    """The centers in a user's scope: all for admins; for everybody else the centers they are
    assigned to and the centers of the reviews they are assigned to."""
    if not user.is_authenticated:
        return Center.objects.none()
    if is_admin(user):
        return Center.objects.all()
    # A subquery instead of a join keeps rows unique without DISTINCT, so callers can annotate.
    in_scope = Center.objects.filter(
        Q(members=user) | Q(reviews__assignments__reviewer=user)
    ).values("pk")
    return Center.objects.filter(pk__in=in_scope)


def center_for_user(user, pk: int) -> Center:
    """One center in the user's scope, or 404: a center outside it does not exist for them."""
    return get_object_or_404(centers_for_user(user), pk=pk)


def center_list(user, *, query: str = "", region: str = "", show_inactive: bool = False):
    centers = centers_for_user(user)
    if not show_inactive:
        centers = centers.filter(is_active=True)
    if query:
        centers = centers.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if region:
        centers = centers.filter(region=region)
    return centers.annotate(member_count=Count("members")).order_by("name")


def regions_for_user(user) -> list[str]:
    return list(
        centers_for_user(user)
        .exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


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
