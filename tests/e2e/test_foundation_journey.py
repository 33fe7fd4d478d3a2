import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_signs_in_searches_employees_and_sees_only_their_agency(new_page, live):
    page = new_page("operator.diskominfo")
    assert "Selamat datang" in page.content()
    page.click("text=Pegawai")
    page.wait_for_selector("table")
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    assert "Diskominfo" in rows.first.inner_text()
    assert "Dinkes" not in page.locator("tbody").inner_text()
    screenshot(page, "employee-list-operator")


def test_a_wrong_password_is_refused_with_a_message(new_page, live):
    page = new_page()
    page.goto(f"{live.url}/accounts/login/")
    page.fill("input[name=username]", "operator.diskominfo")
    page.fill("input[name=password]", "salah-sandi")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
