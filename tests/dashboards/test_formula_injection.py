"""Issue 14: names and titles in the dashboard workbook are text, never live formulas."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agents.models import ChangeProject

pytestmark = pytest.mark.django_db

PAYLOAD = "=HYPERLINK(\"https://evil.example\",\"klik\")"


def _formula_cells(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [f"{ws.title}!{c.coordinate}" for ws in workbook for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_the_city_and_agency_workbooks_write_formula_like_names_as_text(program, login, sekda, kepala_diskominfo,
                                                                       diskominfo):
    diskominfo.name = PAYLOAD
    diskominfo.save()
    ChangeProject.objects.filter(agent__agency=diskominfo).update(title="+1+cmd|' /C calc'!A0")
    city = login(sekda).get(reverse("dashboards:export", args=["xlsx"]))
    agency = login(kepala_diskominfo).get(reverse("dashboards:agency_export", args=[diskominfo.pk, "xlsx"]))
    assert city.status_code == agency.status_code == 200
    assert _formula_cells(city.content) == [] and _formula_cells(agency.content) == []
    workbook = load_workbook(io.BytesIO(city.content))
    names = [c for row in workbook["Perangkat daerah"].iter_rows() for c in row if c.value == PAYLOAD]
    assert names and all(c.data_type == "s" and c.quotePrefix for c in names)
    # numbers stay numbers
    assert any(isinstance(c.value, int | float) for row in workbook["Perangkat daerah"].iter_rows(min_row=4)
               for c in row)
