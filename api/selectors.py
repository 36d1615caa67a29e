"""Reads of API tokens."""

import hashlib

from django.db.models import QuerySet

from api.models import ApiToken


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token with this secret (with its user), or None: unknown, revoked or expired."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()
    return token if token is not None and token.is_usable else None


def tokens_of(user) -> QuerySet[ApiToken]:
    """A user's tokens, usable ones first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")
