"""Who must log in with a second factor, and what a user has set up."""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from centers.roles import Role, user_role

ROLE_NAMES = {
    Role.ADMIN: "admin",
    Role.MANAGER: "manager",
    Role.REVIEWER: "reviewer",
    Role.RESEARCHER: "researcher",
}


def two_factor_required(user) -> bool:
    """Admins always; the roles in TWO_FACTOR_ROLES; nobody in TWO_FACTOR_EXEMPT_USERS."""
    if not user.is_authenticated or user.get_username() in settings.TWO_FACTOR_EXEMPT_USERS:
        return False
    role = user_role(user)
    return role == Role.ADMIN or ROLE_NAMES.get(role) in settings.TWO_FACTOR_ROLES


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
