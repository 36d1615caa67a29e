"""The three roles of ipsweb, kept as Django groups (created by a migration).

A user has at most one role. Superusers count as admins.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsweb import readcache


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MANAGER = "program manager", _("Program manager")
    REVIEWER = "reviewer", _("Reviewer")


def grant_permissions(apps, role: str, permissions: list[str]) -> None:
    """Give a role's group these permissions ("app_label.codename"); for data migrations.

    Permissions are normally created after all migrations ran, so this creates the ones it
    needs first.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=role)
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )


def user_role(user) -> Role | None:
    """The role of a user, cached on the user object for the length of a request (and between
    requests until data changes: ``ipsweb.readcache``)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_ipsweb_role"):
        if user.is_superuser:
            role = Role.ADMIN
        else:
            role = readcache.remember(
                "role",
                (user.pk,),
                lambda: _role_of_groups(user.groups.values_list("name", flat=True)),
                stamp=readcache.stamp_for(user),
            )
        user._ipsweb_role = role
    return user._ipsweb_role


def _role_of_groups(names) -> Role | None:
    names = set(names)
    return next((r for r in Role if r.value in names), None)


def is_admin(user) -> bool:
    return user_role(user) == Role.ADMIN
