"""Making, using and revoking personal API tokens."""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import two_factor_required
from api.models import ApiToken
from api.selectors import token_hash
from centers.roles import is_admin

TOKEN_START = "ips_"
PREFIX_LENGTH = 12  # "ips_" and 8 characters of the secret
# A token's last use is written at most this often, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def token_create(
    *, user, name: str, expires_on: datetime.date | None, second_factor_given: bool
) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret (to show once; only its hash is kept).

    A user whose role needs a second factor makes tokens only in a session where they gave it:
    a token skips the login, so it must not be easier to get than one.
    """
    if two_factor_required(user) and not second_factor_given:
        raise ValidationError(
            _("Log in with your second factor before you make an API token."), code="two_factor"
        )
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The last day cannot be in the past.")}, code="past")
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        key_hash=token_hash(secret),
        expires_on=expires_on,
    )
    token.full_clean()
    token.save()
    return token, secret


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token: its owner or an admin may. Revoking twice keeps the first time."""
    if actor.pk != token.user_id and not is_admin(actor):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_used(token: ApiToken) -> None:
    """Note that the token was used now (at most once a minute, so reads stay reads)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
