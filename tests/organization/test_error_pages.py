"""Designed error pages: Indonesian with lang="id", the navigation for a signed-in user, and a way back (DEBUG=False,
as in the test settings)."""

import pytest
from django.urls import include, path, reverse

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("kesalahan uji")


# For the 500 test only: the portal's URLs plus a view that fails (handler500 is Django's, rendering 500.html).
urlpatterns = [path("boom/", _boom), path("", include("agenperubahan.urls"))]


def assert_designed(response, status: int, *phrases: str, nav: bool):
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="id">' in html
    assert f'data-status="{status}"' in html
    assert 'href="/"' in html, "no way back to the home page"
    for phrase in phrases:
        assert phrase in html
    assert ("Keluar" in html) is nav, "the user menu (navigation) should show exactly when someone is signed in"
    assert "Forbidden" not in html and "Not Found" not in html


def test_a_pegawai_who_opens_a_restricted_page_gets_the_indonesian_403_with_the_navigation(login, pegawai_diskominfo):
    response = login(pegawai_diskominfo).get(reverse("organization:employee_list"))
    assert_designed(response, 403, "Akses ditolak", "Kembali ke beranda", nav=True)


def test_a_403_with_a_reason_says_it(login, pegawai_diskominfo):
    response = login(pegawai_diskominfo).get(reverse("forums:moderation"))
    assert_designed(response, 403, "Halaman ini khusus moderator forum.", nav=True)


def test_a_missing_page_is_an_indonesian_404_with_the_navigation(login, pegawai_diskominfo):
    response = login(pegawai_diskominfo).get("/tidak-ada/")
    assert_designed(response, 404, "Halaman tidak ditemukan", nav=True)


def test_an_anonymous_visitor_gets_a_404_with_a_sign_in_link(client):
    response = client.get("/tidak-ada/")
    assert_designed(response, 404, "Halaman tidak ditemukan", reverse("login"), nav=False)


def test_a_bad_request_is_an_indonesian_400(client):
    response = client.get("/", HTTP_HOST="bukan-host-kami.example")
    assert_designed(response, 400, "Permintaan tidak dapat diproses", nav=False)


def test_a_csrf_failure_explains_the_expired_form_in_indonesian(client, pegawai_diskominfo):
    client.force_login(pegawai_diskominfo)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("notifications:preferences"), {})
    assert_designed(response, 403, "Formulir kedaluwarsa", "Muat ulang halaman", nav=True)


@pytest.mark.urls(__name__)
def test_a_server_error_is_an_indonesian_500_that_needs_no_database(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="id">' in html and 'data-status="500"' in html
    assert "Terjadi kesalahan di server" in html and 'href="/"' in html
    assert "Server Error" not in html


def test_the_lockout_page_is_indonesian_with_a_way_back_to_sign_in(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "sekda", "password": "salah"}, REMOTE_ADDR="10.9.8.6")
    response = client.post(reverse("login"), {"username": "sekda", "password": "salah"}, REMOTE_ADDR="10.9.8.6")
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="id">' in html and "Terlalu banyak percobaan" in html
    assert "Kembali ke halaman masuk" in html and f'href="{reverse("login")}"' in html
