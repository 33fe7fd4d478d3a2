"""A malformed session cookie is no session: never a server error (PostgreSQL refuses a NUL in a query)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookie", ["abcdefgh\x00ijklmnop", "ABCDEFGH-not-ours", "x" * 41])
def test_a_malformed_session_cookie_answers_like_no_session(client, cookie):
    client.cookies["sessionid"] = cookie
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_real_session_still_signs_in(login, tim_rb):
    assert login(tim_rb).get(reverse("home")).status_code == 200
