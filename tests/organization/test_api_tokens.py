"""Issue 14: API tokens expire, are stored hashed, are listed and revoked by their owner, and die with the password
(django-rest-knox behind the same ``POST /api/v1/auth/token/`` and ``Authorization: Token …``)."""

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

PASSWORD = "demo-agen-2026"

pytestmark = pytest.mark.django_db


def take_token(username="agen.diskominfo", password=PASSWORD) -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_has_an_expiry_and_is_stored_only_as_a_digest():
    body = take_token()
    assert body["token"] and body["expiry"]
    stored = AuthToken.objects.get(user__username="agen.diskominfo")
    assert body["token"] not in (stored.digest, stored.token_key) and len(stored.digest) == 128
    assert stored.expiry > timezone.now() + dt.timedelta(hours=1)
    assert with_token(body["token"]).get("/api/v1/agencies/").status_code == 200


def test_an_expired_token_is_refused():
    token = take_token()["token"]
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert with_token(token).get("/api/v1/agencies/").status_code in (401, 403)


def test_the_owner_lists_and_revokes_their_tokens_but_not_anothers():
    first, second = take_token()["token"], take_token()["token"]
    theirs = take_token("agen.dinkes")["token"]
    client = with_token(first)
    listed = client.get("/api/v1/auth/tokens/").json()
    assert len(listed) == 2 and [t["current"] for t in listed].count(True) == 1
    assert all(first not in str(t) and second not in str(t) for t in listed)  # never the secret
    other_id = AuthToken.objects.get(user__username="agen.dinkes").token_key
    assert client.delete(f"/api/v1/auth/tokens/{other_id}/").status_code == 404
    assert with_token(theirs).get("/api/v1/agencies/").status_code == 200
    second_id = next(t["id"] for t in listed if not t["current"])
    assert client.delete(f"/api/v1/auth/tokens/{second_id}/").status_code == 204
    assert with_token(second).get("/api/v1/agencies/").status_code in (401, 403)
    assert client.get("/api/v1/agencies/").status_code == 200


def test_logout_revokes_the_current_token_and_logoutall_every_token():
    first, second = take_token()["token"], take_token()["token"]
    assert with_token(first).post("/api/v1/auth/logout/").status_code == 204
    assert with_token(first).get("/api/v1/agencies/").status_code in (401, 403)
    assert with_token(second).get("/api/v1/agencies/").status_code == 200
    third = take_token()["token"]
    assert with_token(second).post("/api/v1/auth/logoutall/").status_code == 204
    assert with_token(second).get("/api/v1/agencies/").status_code in (401, 403)
    assert with_token(third).get("/api/v1/agencies/").status_code in (401, 403)


def test_a_password_change_revokes_every_token(agen_diskominfo):
    token = take_token()["token"]
    agen_diskominfo.set_password("kata-sandi-baru-2026")
    agen_diskominfo.save()
    assert with_token(token).get("/api/v1/agencies/").status_code in (401, 403)
    assert not AuthToken.objects.filter(user=agen_diskominfo).exists()


def test_a_password_change_through_the_page_revokes_every_token(login, agen_diskominfo):
    from django.urls import reverse

    token = take_token()["token"]
    response = login(agen_diskominfo).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Kata-sandi-baru-2026!", "new_password2": "Kata-sandi-baru-2026!"})
    assert response.status_code == 302
    assert with_token(token).get("/api/v1/agencies/").status_code in (401, 403)


def test_saving_a_user_without_a_new_password_keeps_the_tokens(agen_diskominfo):
    token = take_token()["token"]
    agen_diskominfo.first_name = "Agen"
    agen_diskominfo.save()
    assert with_token(token).get("/api/v1/agencies/").status_code == 200
