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

    for chart in ("chart-scores", "chart-trend", "chart-weekly"):
        page.wait_for_function("(id) => window.dashboardCharts && window.dashboardCharts[id]", arg=chart)
        assert page.evaluate(CANVAS_IS_DRAWN, chart), f"{chart} is blank"
    assert page.evaluate("Object.keys(window.dashboardCharts).length") == 3  # no bar per agency any more
    assert page.locator('[data-testid="zi-grade"]').inner_text() == "A"
    screenshot(page, "city-dashboard")

    # "Lihat semua": the full table on its own page, with the score map of the agencies shown.
    page.locator('[data-testid="see-all-agencies"]').click()
    page.wait_for_url("**/dashboards/perangkat-daerah/**")
    assert page.locator('[data-testid="heatmap"] td.band-A').count() >= 1  # Diskominfo's 87,5 on Akuntabel
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
        for path in ("/dashboards/", f"/dashboards/pd/{diskominfo.pk}/",
                     "/dashboards/perangkat-daerah/?sort=score&dir=desc",
                     f"/dashboards/pd/{diskominfo.pk}/daftar/agen/", f"/dashboards/pd/{diskominfo.pk}/daftar/sub-unit/"):
            page.goto(live.url + path)
            found = serious_violations(page)
            if found:
                problems[path] = found
        assert problems == {}

        page.goto(live.url + "/dashboards/")
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="dashboard-filters"]').is_visible()
        assert not page.locator('[data-testid="export-xlsx"]').is_visible()
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser does before printing
        assert page.locator("details.chart-table table").first.is_visible()
        assert page.locator('[data-testid="rankings"]').is_visible()
        assert page.locator('[data-testid="kpi-agents"]').is_visible()
    finally:
        context.close()


FIRST_SCREENS = {(1280, 800), (375, 812)}
KPI_CARDS = ("kpi-agents", "kpi-score", "kpi-response", "kpi-attention")


def _in_first_viewport(page, testid: str) -> bool:
    box = page.locator(f'[data-testid="{testid}"]').bounding_box()
    viewport = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"])


@pytest.mark.parametrize("width,height", sorted(FIRST_SCREENS))
@pytest.mark.parametrize("username", ["sekda", "kepala.diskominfo"])
def test_the_first_screen_answers_at_a_glance(new_page, live, program, username, width, height):
    page = new_page(username)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live.url}/dashboards/")
    page.wait_for_load_state("networkidle")
    for card in KPI_CARDS:
        assert _in_first_viewport(page, card), f"{card} is below the first screen at {width} px"
    score = page.locator('[data-testid="kpi-score"]').inner_text()
    assert "▲" in score  # the mean rose since the previous cycle
    assert page.locator('[data-testid="attention"] li').count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    height_px = page.evaluate("document.documentElement.scrollHeight")
    print(f"{username} {width} px: page height {height_px} px")
    screenshot(page, f"dashboard-glance-{username}-{width}")


def test_lihat_semua_opens_the_full_lists(new_page, live, program):
    page = new_page("sekda")
    page.goto(f"{live.url}/dashboards/")
    page.locator('[data-testid="see-all-agencies"]').click()
    page.wait_for_url("**/dashboards/perangkat-daerah/**")
    total = Agency.objects.top_level().active().count()
    assert page.locator('[data-testid="agency-table"] tbody tr').count() == min(total, 25)
    page.fill("#id_q", "Kesehatan")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**q=Kesehatan**")
    rows = page.locator('[data-testid="agency-table"] tbody tr')
    assert rows.count() >= 1 and "Dinas Kesehatan" in rows.first.inner_text()

    kepala = new_page("kepala.diskominfo")
    kepala.goto(f"{live.url}/dashboards/")
    kepala.locator('[data-testid="see-all-agents"]').click()
    kepala.wait_for_url("**/daftar/agen/**")
    assert kepala.locator('[data-testid="agents-list"] tbody tr').count() == 4
    kepala.go_back()
    kepala.locator('[data-testid="see-all-units"]').click()
    kepala.wait_for_url("**/daftar/sub-unit/**")
    assert kepala.locator('[data-testid="units-list"] tbody tr').count() >= 1


def test_a_one_point_trend_is_not_drawn(new_page, live, program):
    page = new_page("sekda")
    page.goto(f"{live.url}/dashboards/?cycle={program['previous'].pk}")
    page.wait_for_function("() => window.dashboardCharts && window.dashboardCharts['chart-scores']")
    assert page.locator("#chart-trend").count() == 0
    assert page.evaluate("Object.keys(window.dashboardCharts)").count("chart-trend") == 0
    assert page.get_by_text("Tren tampil setelah ada dua siklus yang diterbitkan.").is_visible()
