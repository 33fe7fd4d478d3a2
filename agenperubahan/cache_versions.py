"""Version numbers kept in the cache, for entries that must disappear the moment their data changes.

A cached entry's key holds the version it was computed under; a write bumps the version, so the next read misses and
computes afresh (old entries simply expire). Used by the dashboards' figures and pages and the forums' per-user
counts. With several web processes the cache must be shared (``CACHE_URL=redis://…``; ``check --deploy`` warns).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return version


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # the key is gone (cache cleared or evicted): start again; old entries had other versions
        cache.add(key, 1, timeout=None)
        cache.incr(key)


def bump_now_and_on_commit(key: str) -> None:
    """Bump at once (readers in the same transaction see the change) and again when the transaction commits (drops
    what another request computed from the old data while the transaction was still open)."""
    bump(key)
    transaction.on_commit(lambda: bump(key))
