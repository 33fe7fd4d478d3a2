"""The cached body of the employee list (issue 19): a write shows on the next page, two agencies' operators never
share a body, and the page runs the same queries with little and with more data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenperubahan import data_versions, fragments
from organization.models import Employee

pytestmark = pytest.mark.django_db

EMPLOYEES = reverse("organization:employee_list")


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_a_renamed_employee_shows_on_the_cached_list_at_once(login, operator_diskominfo, diskominfo):
    employee = Employee.objects.filter(agency=diskominfo).order_by("name").first()
    client = login(operator_diskominfo)
    search = {"q": employee.nip}
    assert employee.name in client.get(EMPLOYEES, search).content.decode()
    Employee.objects.filter(pk=employee.pk).update(name="Nama Pegawai Diganti")
    assert "Nama Pegawai Diganti" in client.get(EMPLOYEES, search).content.decode()


def test_operators_of_two_agencies_never_share_a_cached_list(login, operator_diskominfo, operator_dinkes, diskominfo,
                                                             dinkes):
    ours = Employee.objects.filter(agency=diskominfo).order_by("name").first()
    theirs = Employee.objects.filter(agency=dinkes).order_by("name").first()
    for operator, seen, unseen in ((operator_diskominfo, ours, theirs), (operator_dinkes, theirs, ours)):
        client = login(operator)
        for who in (seen, unseen):
            client.get(EMPLOYEES, {"q": who.nip})
        assert seen.name in client.get(EMPLOYEES, {"q": seen.nip}).content.decode()
        assert unseen.name not in client.get(EMPLOYEES, {"q": unseen.nip}).content.decode()


def test_the_employee_list_runs_the_same_queries_cold_at_two_sizes(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    client.get(EMPLOYEES)
    warm = queries(client, EMPLOYEES)
    fragments.bump(data_versions.ORGANIZATION)
    small = queries(client, EMPLOYEES)
    template = Employee.objects.filter(agency=diskominfo).first()
    for n in range(30):
        Employee.objects.create(nip=f"1990010120150{n:02d}1001"[:18], name=f"Pegawai Tambahan {n}", agency=diskominfo,
                                employee_type=template.employee_type, sex=template.sex,
                                birth_date=template.birth_date, appointment_date=template.appointment_date)
    fragments.bump(data_versions.ORGANIZATION)
    assert queries(client, EMPLOYEES) == small
    assert queries(client, EMPLOYEES) == warm < small
