"""The access matrix: every URL pattern, as every demo role, answers what one table says.

A new view without an entry here fails ``test_every_url_pattern_is_in_the_matrix``, so no page ships without a
decided rule. Codes: 200 allowed (or 302 for a redirect after an allowed action), 403 in scope but not allowed,
404 out of scope, "login" redirect to the login page for anonymous users.

The API's operations (the "api/" prefix skipped here) have their own table, built from the OpenAPI schema:
tests/proof/test_api_access_matrix.py and tests/proof/api_matrix.py.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import DEMO_USERNAMES
from tests.proof.matrix import MATRIX, SKIPPED_PREFIXES, build_objects

pytestmark = pytest.mark.django_db

ANON = "anonymous"


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name


def all_named_routes():
    routes = {}
    for route, name in walk(get_resolver().url_patterns):
        if any(route.startswith(s) for s in SKIPPED_PREFIXES) or not name:
            continue
        routes[name] = route
    return routes


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(all_named_routes()) - set(MATRIX))
    assert missing == [], f"Add these URL names to tests/proof/matrix.py with their expected answers: {missing}"


def _expected(entry, role):
    expect = entry["expect"]
    return expect.get(role, expect.get("*"))


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_the_answer_the_matrix_says(url_name, client, django_user_model):
    entry = MATRIX[url_name]
    objects = build_objects()
    url = entry["url"](objects)
    method = entry.get("method", "get")
    data = entry.get("data", {})
    data = data() if callable(data) else data
    failures = []
    for role in [ANON, *DEMO_USERNAMES]:
        client.logout()
        if role != ANON:
            client.force_login(django_user_model.objects.get(username=role))
        response = getattr(client, method)(url, data, **({"content_type": "application/json"}
                                                        if entry.get("json") else {}))
        want = _expected(entry, role)
        got = response.status_code
        if want == "login":
            ok = got in (302, 401, 403) and (got != 302 or "/accounts/login/" in response["Location"])
        elif isinstance(want, (set, tuple, list)):
            ok = got in want
        else:
            ok = got == want
        if not ok:
            failures.append(f"{role}: expected {want}, got {got}")
    assert failures == [], f"{method.upper()} {url}: " + "; ".join(failures)
