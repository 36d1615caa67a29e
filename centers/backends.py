"""Django's model backend, with fewer queries per request: the user's role comes with the user,
and their permissions (their own and their groups') come in one query instead of two."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from centers.roles import with_role


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        user = with_role(get_user_model()._default_manager.filter(pk=user_id)).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj._perm_cache = _permissions_of(user_obj)
        return super().get_all_permissions(user_obj, obj)


def _permissions_of(user) -> set[str]:
    """What Django's backend reads in two queries ("app_label.codename" of every permission of the
    user and of their groups; every permission for a superuser), in one."""
    permissions = Permission.objects.all()
    if not user.is_superuser:
        users = get_user_model().user_permissions.through.objects.filter(user=user)
        groups = Group.permissions.through.objects.filter(group__user=user)
        permissions = permissions.filter(
            Q(pk__in=users.values("permission")) | Q(pk__in=groups.values("permission"))
        )
    rows = permissions.order_by().values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in rows}
