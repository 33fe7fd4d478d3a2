"""Per-user values that change rarely, read on every page: the role assignments and the unread-notification count.

- **Roles** are cached with the user's version (``user:<pk>:v``, see ``agenperubahan/cache_versions.py``): the entry
  ``user:<pk>:roles`` holds the version it was read under and is used only while that is the current one. Every
  write that can change what a user may see or do bumps it: a ``RoleAssignment`` saved or deleted, the ``User``
  row saved (name, ``is_staff``, ``is_superuser``, linked employee). The receivers are connected in
  ``OrganizationConfig.ready``; every write of these rows goes through ``save()``/``delete()`` (no bulk updates).
  The navbar fragment (``organization/chrome.py``) is keyed by the same version, so a change shows on the next page.
- **The unread count** (``user:<pk>:unread``) is dropped by every write of a notification (``notify``,
  ``mark_read``, ``mark_all_read``), at once and again on commit; one ``delete_many`` serves a notice to thousands.

The version is read once per request: it is kept on the ``User`` instance (one per request) and, for
``request.user`` (a lazy wrapper), on the wrapper too, so that ``User.role_assignments`` (which runs on the instance
itself) finds a version the page read with its other keys (``remember_version``; ``fragments.version_values(keys,
user=...)``). A bump through ``bump_user(user)`` with that instance forgets it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import LazyObject, empty

from agenperubahan import cache_versions

ROLES_SECONDS = 3600
UNREAD_SECONDS = 600
MEMO = "_user_cache_version"


def version_key(user_id: int) -> str:
    return f"user:{user_id}:v"


def unread_key(user_id: int) -> str:
    return f"user:{user_id}:unread"


def _instance(user):
    """The ``User`` behind ``request.user`` (a ``SimpleLazyObject``), or ``user`` itself."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def remember_version(user, version) -> None:
    """Keep a version read elsewhere in this request (with other keys, in one round trip) for the user's roles."""
    user.__dict__[MEMO] = version
    instance = _instance(user)
    if instance is not user:
        instance.__dict__[MEMO] = version


def known_version(user) -> int | None:
    """The user's version if this request has read it already, else None (no round trip). One read by the chrome
    (kept on ``request.user``) is passed on to the instance, where the role checks look."""
    memo = user.__dict__.get(MEMO)
    if memo is None:
        return _instance(user).__dict__.get(MEMO)
    remember_version(user, memo)
    return memo


def user_version(user) -> int:
    memo = user.__dict__.get(MEMO)
    if memo is None:
        instance = _instance(user)
        memo = instance.__dict__.get(MEMO)
        if memo is None:
            memo = cache_versions.current(version_key(user.pk))
        remember_version(user, memo)
    return memo


def bump_user(user_or_id) -> None:
    """Forget everything cached for this user (roles, navbar); the next page computes it afresh."""
    user_id = getattr(user_or_id, "pk", user_or_id)
    if user_id is None:
        return
    if hasattr(user_or_id, "__dict__"):
        user_or_id.__dict__.pop(MEMO, None)
        _instance(user_or_id).__dict__.pop(MEMO, None)
    cache_versions.bump_now_and_on_commit(version_key(user_id))


def roles_key(user_id: int) -> str:
    """The user's roles, kept as ``(version, rows)``: served only to a request that read that same version, so a
    page can fetch them together with the version, in one round trip (``fragments.version_values``)."""
    return f"user:{user_id}:roles"


def roles_wanted(user) -> str | None:
    """The key of the user's roles if this request has not read them yet (a page may fetch it with its own keys in
    one round trip and hand the entry to ``prime_roles``), else None."""
    if "role_assignments" in _instance(user).__dict__:
        return None
    return roles_key(user.pk)


def _rows_of(entry, version) -> list | None:
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return entry[1]
    return None


def prime_roles(user, entry) -> bool:
    """The roles' entry read with other keys (``roles_wanted``), after the user's version: when it was stored under
    that version, ``User.role_assignments`` uses its rows (True); an older or missing entry (None) is ignored
    (False)."""
    rows = _rows_of(entry, user_version(user))
    if rows is None:
        return False
    _instance(user).__dict__["role_assignments"] = rows
    return True


def role_assignments(user) -> list:
    """The user's active role assignments, from the cache when nothing changed since they were read."""
    from .models import RoleAssignment

    version = user_version(user)
    key = roles_key(user.pk)
    rows = _rows_of(cache.get(key), version)
    if rows is None:
        rows = list(RoleAssignment.objects.filter(user_id=user.pk, is_active=True))
        cache.set(key, (version, rows), ROLES_SECONDS)
    return rows


def unread_count(user) -> int:
    from notifications.models import Notification

    key = unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget_unread(user_ids: Iterable[int]) -> None:
    """Called by every write of notifications: now (this request sees it) and after commit (drops a count another
    request computed from the old rows while the transaction was open)."""
    keys = [unread_key(pk) for pk in set(user_ids)]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# --- receivers (connected in OrganizationConfig.ready) ---------------------------------------------------------

def on_role_assignment_change(sender, instance, **kwargs):
    bump_user(instance.user_id)


def on_user_change(sender, instance, **kwargs):
    bump_user(instance)
