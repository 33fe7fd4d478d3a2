"""Issue 14: personal pages, API answers and exports are never stored by a shared cache; the API schema and its
Swagger UI are for signed-in users only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def test_a_signed_in_users_pages_are_private_and_not_stored(login, agen_diskominfo):
    client = login(agen_diskominfo)
    for url in (reverse("home"), reverse("forums:index"), reverse("notifications:index")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url


def test_exports_are_private_and_not_stored(login, tim_rb):
    response = login(tim_rb).get(reverse("agents:agent_export", args=["csv"]))
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_api_answers_to_a_token_are_private(api, agen_diskominfo, client):
    from rest_framework.test import APIClient

    from tests.proof.tokens import token_for

    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token_for(agen_diskominfo)}")
    response = c.get("/api/v1/notifications/")
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_the_api_schema_and_swagger_ui_need_sign_in(client, login, agen_diskominfo):
    assert client.get("/api/schema/").status_code in (401, 403)
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]
    signed_in = login(agen_diskominfo)
    assert signed_in.get("/api/schema/").status_code == 200
    assert signed_in.get("/api/docs/").status_code == 200
