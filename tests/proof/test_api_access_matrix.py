"""The API access matrix: every operation of the OpenAPI schema, as every demo role and anonymously, answers what
one table says (tests/proof/api_matrix.py, with each app's part in tests/<app>/api_matrix.py).

A new API operation without an entry fails ``test_every_api_operation_is_in_the_matrix``, so no endpoint ships
without a decided rule; an entry whose operation is gone fails it too. The page half is
tests/proof/test_access_matrix.py.
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from organization.models import User
from tests.conftest import DEMO_USERNAMES
from tests.proof.api_expect import ANON
from tests.proof.api_matrix import API_MATRIX

ROLES = [ANON, *DEMO_USERNAMES]
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def schema_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
            if method in HTTP_METHODS}


def test_every_api_operation_is_in_the_matrix():
    operations = schema_operations()
    missing = sorted(operations - set(API_MATRIX))
    stale = sorted(set(API_MATRIX) - operations)
    assert missing == [], (
        f"API operations without a rule: {missing}. Add each to tests/proof/api_matrix.py (or its app's "
        "tests/<app>/api_matrix.py) with its URL, a harmless body and the answer for every demo role (docs/api.md, "
        "\"Access matrix\").")
    assert stale == [], f"Entries of the API matrix whose operation is no longer in the schema: {stale}."


def _template_regex(path: str) -> re.Pattern:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)))


def _expected(entry: dict, role: str) -> int:
    return entry["expect"].get(role, entry["expect"]["*"])


def _client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _call(client: APIClient, method: str, url: str, entry: dict):
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    data = entry.get("data", {})
    data = data() if callable(data) else data
    return getattr(client, method)(url, data, format=entry.get("format", "json"))


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(API_MATRIX))
def test_each_role_gets_the_answer_the_api_matrix_says(operation, media_root):
    entry = API_MATRIX[operation]
    method, template = operation.split(" ", 1)
    method = method.lower()
    users = {u.username: u for u in User.objects.select_related("employee").filter(username__in=DEMO_USERNAMES)}
    url = entry["url"]()
    sees = entry.get("sees")
    seen_id = sees[0]() if sees else None
    failures = []
    for role in ROLES:
        if entry.get("per_role"):
            url = entry["url"]()
        assert _template_regex(template).fullmatch(url.split("?")[0]), f"{url} is not an URL of {template}"
        response = _call(_client(users.get(role)), method, url, entry)
        want, got = _expected(entry, role), response.status_code
        if got != want:
            failures.append(f"{role}: expected {want}, got {got} {getattr(response, 'data', '')!r}"[:300])
        elif sees and got == 200:
            listed = seen_id in _ids(response)
            should = sees[1] == "*" or role in sees[1]
            if listed != should:
                failures.append(f"{role}: the list {'lacks' if should else 'shows'} object {seen_id}")
        if response.streaming:  # read to the end: the test client then closes the file without closing the connection
            b"".join(response.streaming_content)
    assert failures == [], f"{operation} ({url}): " + "; ".join(failures)
