"""The user's version is read once per request even through ``request.user`` (a lazy wrapper): a version read with a
page's other keys (``fragments.version_values(keys, user=...)``) serves the role checks, which run on the ``User``
instance itself (issue 19: one cache round trip less per page)."""

from __future__ import annotations

import pytest
from django.utils.functional import SimpleLazyObject

from agenperubahan import cache_versions, data_versions, fragments
from organization import user_cache
from organization.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def _counting(monkeypatch) -> list:
    reads = []
    original = cache_versions.current

    def current(key):
        reads.append(key)
        return original(key)

    monkeypatch.setattr(cache_versions, "current", current)
    return reads


def test_a_version_read_with_the_pages_keys_serves_the_role_checks(agen_diskominfo, monkeypatch):
    lazy = SimpleLazyObject(lambda: User.objects.get(pk=agen_diskominfo.pk))
    fragments.version_values((data_versions.AGENTS,), user=lazy)
    reads = _counting(monkeypatch)
    assert lazy.has_role(Role.AGEN)
    assert user_cache.user_version(lazy) == user_cache.user_version(lazy._wrapped)
    assert reads == []


def test_a_role_change_still_shows_on_the_next_request(agen_diskominfo, diskominfo):
    def request_user():
        return SimpleLazyObject(lambda: User.objects.get(pk=agen_diskominfo.pk))

    first = request_user()
    fragments.version_values((data_versions.AGENTS,), user=first)
    assert not first.has_role(Role.OPERATOR)
    RoleAssignment.objects.create(user=agen_diskominfo, role=Role.OPERATOR, agency=diskominfo)
    second = request_user()
    fragments.version_values((data_versions.AGENTS,), user=second)
    assert second.has_role(Role.OPERATOR)


def test_roles_fetched_with_the_home_panels_are_the_users_own(agen_diskominfo, operator_diskominfo, login):
    """The home page reads the roles with the chrome's keys (``roles_wanted``/``prime_roles``): each reader gets theirs."""
    for user, label, other in ((agen_diskominfo, "Agen", "Operator"), (operator_diskominfo, "Operator", "Agen")):
        client = login(user)
        client.get("/")
        roles = client.get("/").content.decode().split("Peran Anda", 1)[1].split("</p>", 1)[0]
        assert label in roles and other not in roles


def test_roles_come_with_the_version_and_an_entry_of_an_older_version_is_never_used(agen_diskominfo, diskominfo):
    from django.core.cache import cache

    first = User.objects.get(pk=agen_diskominfo.pk)
    fragments.version_values((data_versions.AGENTS,), user=first)
    assert first.has_role(Role.AGEN) and not first.has_role(Role.OPERATOR)  # stores (version, roles)
    old_version, _rows = cache.get(user_cache.roles_key(agen_diskominfo.pk))
    assert old_version == user_cache.user_version(first)

    # The next request reads the roles with the version: no read of its own for them.
    second = User.objects.get(pk=agen_diskominfo.pk)
    fragments.version_values((data_versions.AGENTS,), user=second)
    assert "role_assignments" in second.__dict__  # primed from the entry read with the version
    assert second.has_role(Role.AGEN)

    # A role given: the entry still in the cache was stored under the old version and is not used.
    RoleAssignment.objects.create(user=agen_diskominfo, role=Role.OPERATOR, agency=diskominfo)
    assert cache.get(user_cache.roles_key(agen_diskominfo.pk))[0] == old_version
    third = User.objects.get(pk=agen_diskominfo.pk)
    fragments.version_values((data_versions.AGENTS,), user=third)
    assert third.has_role(Role.OPERATOR)
    assert cache.get(user_cache.roles_key(agen_diskominfo.pk))[0] == user_cache.user_version(third) != old_version
