"""One version per app's data, bumped by every write to the app's tables: what cached page fragments are keyed by.

A cached fragment (``agenperubahan/fragments.py``) must change the moment the rows it shows change. Writes reach the
tables through services, admin forms, the API, ``bulk_create``/``bulk_update``, ``QuerySet.update()``/``delete()``,
cascades and imports; signals miss half of these. So the bump lives in ONE place below the ORM: a database
execute wrapper (installed on every connection, ``install``) looks at each statement and, for an ``INSERT``,
``UPDATE`` or ``DELETE`` on a table of a tracked app, bumps that app's version

- at once, at every such statement (a read later in the same request or transaction sees the change), and
- again when the transaction commits (drops what another request cached from the old rows meanwhile), registered
  once per transaction and key. Reads (``SELECT``) cost a string check.

Tracked: ``agents``, ``organization``, ``evaluations``, ``improvement`` (weak values, plans, recognition: written by
publications and people's own actions, never on a page view); other apps name single tables and the version key each
bumps (``track_tables``: the forums, whose caches have their own versions, see ``forums/cache.py``). Not bumping:
tables whose writes never change what a cached page shows but happen all the time (``organization_user``:
``last_login`` at every sign-in; who a user is and what they may see is in the user's own version,
``organization/user_cache.py``; import job progress).
"""

from __future__ import annotations

import functools
import logging
import re

from django.apps import apps
from django.db import transaction

from . import cache_versions

logger = logging.getLogger(__name__)

TRACKED_APPS = ("agents", "organization", "evaluations", "improvement")
IGNORED_TABLES = frozenset({
    "organization_user", "organization_historicaluser", "organization_user_groups",
    "organization_user_user_permissions", "organization_importjob",
})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)', re.IGNORECASE)


def key(app_label: str) -> str:
    """The version key of an app's data, e.g. ``data:agents:v``."""
    return f"data:{app_label}:v"


AGENTS = key("agents")
ORGANIZATION = key("organization")
EVALUATIONS = key("evaluations")
IMPROVEMENT = key("improvement")


_extra_tables: dict[str, str] = {}


def track_tables(tables: dict[str, str]) -> None:
    """Bump ``tables[table]`` (a version key) on every write to ``table``, like an app's data version (called from
    an ``AppConfig.ready``)."""
    _extra_tables.update(tables)
    _tables.cache_clear()


@functools.cache
def _tables() -> dict[str, str]:
    found = dict(_extra_tables)
    for label in TRACKED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in IGNORED_TABLES:
                found[table] = key(label)
    return found


def _bump(version_key: str) -> None:
    try:
        cache_versions.bump(version_key)
    except Exception:  # the cache is down: nothing cached can be read either; never fail the write for it
        logger.warning("could not bump %s", version_key, exc_info=True)


def _on_commit_pending(connection, version_key: str) -> bool:
    return any(getattr(entry[1], "data_version_key", None) == version_key for entry in connection.run_on_commit)


def _after_write(connection, version_key: str) -> None:
    _bump(version_key)  # every write: a read later in this transaction must not meet a fragment of before it
    if not connection.in_atomic_block or _on_commit_pending(connection, version_key):
        return  # autocommit: the statement is already committed

    def again():
        _bump(version_key)

    again.data_version_key = version_key
    transaction.on_commit(again, using=connection.alias)


class _Watcher:
    """The execute wrapper: the statement runs first; a failed statement bumps nothing."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        head = sql[:7].lstrip().upper() if isinstance(sql, str) else ""
        if head.startswith(("INSERT", "UPDATE", "DELETE")):
            match = _WRITE.match(sql)
            version_key = match and _tables().get(match.group(1))
            if version_key:
                _after_write(self.connection, version_key)
        return result


def install(sender=None, connection=None, **kwargs) -> None:
    """Receiver of ``connection_created``: puts the watcher on the connection (once per connection wrapper)."""
    if connection is None:
        return
    if not any(isinstance(w, _Watcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_Watcher(connection))
