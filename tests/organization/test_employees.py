import pytest
from django.urls import reverse

from organization.models import Employee, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def employee_in(agency):
    return Employee.objects.filter(agency=agency).order_by("pk").first()


def valid_post(agency, **overrides):
    data = {
        "nip": "19900101 201501 1 777", "name": "Rahmat Hidayat", "employee_type": "PNS", "sex": "L",
        "birth_date": "1990-01-01", "rank": "III/a", "position_type": "pelaksana", "position": "Pengelola Data",
        "agency": agency.pk, "is_active": "on", "skp_predikat": "baik",
    }
    data.update(overrides)
    return data


def test_operator_sees_only_employees_of_their_agency(login, operator_diskominfo, diskominfo):
    response = login(operator_diskominfo).get(reverse("organization:employee_list"))
    assert response.status_code == 200
    agencies = {e.agency_id for e in response.context["page"].object_list}
    assert agencies == {diskominfo.pk}


def test_operator_of_dinkes_gets_404_for_a_diskominfo_employee_page(login, operator_dinkes, diskominfo):
    target = employee_in(diskominfo)
    assert login(operator_dinkes).get(reverse("organization:employee_detail", args=[target.pk])).status_code == 404
    assert login(operator_dinkes).get(reverse("organization:employee_edit", args=[target.pk])).status_code == 404


def test_operator_of_dinkes_gets_404_for_a_diskominfo_employee_in_the_api(api, operator_dinkes, diskominfo):
    target = employee_in(diskominfo)
    assert api(operator_dinkes).get(f"/api/v1/employees/{target.pk}/").status_code == 404
    assert api(operator_dinkes).patch(f"/api/v1/employees/{target.pk}/", {"name": "X"}).status_code == 404


def test_kepala_can_read_but_not_edit_their_agency_employees(login, kepala_diskominfo, diskominfo):
    target = employee_in(diskominfo)
    client = login(kepala_diskominfo)
    assert client.get(reverse("organization:employee_detail", args=[target.pk])).status_code == 200
    assert client.get(reverse("organization:employee_edit", args=[target.pk])).status_code == 403


def test_pegawai_cannot_open_the_employee_list(login, pegawai_diskominfo):
    assert login(pegawai_diskominfo).get(reverse("organization:employee_list")).status_code == 403


def test_city_readers_see_every_agency(login, sekda):
    response = login(sekda).get(reverse("organization:employee_list"))
    assert response.context["page"].paginator.count == Employee.objects.count()


def test_search_finds_by_name_and_by_nip_with_spaces(login, operator_diskominfo, diskominfo):
    target = employee_in(diskominfo)
    client = login(operator_diskominfo)
    by_nip = client.get(reverse("organization:employee_list"), {"q": target.nip_display[:15]})
    assert target in by_nip.context["page"].object_list
    by_name = client.get(reverse("organization:employee_list"), {"q": target.name.split()[0]})
    assert target in by_name.context["page"].object_list


def test_operator_adds_an_employee_and_the_appointment_date_comes_from_the_nip(login, operator_diskominfo, diskominfo):
    response = login(operator_diskominfo).post(reverse("organization:employee_create"), valid_post(diskominfo))
    assert response.status_code == 302
    employee = Employee.objects.get(nip="199001012015011777")
    assert employee.appointment_date.isoformat() == "2015-01-01"
    assert employee.history.first().history_user == operator_diskominfo


def test_a_sex_that_disagrees_with_the_nip_is_a_field_error(login, operator_diskominfo, diskominfo):
    response = login(operator_diskominfo).post(reverse("organization:employee_create"), valid_post(diskominfo, sex="P"))
    assert response.status_code == 200
    assert "Jenis kelamin tidak sesuai" in str(response.context["form"].errors["sex"])
    assert not Employee.objects.filter(nip="199001012015011777").exists()


def test_operator_cannot_add_an_employee_to_another_agency(login, operator_dinkes, diskominfo):
    response = login(operator_dinkes).post(reverse("organization:employee_create"), valid_post(diskominfo))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors


def test_api_creates_an_employee_and_reports_nip_errors_per_field(api, operator_diskominfo, diskominfo):
    client = api(operator_diskominfo)
    bad = client.post("/api/v1/employees/", {**valid_post(diskominfo), "nip": "19901301201501 1 777"}, format="json")
    assert bad.status_code == 400
    assert "nip" in bad.json()
    good = client.post("/api/v1/employees/", valid_post(diskominfo), format="json")
    assert good.status_code == 201, good.json()
    assert good.json()["nip_display"] == "19900101 201501 1 777"


def test_api_refuses_an_employee_in_another_agency(api, operator_dinkes, diskominfo):
    response = api(operator_dinkes).post("/api/v1/employees/", valid_post(diskominfo), format="json")
    assert response.status_code == 400
    assert "agency" in response.json()


def test_employee_list_api_is_scoped_and_paginated(api, operator_dinkes, dinkes):
    body = api(operator_dinkes).get("/api/v1/employees/").json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == Employee.objects.filter(agency=dinkes).count()


def test_employee_list_runs_a_fixed_number_of_queries(login, operator_diskominfo, diskominfo, django_assert_max_num_queries):
    client = login(operator_diskominfo)
    url = reverse("organization:employee_list")
    client.get(url)
    from agenperubahan import data_versions, fragments

    fragments.bump(data_versions.ORGANIZATION)  # the body is rendered again (as after the writes below)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    boss = employee_in(diskominfo)
    Employee.objects.bulk_create([
        Employee(nip=f"1990010120150110{i:02d}", name=f"Tambahan {i}", sex="L", birth_date="1990-01-01",
                 position_type="pelaksana", position="Staf", agency=diskominfo, superior=boss)
        for i in range(1, 60)
    ])
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_role_assignment_history_records_who_changed_roles(admin_user, operator_dinkes, diskominfo):
    assignment = RoleAssignment(user=operator_dinkes, role=Role.OPERATOR, agency=diskominfo)
    assignment._history_user = admin_user
    assignment.save()
    assert assignment.history.first().history_user == admin_user


def test_a_head_whose_superior_works_elsewhere_saves_unchanged(operator_diskominfo, diskominfo, dinkes):
    from organization.forms import EmployeeForm
    from organization.models import User

    head = Employee.objects.filter(agency=diskominfo, unit__isnull=True).order_by("pk").first()
    Employee.objects.filter(pk=head.pk).update(superior=employee_in(dinkes))
    head.refresh_from_db()
    operator = User.objects.get(pk=operator_diskominfo.pk)
    unchanged = EmployeeForm(instance=head, user=operator)
    data = {name: unchanged[name].value() for name in unchanged.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    form = EmployeeForm(data, instance=head, user=operator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["superior"].agency_id == dinkes.pk
    # Any other employee outside the operator's agencies is still refused.
    other = Employee.objects.filter(agency=dinkes).exclude(pk=head.superior_id).order_by("pk").first()
    form = EmployeeForm({**data, "superior": other.nip}, instance=head, user=operator)
    assert not form.is_valid() and "superior" in form.errors
