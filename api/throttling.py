"""Requests per minute, counted per token (per user with a session; per address otherwise) in
Django's cache: shared by every process with CACHE_URL=redis://..."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from ipsweb.client_address import client_address


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read per request, so the setting can change without a restart of the class.
        return f"{settings.API_REQUESTS_PER_MINUTE}/min"

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            # The address as the login throttle reads it (TRUSTED_PROXY_COUNT), not DRF's guess.
            ident = f"address-{client_address(request._request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
