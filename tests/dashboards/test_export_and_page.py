"""The page, the workbook and the PDF show the same figures."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.dashboards.conftest import EXPECTED

pytestmark = pytest.mark.django_db


def _sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook[sheet].iter_rows(min_row=4, values_only=True))


def test_the_city_workbook_has_the_hand_computed_figures(program, login, sekda, diskominfo):
    response = login(sekda).get(reverse("dashboards:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="dasbor-kota-' in response["Content-Disposition"]
    summary = dict(r[:2] for r in _sheet_rows(response.content, "Ringkasan"))
    assert summary["Agen perubahan aktif"] == EXPECTED["city"]["agents"]
    assert summary["Agen dengan perubahan nyata (%)"] == EXPECTED["city"]["pct_agents_with_change"]
    assert summary["Perubahan terintegrasi (%)"] == EXPECTED["city"]["pct_integrated"]
    assert summary["Predikat ZI (agen perubahan)"] == "A"
    assert summary["Respons siklus terbuka (%)"] == EXPECTED["city"]["open_response_rate"]
    rows = {r[0]: r for r in _sheet_rows(response.content, "Perangkat daerah")}
    row = rows[diskominfo.name]
    expected = EXPECTED["diskominfo"]
    # name, kind, employees, agents, quota, role models, pending, projects, %change, %integrated, grade, response…
    assert row[3:12] == (expected["agents"], expected["quota"], expected["role_models"], expected["pending"],
                         expected["projects_active"], expected["pct_agents_with_change"], expected["pct_integrated"],
                         expected["zi_grade"], expected["open_response_rate"])
    scores = {r[0]: r[1:3] for r in _sheet_rows(response.content, "Skor per nilai")}
    assert scores["Akuntabel"] == (68.8, 50.0)
    heat = {r[0]: r[1:] for r in _sheet_rows(response.content, "Skor perangkat daerah per nilai")}
    assert heat[diskominfo.name][:2] == (87.5, 37.5)


def test_the_agency_workbook_lists_its_agents_projects_and_sub_units(program, login, kepala_diskominfo, diskominfo):
    response = login(kepala_diskominfo).get(reverse("dashboards:agency_export", args=[diskominfo.pk, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    projects = [r[4] for r in workbook["Agen perubahan dan proyeknya"].iter_rows(min_row=4, values_only=True)]
    assert "Layanan izin daring" in projects and "Kanal pengaduan" in projects
    pending = list(workbook["Nominasi menunggu keputusan"].iter_rows(min_row=4, values_only=True))
    assert len(pending) == 3
    units = list(workbook["Respons pegawai per sub-unit"].iter_rows(min_row=4, max_col=5, values_only=True))
    # SEKRE has one rater: no counts per sub-unit (APTIKA is hidden with it; evaluations.disclosure).
    assert [r[2] for r in units if r[0] and r[2]] == []


def test_the_pdf_is_a_pdf_with_the_figures(program, login, sekda):
    response = login(sekda).get(reverse("dashboards:export", args=["pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 3000


def test_the_page_shows_the_cards_and_passes_the_chart_data_as_json(program, login, sekda):
    response = login(sekda).get(reverse("dashboards:index"))
    html = response.content.decode()
    assert 'data-testid="zi-grade">A<' in html
    # Diskominfo's share of agents with a change, Indonesian decimal comma (in the full table).
    assert "66,7" in login(sekda).get(reverse("dashboards:agencies")).content.decode()
    data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert data["scores"]["latest"] == [68.8, 68.8]
    assert data["scores"]["previous"] == [50.0, 25.0]
    assert len(data["weekly"]["posts"]) == 12
    assert "<script>" not in html.split("<main")[1]  # no inline script (the CSP forbids them)


def test_the_table_sorts_by_a_column_on_the_server(program, login, sekda, diskominfo, dinkes):
    client = login(sekda)
    html = client.get(reverse("dashboards:agencies"), {"sort": "agents", "dir": "desc"}).content.decode()
    table = html.split('data-testid="agency-table"')[1]
    assert table.index(diskominfo.name) < table.index(dinkes.name)
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert diskominfo.name in first_row
    html = client.get(reverse("dashboards:agencies"), {"sort": "bogus", "dir": "sideways"}).content.decode()
    assert 'aria-sort="ascending"' in html


def test_a_bad_filter_shows_its_message_and_falls_back_to_the_default(program, login, sekda):
    response = login(sekda).get(reverse("dashboards:index"), {"kind": "planet", "cycle": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jenis perangkat daerah tidak dikenal." in html
    assert "Siklus uji II" in html


def test_the_kind_filter_is_carried_into_the_drill_down_and_export_links(program, login, sekda):
    html = login(sekda).get(reverse("dashboards:index"), {"kind": "dinas"}).content.decode()
    assert "ekspor/xlsx/?kind=dinas" in html


def test_leaders_and_kepala_see_a_home_panel_with_key_figures(program, login, sekda, kepala_diskominfo,
                                                                operator_diskominfo):
    assert b'data-testid="dashboard-panel"' in login(sekda).get("/").content
    html = login(kepala_diskominfo).get("/").content.decode()
    assert 'data-testid="dashboard-panel"' in html and "Sekilas Diskominfo" in html
    assert b'data-testid="dashboard-panel"' not in login(operator_diskominfo).get("/").content


def test_the_menu_shows_dasbor_to_leaders_only(login, sekda, kepala_dinkes, agen_dinkes):
    assert b'href="/dashboards/"' in login(sekda).get("/").content
    assert b'href="/dashboards/"' in login(kepala_dinkes).get("/").content
    assert b'href="/dashboards/"' not in login(agen_dinkes).get("/").content


def test_the_agency_pdf_prints_markup_in_project_titles_and_names_literally(program, login, kepala_diskominfo,
                                                                           diskominfo):
    from agents.models import ChangeProject
    from tests.pdf_checks import PAYLOADS, assert_literal, text_of

    project = ChangeProject.objects.get(title="Layanan izin daring")
    project.title = f"Izin {PAYLOADS['link']}"
    project.save()
    employee = project.agent.employee
    employee.name = f"Ani {PAYLOADS['img']}"
    employee.save()
    response = login(kepala_diskominfo).get(reverse("dashboards:agency_export", args=[diskominfo.pk, "pdf"]))

    assert response.status_code == 200
    assert_literal(response.content, project.title, employee.name)
    assert "Halaman 1 dari" in text_of(response.content)
