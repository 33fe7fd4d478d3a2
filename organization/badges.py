"""Badges shown beside a person's name (profile, forum posts), supplied by the apps above this one.

Organization and forums sit below the apps that know why someone deserves a badge (the role-model recognition of
``improvement``), so those apps register a provider here in their ``AppConfig.ready``; pages ask this module. A
provider returns ``{"users": {user id: badges}, "employees": {employee id: badges}}`` for everyone it knows of
(a small map, kept in the cache by the provider itself, so a page costs no query per row and usually none at all).
A badge is a ``(label, title)`` pair of plain strings (hashable: cached forum fragments are keyed by it).

A provider that keeps its map under version keys (``agenperubahan/cache_versions.py``) names them when it registers:
the badges are then a function of those versions, the day (a term ends at midnight) and the language, and a page
cached by what it shows may key by ``version_keys()`` and the day instead of reading the badges on every visit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Badge = tuple[str, str]
_providers: list[Callable[[], dict[str, dict[int, tuple[Badge, ...]]]]] = []
_version_keys: list[str] = []
_unversioned: list = []


def register(provider: Callable[[], dict[str, dict[int, tuple[Badge, ...]]]], *, versions: Iterable[str] = ()) -> None:
    if provider not in _providers:
        _providers.append(provider)
        if not versions:
            _unversioned.append(provider)
    _version_keys.extend(key for key in versions if key not in _version_keys)


def version_keys() -> tuple[str, ...] | None:
    """The version keys the badges depend on (besides the day and the language), or None when a provider named
    none (its badges can only be read)."""
    return None if _unversioned else tuple(_version_keys)


def _lookup(kind: str, ids: Iterable[int | None]) -> dict[int, tuple[Badge, ...]]:
    wanted = {i for i in ids if i is not None}
    out: dict[int, tuple[Badge, ...]] = {}
    if not wanted:
        return out
    for provider in _providers:
        for key, badges in provider().get(kind, {}).items():
            if key in wanted and badges:
                out[key] = out.get(key, ()) + tuple(badges)
    return out


def for_users(user_ids: Iterable[int | None]) -> dict[int, tuple[Badge, ...]]:
    return _lookup("users", user_ids)


def for_employees(employee_ids: Iterable[int | None]) -> dict[int, tuple[Badge, ...]]:
    return _lookup("employees", employee_ids)
