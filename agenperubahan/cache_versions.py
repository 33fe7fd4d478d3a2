"""Version numbers kept in the cache, for entries that must disappear the moment their data changes.

A cached entry's key holds the version it was computed under; a write bumps the version, so the next read misses and
computes afresh (old entries simply expire). Used by the dashboards' figures and pages and the forums' per-user
counts. With several processes the cache must be shared (``CACHE_URL=redis://…``; ``check --deploy`` warns; ``make
run`` uses Redis or a file cache, see settings/development.py).

A bump writes a fresh random number rather than incrementing: ``incr`` on the file cache is a read then a write (two
processes bumping at once could land on the same number, and an entry computed between them would survive the
second change), and a version key the file cache culled would restart at 1, a number older entries were stored
under. A number never used before cannot bring back an old entry, whatever the backend.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction


def _fresh() -> int:
    return secrets.randbits(62)


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh(), timeout=None)
        version = cache.get(key)
        if version is None:  # evicted at once: compute under a number nobody else will use (a miss next time)
            version = _fresh()
    return version


def bump(key: str) -> None:
    cache.set(key, _fresh(), timeout=None)


def bump_now_and_on_commit(key: str) -> None:
    """Bump at once (readers in the same transaction see the change) and again when the transaction commits (drops
    what another request computed from the old data while the transaction was still open)."""
    bump(key)
    transaction.on_commit(lambda: bump(key))
