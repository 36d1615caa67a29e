"""Growing pauses after failed logins, for django-axes (AXES_COOLOFF_TIME, AXES_FAILURE_LIMIT).

Axes counts failures per client address and per username + address (never per username alone,
so nobody can lock an account for people at other addresses). After LOGIN_FAILURE_LIMIT failures
from an address, logging in from it pauses for LOGIN_PAUSE_MINUTES; from then on every further
failure pauses it again, each pause twice as long as the one before, up to
LOGIN_PAUSE_MAX_MINUTES. The address's record starts afresh after a successful login from it or
after a day without one.
"""

import datetime

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

MEMORY = datetime.timedelta(days=1)


def recent_failures(request: HttpRequest | None) -> int:
    """Failed logins from the request's address since its last successful login (at most a day)."""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        return 0
    since = timezone.now() - MEMORY
    last_success = AccessLog.objects.filter(ip_address=address).aggregate(Max("attempt_time"))
    if last_success["attempt_time__max"]:
        since = max(since, last_success["attempt_time__max"])
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gt=since).count()


def pause(request: HttpRequest | None = None) -> datetime.timedelta:
    """How long logging in from this address pauses after its latest failure (AXES_COOLOFF_TIME)."""
    first = datetime.timedelta(minutes=settings.LOGIN_PAUSE_MINUTES)
    longest = datetime.timedelta(minutes=settings.LOGIN_PAUSE_MAX_MINUTES)
    beyond_limit = recent_failures(request) - settings.LOGIN_FAILURE_LIMIT
    if beyond_limit <= 0:
        return first
    # Doubling without an overflow: 2**20 minutes is two years, well past any sensible maximum.
    return min(first * 2 ** min(beyond_limit, 20), longest)


def failure_limit(request: HttpRequest, credentials: dict | None = None) -> int:
    """Failures before a pause (AXES_FAILURE_LIMIT): the configured number at first, then one."""
    if recent_failures(request) >= settings.LOGIN_FAILURE_LIMIT:
        return 1
    return settings.LOGIN_FAILURE_LIMIT
