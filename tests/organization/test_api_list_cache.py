"""The cached answers of the API lists (issue 19, ``agenperubahan.api_base.CachedListMixin``), shown on the employee
and agency lists: a write (a service, an API call, a bulk ``QuerySet.update()``) shows on the next request; readers
of different scope never get each other's rows, whoever was answered first; the answer is the same bytes as a built
one, for token and session callers alike; authentication and throttles still run on every request; the lists run
the same queries with little and with more data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from agenperubahan import data_versions, fragments
from organization.api import EmployeeViewSet
from organization.models import Agency, Employee, User
from organization.services import employee_save

from ..proof.tokens import token_headers_for

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/v1/employees/"
AGENCIES = "/api/v1/agencies/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def first_of(agency) -> Employee:
    return Employee.objects.filter(agency=agency).order_by("name", "nip").first()


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


# --- a write shows on the next request --------------------------------------------------------------------------

def test_an_employee_renamed_by_the_service_shows_on_the_next_answer(api, operator_diskominfo, diskominfo):
    client = api(operator_diskominfo)
    employee = first_of(diskominfo)
    assert employee.name in names(client.get(EMPLOYEES, {"search": employee.nip}))
    employee.name = "Nama Lewat Layanan"
    employee_save(employee=employee, by=operator_diskominfo)
    assert names(client.get(EMPLOYEES, {"search": employee.nip})) == {"Nama Lewat Layanan"}


def test_an_employee_renamed_through_the_api_shows_on_the_next_answer(api, operator_diskominfo, diskominfo):
    client = api(operator_diskominfo)
    employee = first_of(diskominfo)
    client.get(EMPLOYEES, {"search": employee.nip})
    assert client.patch(f"{EMPLOYEES}{employee.pk}/", {"name": "Nama Lewat API"}, format="json").status_code == 200
    assert names(client.get(EMPLOYEES, {"search": employee.nip})) == {"Nama Lewat API"}


def test_a_bulk_update_shows_on_the_next_answer(api, sekda, operator_diskominfo, diskominfo):
    employee = first_of(diskominfo)
    readers = [api(sekda), api(operator_diskominfo)]
    for client in readers:
        assert names(client.get(EMPLOYEES, {"search": employee.nip})) == {employee.name}
    Employee.objects.filter(pk=employee.pk).update(name="Nama Lewat Update Massal")
    for client in readers:
        assert names(client.get(EMPLOYEES, {"search": employee.nip})) == {"Nama Lewat Update Massal"}


def test_a_renamed_agency_shows_on_the_next_answer_by_each_way_of_writing(api, tim_rb, sekda, diskominfo):
    reader, writer = api(sekda), api(tim_rb)
    query = {"search": diskominfo.code}
    assert diskominfo.name in names(reader.get(AGENCIES, query))
    assert writer.patch(f"{AGENCIES}{diskominfo.pk}/", {"name": "Dinas Lewat API"}, format="json").status_code == 200
    assert "Dinas Lewat API" in names(reader.get(AGENCIES, query))
    Agency.objects.filter(pk=diskominfo.pk).update(name="Dinas Lewat Update Massal")
    assert "Dinas Lewat Update Massal" in names(reader.get(AGENCIES, query))
    agency = Agency.objects.get(pk=diskominfo.pk)
    agency.name = "Dinas Lewat Save"
    agency.save()
    shown = names(reader.get(AGENCIES, query))
    assert "Dinas Lewat Save" in shown and "Dinas Lewat Update Massal" not in shown


# --- scopes never share an answer -------------------------------------------------------------------------------

def test_operators_of_two_agencies_never_get_each_others_rows(api, operator_diskominfo, operator_dinkes, diskominfo,
                                                              dinkes):
    ours, theirs = api(operator_diskominfo), api(operator_dinkes)
    first = names(ours.get(EMPLOYEES))           # the Diskominfo answer is cached first …
    second = names(theirs.get(EMPLOYEES))        # … the Dinkes operator asks the very same URL
    assert first <= set(Employee.objects.filter(agency=diskominfo).values_list("name", flat=True)) | {
        operator_diskominfo.employee.name}
    assert second <= set(Employee.objects.filter(agency=dinkes).values_list("name", flat=True)) | {
        operator_dinkes.employee.name}
    assert names(ours.get(EMPLOYEES)) == first   # and each keeps their own
    assert names(theirs.get(EMPLOYEES)) == second


def test_two_people_of_the_same_scope_get_their_own_row_only(api, pegawai_diskominfo, diskominfo):
    other = Employee.objects.filter(agency=diskominfo, user__isnull=True).order_by("pk").first()
    colleague = User.objects.create(username="rekan.pegawai", employee=other)
    assert fragments.scope_of(colleague) == fragments.scope_of(pegawai_diskominfo)   # same (empty) roles
    assert names(api(pegawai_diskominfo).get(EMPLOYEES)) == {pegawai_diskominfo.employee.name}
    assert names(api(colleague).get(EMPLOYEES)) == {other.name}


def test_a_city_readers_answer_never_reaches_an_operator(api, sekda, operator_dinkes, diskominfo):
    outsider = first_of(diskominfo)
    assert outsider.name in names(api(sekda).get(EMPLOYEES, {"search": outsider.nip}))
    assert names(api(operator_dinkes).get(EMPLOYEES, {"search": outsider.nip})) == set()


def test_a_new_role_changes_the_answer_at_once(api, operator_dinkes, diskominfo):
    from organization.models import Role, RoleAssignment

    outsider = first_of(diskominfo)
    assert names(api(operator_dinkes).get(EMPLOYEES, {"search": outsider.nip})) == set()
    RoleAssignment.objects.create(user=operator_dinkes, role=Role.OPERATOR, agency=diskominfo)
    fresh = User.objects.get(pk=operator_dinkes.pk)   # a new request loads the user afresh
    assert names(api(fresh).get(EMPLOYEES, {"search": outsider.nip})) == {outsider.name}


# --- the same answer, for every way in ----------------------------------------------------------------------------

def test_a_cached_answer_is_the_built_answer_byte_for_byte(api, sekda):
    client = api(sekda)
    for url in (EMPLOYEES, f"{EMPLOYEES}?page=2&ordering=-nip", AGENCIES):
        built = client.get(url)
        cached = client.get(url)
        assert cached.content == built.content
        assert cached["Content-Type"] == built["Content-Type"] == "application/json"
        assert cached.data == built.json()
        fragments.bump(data_versions.ORGANIZATION)
        assert client.get(url).content == built.content   # built again: the same bytes


def test_the_links_follow_the_host_asked(sekda):
    client = APIClient()
    client.force_authenticate(sekda)
    here = client.get(EMPLOYEES, HTTP_HOST="localhost").json()["next"]
    there = client.get(EMPLOYEES, HTTP_HOST="127.0.0.1").json()["next"]
    assert here.startswith("http://localhost/") and there.startswith("http://127.0.0.1/")


def test_parameters_in_another_order_get_the_same_answer_and_others_do_not(api, sekda):
    client = api(sekda)
    a = client.get(f"{EMPLOYEES}?page=2&ordering=nip").content
    assert client.get(f"{EMPLOYEES}?ordering=nip&page=2").content == a
    assert client.get(f"{EMPLOYEES}?ordering=-nip&page=2").content != a
    assert client.get(f"{EMPLOYEES}?ordering=nip&page=2&page_size=5").json()["results"] != client.get(
        f"{EMPLOYEES}?ordering=nip&page=2").json()["results"]


def test_token_and_session_callers_get_the_same_answer(client, sekda):
    session = client
    session.force_login(sekda)
    by_session = session.get(EMPLOYEES)
    by_token = APIClient().get(EMPLOYEES, headers=token_headers_for(sekda))
    assert by_session.status_code == by_token.status_code == 200
    assert by_token.content == by_session.content


def test_no_answer_without_signing_in_even_when_one_is_cached(api, sekda):
    assert api(sekda).get(EMPLOYEES).status_code == 200
    assert APIClient().get(EMPLOYEES).status_code in (401, 403)
    assert APIClient().get(EMPLOYEES, headers={"Authorization": "Token " + "0" * 64}).status_code in (401, 403)


def test_the_browsable_api_is_rendered_live(client, sekda):
    client.force_login(sekda)
    client.get(EMPLOYEES, HTTP_ACCEPT="application/json")
    page = client.get(EMPLOYEES, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert b"<html" in page.content


def test_every_request_counts_for_the_throttle(api, sekda, monkeypatch):
    class ThreePerMinute(UserRateThrottle):
        rate = "3/min"

    monkeypatch.setattr(EmployeeViewSet, "throttle_classes", [ThreePerMinute])
    client = api(sekda)
    assert [client.get(EMPLOYEES).status_code for _ in range(4)] == [200, 200, 200, 429]


# --- fixed query counts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["sekda", "operator_diskominfo"])
def test_the_lists_run_the_same_queries_at_two_sizes(api, request, who, diskominfo):
    client = api(request.getfixturevalue(who))
    client.get(EMPLOYEES)
    client.get(AGENCIES)
    warm = queries(client, EMPLOYEES), queries(client, AGENCIES)
    fragments.bump(data_versions.ORGANIZATION)
    cold = queries(client, EMPLOYEES), queries(client, AGENCIES)
    template = first_of(diskominfo)
    for n in range(30):
        Employee.objects.create(nip=f"19900101201501{n:02d}01"[:18], name=f"Pegawai Tambahan {n}", agency=diskominfo,
                                employee_type=template.employee_type, sex=template.sex,
                                birth_date=template.birth_date, appointment_date=template.appointment_date)
        Agency.objects.create(code=f"UJI{n}", name=f"Badan Uji {n}", kind=diskominfo.kind)
    assert (queries(client, EMPLOYEES), queries(client, AGENCIES)) == cold
    assert (queries(client, EMPLOYEES), queries(client, AGENCIES)) == warm
    assert warm[0] < cold[0] and warm[1] < cold[1]


# --- rows read with values() ----------------------------------------------------------------------------------

def test_rows_read_with_values_are_what_the_serializer_gives(sekda, operator_diskominfo, diskominfo):
    """The employee and agency lists read a built answer's rows with ``values()``: the serializer's output, to the
    byte, with dates, NIPs of superiors and heads, and empty values among the rows."""
    from ..api_rows import assert_rows_match_the_serializer, viewsets_with_columns

    staff = list(Employee.objects.filter(agency=diskominfo).order_by("pk")[:3])
    today = timezone.localdate()  # dates from the test's clock: the rows hold on any day
    Employee.objects.filter(pk=staff[0].pk).update(superior=staff[1], last_penalty_date=today - dt.timedelta(days=400),
                                                   disciplinary_penalty=True, email="")
    Agency.objects.filter(pk=diskominfo.pk).update(head=staff[2], valid_from=today - dt.timedelta(days=2000),
                                                     valid_until=today + dt.timedelta(days=2000))
    found = {basename: viewset for viewset, basename in viewsets_with_columns()}
    for user in (sekda, operator_diskominfo):
        for basename in ("employee", "agency"):
            assert assert_rows_match_the_serializer(found[basename], basename, user) > 5
    assert assert_rows_match_the_serializer(found["employee"], "employee", sekda, "?ordering=-nip&search=a") > 10
