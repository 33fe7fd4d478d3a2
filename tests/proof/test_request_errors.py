"""Issue 14: what a request gets wrong is a 400/409/413 with a message, never a 500.

- a number too large for the database in a list filter (pages and API);
- a period that is not a number in the eligibility panel;
- two people writing at once on SQLite ("database is locked");
- bodies over the caps (form/JSON 2 MB, multipart MAX_REQUEST_MB, 1,000 fields).
"""

import pytest
from django.db import OperationalError
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"
PAGES = [("organization:employee_list", "agency"), ("agents:nomination_list", "agency"),
         ("agents:nomination_list", "period"), ("agents:project_list", "agency")]
API = [("/api/v1/agents/", "agency"), ("/api/v1/agents/", "period"), ("/api/v1/employees/", "agency"),
       ("/api/v1/nominations/", "period"), ("/api/v1/projects/", "agency")]


@pytest.fixture
def quiet_client(client, admin_user):
    client.raise_request_exception = False
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("url_name, param", PAGES)
def test_an_oversized_number_in_a_page_filter_is_not_a_server_error(quiet_client, url_name, param):
    response = quiet_client.get(reverse(url_name), {param: BIG})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "terlalu besar" in response.content.decode()


@pytest.mark.parametrize("url, param", API)
def test_an_oversized_number_in_an_api_filter_is_not_a_server_error(admin_user, url, param):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(admin_user)
    response = client.get(url, {param: BIG})
    assert response.status_code in (200, 400)
    if response.status_code == 400:  # the filter's own field error, or the general message
        body = response.json()
        assert param in body or "terlalu besar" in body["detail"]


def test_a_period_that_is_not_a_number_leaves_the_eligibility_panel_empty(login, operator_diskominfo):
    client = login(operator_diskominfo)
    client.raise_request_exception = False
    for period in ("abc", "1.5", BIG, "-1"):
        response = client.get(reverse("agents:eligibility"), {"candidate": "1", "period": period})
        assert response.status_code == 200, period


def test_a_locked_sqlite_database_answers_409_on_pages_and_in_the_api(login, api, tim_rb, monkeypatch):
    from agents import services

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "nomination_approve", locked)
    from tests.agents.matrix import nomination

    endorsed = nomination("endorsed")
    client = login(tim_rb)
    client.raise_request_exception = False
    page = client.post(reverse("agents:nomination_action", args=[endorsed.pk, "approve"]),
                       {"approve-decree_number": "800/1/2026", "approve-decree_date": "2026-12-01"})
    assert page.status_code == 409 and "Muat ulang halaman" in page.content.decode()
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(tim_rb)
    response = client.post(f"/api/v1/nominations/{endorsed.pk}/approve/",
                           {"decree_number": "800/1/2026", "decree_date": "2026-12-01"}, format="json")
    assert response.status_code == 409 and "orang lain" in response.json()["detail"]


def test_a_json_body_over_the_cap_is_refused_before_it_is_read(api, agen_diskominfo):
    client = APIClient()
    client.force_authenticate(agen_diskominfo)
    response = client.post("/api/v1/posts/", data='{"body": "' + "a" * (3 * 1024 * 1024) + '"}',
                           content_type="application/json")
    assert response.status_code == 413 and "terlalu besar" in response.json()["detail"]


def test_a_form_over_the_cap_or_with_too_many_fields_gets_a_message(login, agen_diskominfo):
    client = login(agen_diskominfo)
    client.raise_request_exception = False
    big = client.post(reverse("forums:preview"), {"body": "a" * (3 * 1024 * 1024)})
    assert big.status_code == 413 and "Kiriman terlalu besar" in big.content.decode()
    many = client.post(reverse("forums:preview"), {f"f{i}": "x" for i in range(1100)})
    assert many.status_code == 400 and "terlalu banyak isian" in many.content.decode().lower()


def test_a_multipart_upload_over_the_request_cap_is_refused(login, operator_diskominfo, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_REQUEST_MB = 1
    client = login(operator_diskominfo)
    response = client.post(reverse("organization:import_start"),
                           {"file": SimpleUploadedFile("a.csv", b"x" * (2 * 1024 * 1024), content_type="text/csv")})
    assert response.status_code == 413
