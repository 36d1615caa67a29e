"""The address of the client behind a request, for throttling (logins, password resets).

Behind a TLS-terminating proxy every request comes from the proxy's address (REMOTE_ADDR), so
throttling on it would throttle everyone at once. With TRUSTED_PROXY_COUNT = N, the client is the
N-th address from the right of X-Forwarded-For: each trusted proxy appends the address it received
the request from, and anything further left was written by the client and may be forged. With the
default 0 the header is ignored, since without a proxy anyone can send it.
"""

import ipaddress

from django.conf import settings
from django.core import checks
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Did not pass through all the proxies (or they did not say where it came from).
        return remote
    return _valid(forwarded[-count]) or remote


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def check_proxy_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Deployment check: a TLS proxy in front (SECURE_PROXY_SSL_HEADER) without
    TRUSTED_PROXY_COUNT makes every client look like the proxy to the login throttle."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            checks.Warning(
                "SECURE_PROXY_SSL_HEADER is on but TRUSTED_PROXY_COUNT is 0: behind the proxy "
                "every client has the proxy's address, so the login throttle pauses everyone "
                "together.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append the client's "
                "address to X-Forwarded-For (usually 1).",
                id="ipsweb.W001",
            )
        ]
    return []
