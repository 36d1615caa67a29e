"""Caching what pages compute from the database, without ever serving it after a change.

Every committed change to data that pages compute from (any model of the auth, centers and reviews
apps, except the draft ratings and consensus scores no computed page reads) gives the data stamp
(``centers.DataStamp``, one row) a new random value. Results are cached under the stamp read in the
request, so the first request after a change computes afresh and later ones reuse that result
until the next change. Bulk writes send no signals: services that use them call ``changed()``.

Nothing is cached or read from the cache inside a transaction: a transaction that changed data
sees that change before the stamp does (the stamp changes once the transaction commits).

The cache is each process's own memory, holding the computed objects themselves (no copies:
they must not be changed once computed), only those of the latest stamp seen, at most
READ_CACHE_ENTRIES of them (the least recently used dropped first), each for at most TIMEOUT
seconds (a safety net for changes made outside the application). A stamp changed by one process
is read by every other from the database: one small query per request, made together with the
query for the logged-in user (``centers.backends``).
"""

import logging
import secrets
import threading
from collections.abc import Callable
from typing import TypeVar

from cachetools import TTLCache
from django.apps import apps as global_apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation
from simple_history.models import HistoricalChanges

log = logging.getLogger(__name__)

T = TypeVar("T")

# The annotation that carries the stamp on the logged-in user (read with the user, once).
USER_ATTRIBUTE = "data_stamp"
WATCHED_APPS = {"auth", "centers", "reviews"}
# Saved on every keystroke of a review in progress; no cached page reads them.
UNWATCHED_MODELS = {"reviews.rating", "reviews.consensusscore", "centers.datastamp"}
TIMEOUT = 600
_MISSING = object()
_lock = threading.Lock()
_cache: TTLCache | None = None
# The stamp of what the cache holds.
_stamp: int | None = None


def _store(stamp: int) -> TTLCache | None:
    """The cache for results under ``stamp`` (call with the lock held; None: caching is off).

    Made on first use with the configured size. A new stamp empties it: results of an earlier
    stamp are never asked for again, and large ones kept alive would only cost memory (and time
    in every garbage collection)."""
    global _cache, _stamp
    size = settings.READ_CACHE_ENTRIES
    if not size:
        return None
    if _cache is None or _cache.maxsize != size:
        _cache = TTLCache(maxsize=size, ttl=TIMEOUT)
    if stamp != _stamp:
        _cache.clear()
        _stamp = stamp
    return _cache


def clear() -> None:
    """Forget everything (for tests: each test starts with an empty cache)."""
    with _lock:
        if _cache is not None:
            _cache.clear()


def _stamp_model():
    from centers.models import DataStamp

    return DataStamp


def stamp_subquery() -> Subquery:
    """The stamp as a subquery, to read it in the same query as something else."""
    return Subquery(_stamp_model().objects.filter(pk=1).values("value")[:1])


def read_stamp() -> int | None:
    """The current stamp (None when its row is missing: then nothing is cached)."""
    return _stamp_model().objects.filter(pk=1).values_list("value", flat=True).first()


def stamp_for(user) -> int | None:
    """The stamp read with ``user`` at the start of the request (read now if it was not)."""
    stamp = getattr(user, USER_ATTRIBUTE, _MISSING)
    if stamp is _MISSING:
        stamp = read_stamp()
        if user is not None and user.is_authenticated:
            setattr(user, USER_ATTRIBUTE, stamp)
    return stamp


def remember(name: str, parts: tuple, compute: Callable[[], T], *, stamp: int | None) -> T:
    """``compute()``, or what it gave before under the same ``stamp``, ``name``, ``parts`` (a
    hashable tuple that identifies the result: user, filters...) and language."""
    if stamp is None or connection.in_atomic_block:
        return compute()
    key = (name, stamp, translation.get_language(), parts)
    with _lock:
        store = _store(stamp)
        value = _MISSING if store is None else store.get(key, _MISSING)
    if store is None:
        return compute()
    if value is _MISSING:
        value = compute()
        with _lock:
            # Only if no newer stamp emptied the cache meanwhile.
            if _stamp == stamp:
                store[key] = value
    return value


def remember_for(user, name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``remember`` for what ``user`` sees (their scope and permissions) today (due dates)."""
    return remember(name, (user.pk, timezone.localdate(), *parts), compute, stamp=stamp_for(user))


def changed() -> None:
    """Give the stamp a new value once the current transaction commits (at once outside one)."""
    if connection.in_atomic_block and any(
        entry[1] is _new_stamp for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_new_stamp, robust=True)


def _new_stamp() -> None:
    model = _stamp_model()
    value = secrets.randbits(62)
    if not model.objects.filter(pk=1).update(value=value):
        try:
            model.objects.get_or_create(pk=1, defaults={"value": value})
        except IntegrityError:
            # Another request created it at the same moment: its value is new too.
            log.info("The data stamp was created by another request.")


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
        return  # a login; nothing a page computes
    changed()


def _on_delete(sender, **kwargs):
    if _watched(sender):
        changed()


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_") and _watched(sender):
        changed()


def connect() -> None:
    """Listen to every save and delete (called once, from ``CentersConfig.ready``)."""
    post_save.connect(_on_save, dispatch_uid="ipsweb.readcache.save")
    post_delete.connect(_on_delete, dispatch_uid="ipsweb.readcache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="ipsweb.readcache.m2m")
