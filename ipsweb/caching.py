"""Results of selectors kept in Django's cache (``CACHES``) until the data they read changes.

A selector opts in with ``@cached_selector("name")``; nothing else (views, forms, templates, the
auth backend) calls the cache. The key is the name, the arguments (a model instance, the user
too, counts by its primary key), the language and the day; the cache *version* is the data stamp.

The data stamp (``ipsweb.models.DataStamp``, one row) gets a new random value in the same
transaction as every write to data that cached selectors read: saves, deletes and many-to-many
changes of the auth, centers and reviews apps (signals, connected here and only here), except the
draft ratings and consensus scores saved on every keystroke of a review in progress, which no
cached selector reads. Services that write in bulk (no signals) call ``changed()`` themselves.

Each cached call reads the stamp first (one small query; once per request outside transactions),
then looks in the cache under it. Why this is never stale, in any process and inside transactions:

- The stamp and the data change in one transaction, so a committed change comes with a new
  stamp: a reader that sees the new data sees the new stamp too, and the stamp is read before the
  data, so a result is never stored under a stamp newer than the data it was computed from.
- Inside a transaction that wrote, reads see that transaction's own stamp, a random value no other
  transaction can see until commit: results computed there from uncommitted data are stored under
  it and found only there. Every write gives a new value, so a read after a later write in the same
  transaction computes afresh. A rollback (of the transaction or a savepoint) takes the stamp back
  with the data, and a rolled-back value is never used again (62 random bits), so what was stored
  under it is never found. The test suite, each test one transaction, runs with the cache on.
- A transaction that changed data holds the stamp row's lock until it ends: writes to watched data
  wait for each other (rating autosaves write no stamp and never wait).

Entries also expire after ``CACHES["default"]["TIMEOUT"]`` (a safety net for changes made outside
the application). A failing cache (Redis down) is logged and the selector computes its result.
"""

import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.apps import apps as global_apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from redis.exceptions import RedisError
from simple_history.models import HistoricalChanges

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

WATCHED_APPS = {"auth", "centers", "reviews", "qualitative"}
# Saved on every keystroke of a review in progress; no cached selector reads them.
UNWATCHED_MODELS = {"reviews.rating", "reviews.consensusscore"}
STAMP_ROW = 1
# What a cache that cannot be reached raises (Redis down): then selectors compute their result.
UNREACHABLE = (OSError, RedisError)
_MISSING = object()


def _stamp_model():
    return global_apps.get_model("ipsweb", "DataStamp")


def read_stamp() -> int:
    """The current data stamp; a missing row (a database flushed by tests, a restored backup) is
    created first.

    In a request and outside any transaction, read once: later cached calls of the request reuse
    it until this connection writes (see ``_RequestStamp``)."""
    memo = _request_stamp.get()
    if memo is not None:
        return memo
    stamps = _stamp_model().objects.filter(pk=STAMP_ROW).values_list("value", flat=True)
    value = stamps.first()
    if value is None:
        changed()
        value = stamps.first()
    _request_stamp.keep(value)
    return value


def changed() -> None:
    """Give the data stamp a new random value, within the current transaction if there is one."""
    _request_stamp.forget()
    model = _stamp_model()
    value = secrets.randbits(62)
    if not model.objects.filter(pk=STAMP_ROW).update(value=value):
        # No row yet: create it (another transaction may do so at the same moment, hence
        # ignore_conflicts), then set our value, which is new for every reader.
        model.objects.bulk_create([model(pk=STAMP_ROW, value=value)], ignore_conflicts=True)
        model.objects.filter(pk=STAMP_ROW).update(value=value)


