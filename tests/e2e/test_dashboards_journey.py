"""Sekda opens the city dashboard, sees the charts drawn, drills down to Diskominfo and exports the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from organization.models import Agency, User
from tests.dashboards.conftest import build_program
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# True when the canvas holds at least one pixel that is not fully transparent.
CANVAS_IS_DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  if (!canvas || !canvas.width || !canvas.height) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) return true; }
  return false;
}"""


@pytest.fixture
def program(live):
    return build_program(Agency.objects.get(code="DISKOMINFO"), Agency.objects.get(code="DINKES"),
                         User.objects.get(username="kepala.diskominfo"))


def test_sekda_reads_the_city_dashboard_drills_down_and_exports(new_page, live, program):
    page = new_page("sekda")
    page.get_by_role("link", name="Dasbor").first.click()
    page.wait_for_url(f"{live.url}/dashboards/")
    assert page.get_by_role("heading", name="Dasbor Kota Bandung").is_visible()

    for chart in ("chart-agents", "chart-scores", "chart-trend", "chart-weekly"):
        page.wait_for_function("(id) => window.dashboardCharts && window.dashboardCharts[id]", arg=chart)
        assert page.evaluate(CANVAS_IS_DRAWN, chart), f"{chart} is blank"
    assert page.evaluate("Object.keys(window.dashboardCharts).length") == 4
    assert page.locator('[data-testid="zi-grade"]').inner_text() == "A"
    assert page.locator('[data-testid="heatmap"] td.band-A').count() >= 1  # Diskominfo's 87,5 on Akuntabel
    screenshot(page, "city-dashboard")

    # Sort by agents, most first: Diskominfo (3) heads the table.
    page.get_by_role("link", name="Agen", exact=True).click()
    page.get_by_role("link", name="Agen", exact=True).click()
    page.wait_for_url("**sort=agents&dir=desc")
    first = page.locator('[data-testid="agency-table"] tbody tr').first
    assert "Dinas Komunikasi dan Informatika" in first.inner_text()

    first.get_by_role("link", name="Dinas Komunikasi dan Informatika").click()
    page.wait_for_url("**/dashboards/pd/**")
    assert page.get_by_role("heading", name="Dasbor Dinas Komunikasi dan Informatika").is_visible()
    assert page.evaluate(CANVAS_IS_DRAWN, "chart-scores")
    assert page.locator('[data-testid="agents-table"]').inner_text().count("Layanan izin daring") == 1
    assert page.locator('[data-testid="pending-table"] tbody tr').count() == 3
    screenshot(page, "agency-dashboard-diskominfo")

    with page.expect_download() as download_info:
        page.locator('[data-testid="export-xlsx"]').click()
    download = download_info.value
    assert download.suggested_filename.startswith("dasbor-diskominfo-")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    rows = list(workbook["Perangkat daerah"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == ["Dinas Komunikasi dan Informatika"]
    assert rows[0][3] == 3 and rows[0][10] == "A"


def test_a_kepala_lands_on_their_agency_dashboard(new_page, live, program):
    page = new_page("kepala.diskominfo")
    page.get_by_role("link", name="Dasbor").first.click()
    page.wait_for_url("**/dashboards/pd/**")
    assert page.get_by_role("heading", name="Dasbor Dinas Komunikasi dan Informatika").is_visible()
    assert page.locator('[data-testid="agency-table"]').count() == 0
    dinkes = Agency.objects.get(code="DINKES")
    response = page.goto(f"{live.url}/dashboards/pd/{dinkes.pk}/")
    assert response.status == 404


def test_the_filled_dashboards_have_no_serious_accessibility_violations_and_print_cleanly(browser, live, program):
    from tests.e2e.conftest import sign_in
    from tests.e2e.test_accessibility import serious_violations

    context = browser.new_context(bypass_csp=True, locale="id-ID")  # only so that the test can inject axe
    page = context.new_page()
    try:
        sign_in(page, live.url, "sekda")
        diskominfo = Agency.objects.get(code="DISKOMINFO")
        problems = {}
        for path in ("/dashboards/", f"/dashboards/pd/{diskominfo.pk}/", "/dashboards/?sort=score&dir=desc"):
            page.goto(live.url + path)
            found = serious_violations(page)
            if found:
                problems[path] = found
        assert problems == {}

        page.goto(live.url + "/dashboards/")
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="dashboard-filters"]').is_visible()
        assert not page.locator('[data-testid="export-xlsx"]').is_visible()
        assert page.locator("details.chart-table table").first.is_visible()
        assert page.locator('[data-testid="agency-table"]').is_visible()
    finally:
        context.close()
