"""Writes for centers, users and roles."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from centers.models import Center
from centers.roles import Role

User = get_user_model()


def center_save(*, center: Center) -> Center:
    """Validate and store a new or changed center."""
    center.full_clean()
    center.save()
    return center


def center_set_active(*, center: Center, active: bool) -> Center:
    """Deactivate or reactivate a center. Centers are never deleted: they carry history."""
    center.is_active = active
    center.save(update_fields=["is_active", "updated_at"])
    return center


def center_set_members(*, center: Center, users: Iterable) -> None:
    center.members.set(users)


@transaction.atomic
def user_save(
    *,
    actor,
    user,
    role: Role | str | None,
    centers: Iterable[Center],
    password: str | None = None,
):
    """Store a user with exactly one role and the centers they are assigned to.

    Admins get Django-admin access (``is_staff``); other roles do not. Admins cannot take away
    their own admin role or deactivate themselves, so there is always someone who can undo it.
    """
    if user.pk == actor.pk and role != Role.ADMIN:
        raise ValidationError({"role": _("You cannot remove your own admin role.")})
    if user.pk == actor.pk and not user.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    if password:
        user.set_password(password)
    elif user._state.adding:
        user.set_unusable_password()
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.full_clean(exclude=["password"])
    user.save()
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    user.groups.remove(*role_groups)
    if role:
        user.groups.add(Group.objects.get(name=role))
    user_set_centers(user=user, centers=centers)
    if hasattr(user, "_ipsweb_role"):
        del user._ipsweb_role
    return user


def user_set_centers(*, user, centers: Iterable[Center]) -> None:
    """Assign a user to exactly these centers.

    Changes go through each center's side of the relation, so each center's audit trail records
    who was added or removed (the audit library cannot follow changes made from the user's side).
    """
    wanted = {center.pk: center for center in centers}
    current = {center.pk: center for center in user.centers.all()}
    for pk in current.keys() - wanted.keys():
        current[pk].members.remove(user)
    for pk in wanted.keys() - current.keys():
        wanted[pk].members.add(user)
