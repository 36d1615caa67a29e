"""The roles of ipsweb, kept as Django groups (created by a migration).

A user has at most one role. Superusers count as admins.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The name of the user's role group, read with the user (``centers.backends``).
ROLE_ANNOTATION = "role_group"


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MANAGER = "program manager", _("Program manager")
    REVIEWER = "reviewer", _("Reviewer")
    # Reads and codes the interview transcripts of the centers they belong to (qualitative).
    RESEARCHER = "researcher", _("Researcher")


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
    """The role of a user, kept on the user object for the length of a request (read with the user
    when it was loaded by ``centers.backends.ModelBackend``)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_ipsweb_role"):
        if user.is_superuser:
            role = Role.ADMIN
        elif hasattr(user, ROLE_ANNOTATION):
            # Used once: a role changed later in the request is read again (centers.services).
            name = getattr(user, ROLE_ANNOTATION)
            delattr(user, ROLE_ANNOTATION)
            role = Role(name) if name else None
        else:
            role = _role_of_groups(user.groups.values_list("name", flat=True))
        user._ipsweb_role = role
    return user._ipsweb_role


def forget_role(user) -> None:
    """Read the user's role again on its next use (after it changed)."""
    for name in ("_ipsweb_role", ROLE_ANNOTATION):
        if hasattr(user, name):
            delattr(user, name)


def _role_of_groups(names) -> Role | None:
    names = set(names)
    return next((r for r in Role if r.value in names), None)


def is_admin(user) -> bool:
    return user_role(user) == Role.ADMIN
