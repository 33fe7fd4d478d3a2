"""Issue 14: an operator links superiors within their own agency only (form, API and SIMPEG import: one rule).

A superior elsewhere would make the operator's staff raters of another agency's agent; such links (a kepala whose
superior is the Sekda) are set by Tim RB or an administrator. A NIP outside the caller's scope answers like an
unknown one.
"""

import pytest
from django.urls import reverse

from organization.models import Employee
from organization.permissions import can_set_superior

from .import_files import csv_bytes, person
from .test_employees import employee_in, valid_post
from .test_import import errors_of, preview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


def test_the_rule_keeps_operators_in_their_agency(operator_diskominfo, tim_rb, admin_user, diskominfo, dinkes):
    ours, theirs = employee_in(diskominfo), employee_in(dinkes)
    assert can_set_superior(operator_diskominfo, ours)
    assert not can_set_superior(operator_diskominfo, theirs)
    assert can_set_superior(operator_diskominfo, theirs, current_superior_id=theirs.pk)  # keeping what is stored
    assert can_set_superior(tim_rb, theirs) and can_set_superior(admin_user, theirs)


def test_the_form_refuses_a_superior_of_another_agency(login, operator_diskominfo, diskominfo, dinkes):
    theirs = employee_in(dinkes)
    response = login(operator_diskominfo).post(reverse("organization:employee_create"),
                                               valid_post(diskominfo, superior=theirs.nip))
    assert response.status_code == 200
    assert "Tim RB atau administrator" in str(response.context["form"].errors["superior"])
    assert not Employee.objects.filter(nip="199001012015011777").exists()


def test_the_form_accepts_a_superior_of_the_own_agency(login, operator_diskominfo, diskominfo):
    ours = employee_in(diskominfo)
    response = login(operator_diskominfo).post(reverse("organization:employee_create"),
                                               valid_post(diskominfo, superior=ours.nip))
    assert response.status_code == 302
    assert Employee.objects.get(nip="199001012015011777").superior == ours


def test_the_api_refuses_a_superior_of_another_agency_like_an_unknown_nip(api, operator_diskominfo, diskominfo,
                                                                         dinkes):
    target = Employee.objects.filter(agency=diskominfo).exclude(pk=employee_in(diskominfo).pk).first()
    client = api(operator_diskominfo)
    elsewhere = client.patch(f"/api/v1/employees/{target.pk}/", {"superior": employee_in(dinkes).nip}, format="json")
    unknown = client.patch(f"/api/v1/employees/{target.pk}/", {"superior": "199001012015011999"}, format="json")
    assert elsewhere.status_code == unknown.status_code == 400
    assert elsewhere.json() == unknown.json()
    assert "Dinkes" not in str(elsewhere.json())
    target.refresh_from_db()
    assert target.superior is None or target.superior.agency_id == diskominfo.pk


def test_an_administrator_links_a_superior_across_agencies_in_the_api(api, admin_user, diskominfo, dinkes):
    target = employee_in(diskominfo)
    response = api(admin_user).patch(f"/api/v1/employees/{target.pk}/", {"superior": employee_in(dinkes).nip},
                                     format="json")
    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert target.superior == employee_in(dinkes)


def test_the_import_refuses_a_superior_of_another_agency(login, operator_diskominfo, diskominfo, dinkes):
    theirs = employee_in(dinkes)
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes([person(1, NIP_ATASAN=theirs.nip)]))
    assert job.error_rows == 1
    (row, column, message), = errors_of(job)
    assert (row, column) == (2, "NIP_ATASAN")
    assert "tidak ditemukan" in message and "Dinkes" not in message and "Kesehatan" not in message


def test_the_import_links_a_superior_of_the_own_agency(login, operator_diskominfo, diskominfo):
    ours = employee_in(diskominfo)
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes([person(1, NIP_ATASAN=ours.nip)]))
    assert job.error_rows == 0
