"""The dashboards' cache: figures are kept per scope and filters under a version number.

Every change to the data the figures are made of bumps the version (``bump_version``, called by the signal
receivers in ``dashboards.signals``), so the next request computes fresh figures: a new approval shows at once.
Figures also expire after ``DASHBOARD_CACHE_SECONDS`` because some of them depend on today's date (terms that run
out, the last twelve months of changes, the last twelve weeks of forum posts).

With several web processes the cache must be shared (``CACHE_URL=redis://…``): a per-process memory cache would
only be invalidated in the process that saw the change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from agenperubahan import cache_versions

VERSION_KEY = "dashboards:version"
#: The shape of the cached figures: raised when the figures gain or lose a key (2: "glance", the first screen), so
#: a deploy never reads figures cached by the previous code.
SCHEMA = 2


def current_version() -> int:
    return cache_versions.current(VERSION_KEY)


def bump_version() -> None:
    """Invalidate every cached dashboard now, and once more when the current transaction commits; then have the
    figures computed again in the background (warming.py), not by the next visitor."""
    from django.db import transaction

    from .warming import queue_after_write

    cache_versions.bump_now_and_on_commit(VERSION_KEY)
    transaction.on_commit(queue_after_write)


def cache_key(*parts, version: int | None = None) -> str:
    """``version``: the figures' version if the caller read it already (with other keys, in one round trip)."""
    version = current_version() if version is None else version
    return f"dashboards:figures:s{SCHEMA}:v{version}:" + ":".join(str(p) for p in parts)


def cached(parts: tuple, compute: Callable[[], dict]) -> dict:
    key = cache_key(*parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=getattr(settings, "DASHBOARD_CACHE_SECONDS", 900))
    return value
