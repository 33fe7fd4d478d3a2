"""The ZI Area I workspace end to end: the operator fills and submits, Tim RB returns an indicator with a note, the
operator answers and resubmits, Tim RB accepts, and the evidence pack is built and downloaded."""

from __future__ import annotations

import io
import zipfile

import pytest

from organization.models import Agency, User
from tests.zi.conftest import fill_agency, zi_period
from zi.defaults import seed_default_tree
from zi.models import Indicator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _row(page, code):
    return page.locator(f'tr[data-indicator="{code}"]')


def test_workspace_submit_review_rounds_and_pack_download(new_page, live, media_root):
    seed_default_tree(Indicator)  # a transactional test starts from a flushed database
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    period = zi_period(User.objects.get(username="tim.rb"))
    fill_agency(diskominfo, period)
    url = f"{live.url}/zi/pd/{diskominfo.pk}/?period={period.pk}"

    operator = new_page("operator.diskominfo")
    operator.get_by_role("link", name="Zona Integritas").first.click()
    operator.get_by_role("link", name=diskominfo.name).click()
    operator.wait_for_url("**/zi/pd/**")
    row = _row(operator, "I.1")
    row.get_by_label("Nilai I.1").fill("70")
    row.get_by_label("Penjelasan I.1").fill("Tim kerja dibentuk; SK menyusul.")
    row.get_by_role("button", name="Simpan").click()
    operator.wait_for_load_state()
    assert "Isian indikator disimpan." in operator.content()
    operator.locator("#submit-assessment").click()
    operator.wait_for_load_state()
    assert operator.locator("[data-status]").get_attribute("data-status") == "submitted"

    reviewer = new_page("tim.rb")
    reviewer.goto(url)
    _row(reviewer, "I.1").get_by_label("Keputusan I.1").select_option("returned")
    _row(reviewer, "I.1").get_by_label("Catatan I.1").fill("Lampirkan SK yang sudah ditandatangani.")
    reviewer.locator("#save-review").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("[data-status]").get_attribute("data-status") == "returned"

    operator.goto(url)
    assert "Lampirkan SK yang sudah ditandatangani." in _row(operator, "I.1").inner_text()
    row = _row(operator, "I.1")
    row.get_by_label("Nilai I.1").fill("100")
    row.get_by_label("Penjelasan I.1").fill("SK bertanda tangan terlampir.")
    row.get_by_role("button", name="Simpan").click()
    operator.wait_for_load_state()
    operator.locator("#submit-assessment").click()
    operator.wait_for_load_state()

    reviewer.goto(url)
    reviewer.locator("#save-review").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("[data-status]").get_attribute("data-status") == "accepted"
    history = _row(reviewer, "I.1").inner_text()
    assert "Tim kerja dibentuk; SK menyusul." in history and "SK bertanda tangan terlampir." in history

    reviewer.locator("#build-pack").click()
    reviewer.wait_for_load_state()
    link = reviewer.get_by_role("link", name="Unduh paket bukti (ZIP)")
    with reviewer.expect_download() as download_info:
        link.click()
    names = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read())).namelist()
    assert "00-indeks.pdf" in names and "02-sk/daftar-sk-agen-dan-role-model.csv" in names


def test_the_workspace_has_no_serious_accessibility_violations(browser, live, media_root):
    from tests.e2e.conftest import sign_in
    from tests.e2e.test_accessibility import serious_violations

    seed_default_tree(Indicator)
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    period = zi_period(User.objects.get(username="tim.rb"))
    fill_agency(diskominfo, period, agents=1, reports=1)
    context = browser.new_context(bypass_csp=True, locale="id-ID")
    page = context.new_page()
    try:
        sign_in(page, live.url, "operator.diskominfo")
        problems = {}
        for path in ("/zi/", f"/zi/pd/{diskominfo.pk}/?period={period.pk}"):
            assert page.goto(live.url + path).status < 400
            found = serious_violations(page)
            if found:
                problems[path] = found
        assert problems == {}
    finally:
        context.close()
