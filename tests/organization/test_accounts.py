import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "demo-agen-2026"


def test_a_demo_user_signs_in_and_lands_on_home(client):
    response = client.post(reverse("login"), {"username": "tim.rb", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.context["user"].username == "tim.rb"
    assert "Selamat datang" in response.content.decode()


def test_a_wrong_password_shows_a_clear_message(client):
    response = client.post(reverse("login"), {"username": "tim.rb", "password": "salah"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_login_is_locked_after_five_failures_with_a_clear_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post(reverse("login"), {"username": "sekda", "password": "salah"}, REMOTE_ADDR="10.9.8.7")
    response = client.post(reverse("login"), {"username": "sekda", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_password_reset_sends_an_email(client):
    client.post(reverse("password_reset"), {"email": "admin@agenperubahan.local"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("organization:employee_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_api_token_is_issued_for_valid_credentials_only(api):
    client = api()
    ok = client.post("/api/v1/auth/token/", {"username": "sekda", "password": PASSWORD}, format="json")
    assert ok.status_code == 200 and ok.json()["token"]
    bad = client.post("/api/v1/auth/token/", {"username": "sekda", "password": "x"}, format="json")
    assert bad.status_code == 400
    authed = api()
    authed.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert authed.get("/api/v1/agencies/").status_code == 200


def test_api_requires_authentication(api):
    assert api().get("/api/v1/employees/").status_code in (401, 403)


def test_openapi_schema_and_swagger_ui_are_served(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert 'lang="en"' in response.content.decode()


def test_only_tim_rb_may_change_agencies_through_the_api(api, tim_rb, operator_diskominfo, diskominfo):
    url = f"/api/v1/agencies/{diskominfo.pk}/"
    assert api(operator_diskominfo).patch(url, {"abbreviation": "X"}, format="json").status_code == 403
    assert api(tim_rb).patch(url, {"abbreviation": "Diskominfo"}, format="json").status_code == 200


def test_agency_validity_dates_are_checked(api, tim_rb, diskominfo):
    url = f"/api/v1/agencies/{diskominfo.pk}/"
    bad = api(tim_rb).patch(url, {"valid_from": "2026-01-01", "valid_until": "2025-01-01"}, format="json")
    assert bad.status_code == 400
    assert "valid_until" in bad.json()


def test_the_portal_speaks_indonesian_even_to_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.content.decode()


def test_the_menu_groups_an_apps_entries_into_one_dropdown(login, tim_rb):
    from organization.navigation import items_for

    items = {i["label"]: i for i in items_for(tim_rb)}
    assert len(items["Agen perubahan"]["children"]) >= 3
    assert "dropdown-menu" in login(tim_rb).get(reverse("home")).content.decode()
