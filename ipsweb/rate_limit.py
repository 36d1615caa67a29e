"""Counting requests per key in fixed windows, in Django's cache (for password-reset mails).

The counts live in the default cache: with a cache per process (the default local-memory cache)
each process counts on its own, so N processes allow up to N times the limit; a shared cache
(Redis, Memcached) makes the limit exact.
"""

import hashlib

from django.core.cache import cache


def within_limit(kind: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one more request for ``key``; True while the window holds at most ``limit``."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"rate-limit:{kind}:{seconds}:{digest}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # Expired between add and incr: this request opens a new window.
        cache.add(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit
