"""The "Riwayat perubahan" of an employee record, and the presenter every history page shares (agenperubahan.audit)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenperubahan import audit
from organization.models import Employee, SkpPredikat
from organization.services import employee_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(diskominfo, operator_diskominfo, kepala_diskominfo, pegawai_diskominfo):
    """A Diskominfo employee who is not one of the demo accounts."""
    taken = {u.employee_id for u in (operator_diskominfo, kepala_diskominfo, pegawai_diskominfo)}
    return Employee.objects.filter(agency=diskominfo).exclude(pk__in=taken).order_by("pk").first()


def _edit(employee, by, **fields) -> Employee:
    employee = Employee.objects.get(pk=employee.pk)
    for key, value in fields.items():
        setattr(employee, key, value)
    return employee_save(employee=employee, by=by)


def _text(html: str) -> str:
    return html.split('data-testid="audit-timeline"')[1] if 'data-testid="audit-timeline"' in html else ""


def test_the_employee_history_shows_labels_choice_names_and_the_superior_by_name(
        staff, login, operator_diskominfo, kepala_diskominfo):
    _edit(staff, operator_diskominfo, email="pertama@pegawai.example.go.id")  # the demo data has no history yet
    _edit(staff, operator_diskominfo, position="Pranata Komputer Ahli Muda", skp_predikat=SkpPredikat.SANGAT_BAIK,
          superior=kepala_diskominfo.employee, disciplinary_penalty=True)
    response = login(operator_diskominfo).get(reverse("organization:employee_history", args=[staff.pk]))
    assert response.status_code == 200
    timeline = _text(response.content.decode())
    for text in ("Nama jabatan", "Pranata Komputer Ahli Muda", "Predikat SKP terakhir", "Sangat Baik",
                 "Atasan langsung", kepala_diskominfo.employee.full_name, "Ya", "Tidak", "WIB",
                 operator_diskominfo.employee.full_name, "Operator kepegawaian Diskominfo"):
        assert text in timeline, text
    assert "sangat_baik" not in timeline and kepala_diskominfo.employee.nip not in timeline
    assert "Tercatat pertama kali" in timeline  # the oldest record of a bulk-loaded employee: its values then


def test_an_import_is_named_with_its_reason_and_a_task_as_the_system(staff, login, tim_rb):
    record = Employee.objects.get(pk=staff.pk)
    record.position = "Analis Data"
    record._change_reason = "Impor SIMPEG #41"
    record.save()
    timeline = _text(login(tim_rb).get(reverse("organization:employee_history", args=[staff.pk])).content.decode())
    assert "Sistem" in timeline and "Impor SIMPEG #41" in timeline and "Analis Data" in timeline


def test_the_nip_is_shown_only_to_readers_allowed_to_see_it(staff):
    record = Employee.objects.get(pk=staff.pk)
    old_nip = record.nip
    record.nip = old_nip[:-3] + ("999" if old_nip[-3:] != "999" else "998")
    record.save()
    shown = [c.field for e in audit.Timeline(staff, show_nip=True)[:] for c in e.changes]
    hidden = [c.field for e in audit.Timeline(staff, show_nip=False)[:] for c in e.changes]
    assert "nip" in shown and "nip" not in hidden


def test_sensitive_and_excluded_fields_are_never_shown():
    assert audit.is_sensitive("password") and audit.is_sensitive("activation_token") and audit.is_sensitive("peer_seed")
    assert not audit.is_sensitive("name")
    from organization.models import User

    assert "password" not in {f.name for f in audit._shown_fields(Employee, show_nip=True)}
    assert {"updated_at", "created_at"}.isdisjoint(f.name for f in audit._shown_fields(Employee, show_nip=True))
    assert User  # the user model keeps no history: its password is never recorded


def test_the_employee_history_is_for_tim_rb_the_agencys_operator_and_kepala_and_the_employee(
        staff, login, admin_user, tim_rb, sekda, operator_diskominfo, kepala_diskominfo, pegawai_diskominfo,
        operator_dinkes):
    url = reverse("organization:employee_history", args=[staff.pk])
    for user in (admin_user, tim_rb, operator_diskominfo, kepala_diskominfo):
        assert login(user).get(url).status_code == 200, user
    assert login(sekda).get(url).status_code == 403  # reads the record, not its history
    assert login(pegawai_diskominfo).get(url).status_code == 404  # never someone else's
    assert login(operator_dinkes).get(url).status_code == 404
    own = reverse("organization:employee_history", args=[pegawai_diskominfo.employee_id])
    assert login(pegawai_diskominfo).get(own).status_code == 200


def test_the_employee_detail_links_to_its_history_only_for_its_readers(staff, login, operator_diskominfo, sekda):
    link = reverse("organization:employee_history", args=[staff.pk])
    detail = reverse("organization:employee_detail", args=[staff.pk])
    assert link in login(operator_diskominfo).get(detail).content.decode()
    assert link not in login(sekda).get(detail).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_employee_history_costs_the_same_queries_whatever_its_length(
        diskominfo, staff, login, operator_diskominfo):
    other = Employee.objects.filter(agency=diskominfo, pk__gt=staff.pk).order_by("pk").first()
    for employee, edits in ((staff, 2), (other, 40)):
        for i in range(edits):
            _edit(employee, operator_diskominfo, position=f"Jabatan uji {i}")
    client = login(operator_diskominfo)
    client.get(reverse("organization:employee_list"))
    few = _queries(client, reverse("organization:employee_history", args=[staff.pk]))
    many = _queries(client, reverse("organization:employee_history", args=[other.pk]) + "?page=2")
    assert few == many, (few, many)
    assert _queries(client, reverse("organization:employee_history", args=[other.pk])) <= many


def test_the_employee_history_api_answers_the_same_rules_paginated(staff, api, operator_diskominfo, sekda,
                                                                   pegawai_diskominfo):
    _edit(staff, operator_diskominfo, position="Analis Data")
    _edit(staff, operator_diskominfo, email="baru@pegawai.example.go.id")
    body = api(operator_diskominfo).get(f"/api/v1/employees/{staff.pk}/history/").json()
    assert body["count"] >= 2 and body["results"][0]["changes"][0]["label"] == "e-mail"
    assert body["results"][0]["changes"][0]["new"] == "baru@pegawai.example.go.id"
    assert body["results"][0]["at_display"].endswith("WIB")
    assert api(sekda).get(f"/api/v1/employees/{staff.pk}/history/").status_code == 403
    assert api(pegawai_diskominfo).get(f"/api/v1/employees/{staff.pk}/history/").status_code == 404


def test_times_are_long_dates_in_wib_on_any_day():
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(14, 3)))
    text = audit.wib(moment)
    assert text.endswith(" 14:03 WIB") and str(timezone.localdate().year) in text


def test_an_empty_history_reads_as_such(staff, login, tim_rb):
    staff.history.all().delete()
    html = login(tim_rb).get(reverse("organization:employee_history", args=[staff.pk])).content.decode()
    assert "Belum ada perubahan yang tercatat." in html


def test_the_history_reads_in_english_for_an_english_reader(staff, operator_diskominfo):
    from django.utils import translation

    _edit(staff, operator_diskominfo, disciplinary_penalty=True)
    _edit(staff, operator_diskominfo, disciplinary_penalty=False)
    with translation.override("en"):
        newest = audit.Timeline(staff, show_nip=True)[0]
        assert newest.title == "Updated" and (newest.changes[0].old, newest.changes[0].new) == ("Yes", "No")
        assert newest.actor_role.startswith("HR operator") or "Diskominfo" in newest.actor_role