class _RequestStamp:
    """The stamp read by the current request, kept on its database connection (one per thread).

    Only outside transactions: there every write commits at once and forgets it, so no rollback
    can take back a stamp kept here; inside a transaction every cached call reads the stamp.
    A change committed by another process during the request shows from the next request on, as
    if this request had come a moment earlier. Outside requests (commands, scripts, other
    processes in tests) nothing is kept."""

    def get(self) -> int | None:
        if connection.in_atomic_block:
            return None
        return getattr(connection, "ipsweb_stamp", None)

    def keep(self, value: int) -> None:
        if getattr(connection, "ipsweb_in_request", False) and not connection.in_atomic_block:
            connection.ipsweb_stamp = value

    def forget(self) -> None:
        connection.ipsweb_stamp = None

    def start(self, **kwargs) -> None:
        connection.ipsweb_in_request = True
        connection.ipsweb_stamp = None

    def finish(self, **kwargs) -> None:
        connection.ipsweb_in_request = False
        connection.ipsweb_stamp = None


_request_stamp = _RequestStamp()


def cached_selector(
    name: str, *, settings: tuple[str, ...] = ()
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Keep the selector's results in the cache until data changes (see the module docstring).

    ``settings`` names the settings the result depends on: their values are part of the key, so a
    restart with another value never finds results computed under the old one. Results are
    pickled: they must not hold open querysets, only evaluated data. The undecorated function
    stays reachable as ``.uncached``.
    """

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def cached(*args: P.args, **kwargs: P.kwargs) -> T:
            stamp = read_stamp()
            values = {setting: getattr(django_settings, setting) for setting in settings}
            key = cache_key(name, args, {**kwargs, "settings": values})
            try:
                value = cache.get(key, _MISSING, version=stamp)
            except UNREACHABLE:
                log.warning("The cache could not be read; computing %s.", name, exc_info=True)
                return function(*args, **kwargs)
            if value is _MISSING:
                value = function(*args, **kwargs)
                try:
                    cache.set(key, value, version=stamp)
                except UNREACHABLE:
                    log.warning("The cache could not store %s.", name, exc_info=True)
            return value

        cached.uncached = function
        return cached

    return decorate


def cache_key(name: str, args: tuple, kwargs: dict) -> str:
    """``name`` and a digest of the arguments, the language and the day (dates due and overdue
    depend on it)."""
    parts = (
        translation.get_language(),
        timezone.localdate().isoformat(),
        _key_part(args),
        _key_part(kwargs),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"selector:{name}:{digest}"


def _key_part(value):
    """A plain, deterministic form of an argument; a type without one is refused."""
    if value is None or isinstance(
        value, bool | int | float | str | decimal.Decimal | datetime.date
    ):
        return value
    if isinstance(value, enum.Enum):
        return _key_part(value.value)
    if isinstance(value, models.Model):
        return (value._meta.label_lower, value.pk)
    if getattr(value, "is_anonymous", False) is True:
        return ("anonymous",)
    if isinstance(value, tuple | list):
        return tuple(_key_part(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(repr(_key_part(item)) for item in value))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _key_part(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__qualname__,
            tuple(_key_part(getattr(value, f.name)) for f in dataclasses.fields(value)),
        )
    raise TypeError(f"A cached selector cannot be keyed by a {type(value).__name__}.")


# ---------------------------------------------------------------------------------------------
# Which writes change the stamp


def _watched(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in WATCHED_APPS
        and meta.label_lower not in UNWATCHED_MODELS
        # Not the models of data migrations (the stamp's table may not exist yet).
        and meta.apps is global_apps
        # Nor the audit trail's copies: the change they record is watched itself.
        and not issubclass(model, HistoricalChanges)
    )


def _on_save(sender, update_fields=None, **kwargs):
    if not _watched(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login; nothing a selector reads
    changed()


def _on_delete(sender, **kwargs):
    if _watched(sender):
        changed()


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_") and _watched(sender):
        changed()


def connect() -> None:
    """Listen to every save and delete (called once, from ``IpswebConfig.ready``)."""
    post_save.connect(_on_save, dispatch_uid="ipsweb.caching.save")
    post_delete.connect(_on_delete, dispatch_uid="ipsweb.caching.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="ipsweb.caching.m2m")
    request_started.connect(_request_stamp.start, dispatch_uid="ipsweb.caching.start")
    request_finished.connect(_request_stamp.finish, dispatch_uid="ipsweb.caching.finish")
