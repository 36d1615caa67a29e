"""Setting up, checking and removing the second factor of a login (django-otp devices).

A user has at most one authenticator app (a TOTP device) and one set of recovery codes (a static
device with ten one-time codes). Wrong codes are throttled by django-otp on each device: after n
failures the next try must wait 2^(n-1) seconds.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
PENDING = "pending"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verification:
    device: TOTPDevice | StaticDevice | None
    wait_seconds: int = 0  # > 0: refused unchecked, too many wrong codes just now


def authenticator_start(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator that a set-up page shows (the same until confirmed)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": PENDING}
    )
    return device


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, code: str) -> Verification:
    """Confirm a new authenticator with a code it shows; it replaces any earlier one."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    wait = _wait_seconds(device)
    if wait or not device.verify_token(normalized(code)):
        return Verification(None, wait)
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.name = "authenticator"
    device.save()
    return Verification(device)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new one-time recovery codes; the earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes"}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def two_factor_verify(*, user, code: str) -> Verification:
    """Check a code from the authenticator app (six digits) or a recovery code (used up)."""
    code = normalized(code)
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices.select_for_update().order_by("pk"):
        if wait := _wait_seconds(device):
            return Verification(None, wait)
        if device.verify_token(code):
            return Verification(device)
    return Verification(None)


@transaction.atomic
def two_factor_remove(*, user, actor) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone, or turning it off)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log.warning("Two-factor login of user %s removed by user %s.", user.pk, actor.pk)


def normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _wait_seconds(device) -> int:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    left = details.get("locked_until", timezone.now()) - timezone.now()
    return max(1, int(left / datetime.timedelta(seconds=1)) + 1)
