"""Badges shown beside a person's name (profile, forum posts), supplied by the apps above this one.

Organization and forums sit below the apps that know why someone deserves a badge (the role-model recognition of
``improvement``), so those apps register a provider here in their ``AppConfig.ready``; pages ask this module. A
provider returns ``{"users": {user id: badges}, "employees": {employee id: badges}}`` for everyone it knows of
(a small map, kept in the cache by the provider itself, so a page costs no query per row and usually none at all).
A badge is a ``(label, title)`` pair of plain strings (hashable: cached forum fragments are keyed by it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Badge = tuple[str, str]
_providers: list[Callable[[], dict[str, dict[int, tuple[Badge, ...]]]]] = []


def register(provider: Callable[[], dict[str, dict[int, tuple[Badge, ...]]]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


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
