"""Per-user figures of the forums that every visit shows, cached: the unread counts (home panel, forum index) and
the home panel's latest topics.

Counting a user's unread topics reads every topic they may see: it grows with the city. The figures are cached per
user under two version numbers that the writes bump:

- the forums' *activity* version: any new post, hidden, deleted, restored, moved or retitled topic or post, a forum
  created or renamed (the counters in ``forums.services.counters`` run on each of them; the signal receivers in
  ``forums.signals`` catch writes made around the services, such as the admin, and renamed users);
- the user's *reading* version: they opened a topic further, or marked a forum read.

The key also holds what else the figures depend on: the forums the user reads (their roles) and the day they joined.
So a figure is never served after a change it depends on. A version is bumped at once and again when the
transaction commits, so a figure computed by another request from the data before the commit is not kept.

With several web processes the cache must be shared (``CACHE_URL=redis://…``, as docker-compose sets it): a
per-process memory cache would only see the bumps of its own process (``FORUM_CACHE_SECONDS`` bounds that).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

from agenperubahan.cache_versions import bump_now_and_on_commit

ACTIVITY_KEY = "forums:activity"
#: Reactions given or taken back anywhere (topic pages and their cached posts blocks, ``forums/topic_page.py``). Apart
#: from the activity version: a reaction changes no topic list, count or panel.
REACTIONS_KEY = "forums:reactions"

#: The tables whose every write (services, admin, ``bulk_create``, ``QuerySet.update()``, cascades) bumps a version,
#: through the database watcher of ``agenperubahan/data_versions.py`` (registered in ``ForumsConfig.ready``). The
#: services and signals below bump too; the watcher catches what goes around them. The readers' own tables (read
#: states, read marks, subscriptions) are per user: their services and signals bump ``reading_changed``.
WATCHED_TABLES = {
    "forums_forum": ACTIVITY_KEY, "forums_category": ACTIVITY_KEY, "forums_topic": ACTIVITY_KEY,
    "forums_post": ACTIVITY_KEY, "forums_attachment": ACTIVITY_KEY, "forums_reaction": REACTIONS_KEY,
}


def reader_version_key(user_id: int) -> str:
    """The user's reading version (their read states and read marks)."""
    return f"forums:reader:{user_id}"


def activity_changed() -> None:
    """Some topic's last post, visibility or forum changed: every cached count is stale."""
    bump_now_and_on_commit(ACTIVITY_KEY)


def reading_changed(user_id: int) -> None:
    """The user's read states or read marks changed: their cached counts are stale."""
    bump_now_and_on_commit(reader_version_key(user_id))


def versions(user, *extra: str) -> tuple:
    """The activity version and ``user``'s reading version (then the values of the ``extra`` version keys, e.g.
    ``REACTIONS_KEY``), in one cache round trip; the user's own version (roles) comes in it too when this request
    has not read it yet (``fragments.version_values``)."""
    from agenperubahan.fragments import version_values

    return tuple(version_values([ACTIVITY_KEY, reader_version_key(user.pk), *extra], user=user))


def timeout() -> int:
    return getattr(settings, "FORUM_CACHE_SECONDS", 600)


def cached(user, name: str, scope: Callable[[], str], compute: Callable[[], Any], *,
           known: tuple | None = None) -> Any:
    """``compute()`` for ``user``, whose readable forums are ``scope()``, cached until a version moves on. The
    versions are read with the user's own and their roles (``versions``), before ``scope()`` reads the roles;
    ``known``: the (activity, reading) versions when the caller read them already."""
    activity, reading = known or versions(user)
    key = f"forums:{name}:{user.pk}:{scope()}:{user.date_joined.timestamp()}:a{activity}:r{reading}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=getattr(settings, "FORUM_CACHE_SECONDS", 600))
    return value
