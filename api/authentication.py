"""How API requests say who they are: a personal token (``Authorization: Bearer ips_...``) or
the browser's session, which DRF checks for the CSRF token on writes."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api import selectors, services

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal API token in the Authorization header. A request that sends a token that is
    unknown, revoked or expired is refused (401), never treated as anonymous."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = selectors.token_for_secret(secret) if secret else None
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is unknown, revoked or expired."))
        services.token_used(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
