"""Every forum URL, as every demo role, answers what tests/forums/matrix.py says (the lead merges that table into
the project's access matrix)."""

import pytest

from forums.urls import urlpatterns
from tests.conftest import DEMO_USERNAMES

from .matrix import FORUM_MATRIX

pytestmark = pytest.mark.django_db


def test_every_forum_url_has_an_entry():
    names = {f"forums:{p.name}" for p in urlpatterns}
    assert names == set(FORUM_MATRIX)


@pytest.mark.parametrize("url_name", sorted(FORUM_MATRIX))
def test_each_role_gets_the_answer_the_table_says(url_name, client, django_user_model):
    entry = FORUM_MATRIX[url_name]
    url = entry["url"]({})
    method = entry.get("method", "get")
    failures = []
    for role in ["anonymous", *DEMO_USERNAMES]:
        client.logout()
        if role != "anonymous":
            client.force_login(django_user_model.objects.get(username=role))
        response = getattr(client, method)(url, entry.get("data", {}))
        want = entry["expect"].get(role, entry["expect"].get("*"))
        got = response.status_code
        ok = (got in (302, 401, 403) and (got != 302 or "/accounts/login/" in response["Location"])
              if want == "login" else got == want)
        if not ok:
            failures.append(f"{role}: expected {want}, got {got}")
    assert failures == [], f"{method.upper()} {url}: " + "; ".join(failures)
