"""A small fixed-window rate limit in the cache (shared by every web worker when the cache is Redis)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one request for ``key`` in ``scope``; False once more than ``limit`` came within ``window`` seconds.

    The key is hashed: e-mail addresses are not kept in the cache in clear.
    """
    if limit <= 0:
        return True
    name = f"ratelimit:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window)
        count = 1
    return count <= limit
