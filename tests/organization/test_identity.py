"""A way in for every active employee: neutral usernames, activation links, and accounts following the records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from knox.models import AuthToken

from organization.identity import services
from organization.identity.tokens import activation_tokens
from organization.identity.usernames import looks_like_nip, unique_username, username_base
from organization.models import ActivationBatch, Employee, Role, RoleAssignment, User
from organization.services import employee_save

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s]+/accounts/aktivasi/[^\s/]+/[^\s/]+/")
STRONG = "Kopi-Tubruk-Sore-42"


def employee_without_account(agency_code="DISKOMINFO", *, email=True) -> Employee:
    employee = (Employee.objects.filter(agency__code=agency_code, is_active=True, user__isnull=True)
                .order_by("pk").first())
    employee.email = f"e{employee.pk}@bandung.go.id" if email else ""
    employee.save(update_fields=["email"])
    return employee


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """Work queued "after commit" (the mail tasks) runs at once: the test's transaction never commits."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


# --- usernames ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Budi Santoso", "budi.santoso"),
    ("Dr. Hj. Siti Nurhaliza, S.Kom., M.T.", "siti.nurhaliza"),
    ("Ir. Asep Ruhiyat Sunarya Wijaya", "asep.ruhiyat.sunarya"),
    ("Néné O'Brien", "nene.obrien"),
])
def test_a_username_is_made_from_the_name_without_titles(name, expected):
    assert username_base(name) == expected


def test_a_username_collision_gets_the_next_number():
    employee = employee_without_account()
    User.objects.create(username=username_base(employee.name))
    User.objects.create(username=username_base(employee.name) + "2")
    assert unique_username(employee.name) == username_base(employee.name) + "3"


def test_an_account_made_for_an_employee_never_uses_the_nip():
    employee = employee_without_account()
    user = services.account_ensure(employee=employee)
    assert employee.nip not in user.username and not looks_like_nip(user.username)
    assert not user.has_usable_password() and user.employee == employee
    assert services.account_ensure(employee=employee) == user


def test_the_migration_renames_existing_nip_usernames():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("organization.migrations.0004_identity_activation_and_neutral_usernames")
    employee = employee_without_account()
    user = User.objects.create(username=employee.nip, employee=employee)
    other = User.objects.create(username=f"{employee.nip[:17]}9-12", first_name="Rina", last_name="Marlina")
    migration.rename_nip_usernames(apps, None)
    user.refresh_from_db(), other.refresh_from_db()
    assert user.username.startswith(username_base(employee.name)) and other.username == "rina.marlina"


# --- activation on request -------------------------------------------------------------------------------------------

def test_an_employee_asks_for_a_link_by_nip_and_activates_their_account(client):
    employee = employee_without_account()
    response = client.post(reverse("activation_request"), {"nip": employee.nip})
    assert response.status_code == 200 and "Periksa e-mail Anda" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [employee.email]
    url = link_in(mail.outbox[0])

    page = client.get(url)  # what a mail scanner does: shows the page, spends nothing
    assert page.status_code == 200 and "Aktifkan akun dan masuk" in page.content.decode()
    assert client.get(url).status_code == 200

    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"new_password1": STRONG, "new_password2": STRONG})
    print(f"\nactivation (set password + sign in): {(time.perf_counter() - began) * 1000:.0f} ms, "
          f"{len(queries)} queries")
    assert len(queries) <= 20
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(employee=employee)
    assert user.check_password(STRONG)
    assert client.get(reverse("home")).context["user"] == user
    assert client.get(url).status_code == 400  # single use


def test_the_request_page_says_the_same_for_an_unknown_nip_and_sends_nothing(client):
    known = employee_without_account()
    answers = [client.post(reverse("activation_request"), {"nip": nip}).content.decode()
               for nip in (known.nip, "199001012015011999")]
    strip = [re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", a) for a in answers]
    assert strip[0] == strip[1]
    assert len(mail.outbox) == 1


def test_no_link_is_sent_to_an_inactive_employee_or_one_without_email(client):
    no_email = employee_without_account(email=False)
    gone = employee_without_account("DINKES")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    for nip in (no_email.nip, gone.nip):
        assert client.post(reverse("activation_request"), {"nip": nip}).status_code == 200
    assert mail.outbox == []


def test_requests_are_rate_limited_per_address_and_per_nip(client, settings):
    settings.ACTIVATION_REQUESTS_PER_IP, settings.ACTIVATION_REQUESTS_PER_NIP = 4, 2
    employee = employee_without_account()
    for _ in range(3):
        assert client.post(reverse("activation_request"), {"nip": employee.nip}).status_code == 200
    assert len(mail.outbox) == 2  # the third asks the same but floods nobody
    assert client.post(reverse("activation_request"), {"nip": employee.nip}).status_code == 200
    response = client.post(reverse("activation_request"), {"nip": employee.nip})
    assert response.status_code == 429 and "Terlalu banyak permintaan" in response.content.decode()


def test_a_malformed_nip_gets_a_field_message(client):
    response = client.post(reverse("activation_request"), {"nip": "12ab"})
    assert response.status_code == 200 and "NIP harus 18 digit angka" in response.content.decode()


def test_the_password_must_pass_the_validators(client):
    employee = employee_without_account()
    user = services.account_ensure(employee=employee)
    url = services.activation_url(user)
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200 and not User.objects.get(pk=user.pk).has_usable_password()


def test_an_expired_or_tampered_link_is_refused_with_a_way_forward(client, monkeypatch):
    user = services.account_ensure(employee=employee_without_account())
    url = services.activation_url(user)
    assert client.get(url[:-3] + "xx/").status_code == 400
    later = activation_tokens._now() + dt.timedelta(hours=73)
    monkeypatch.setattr(activation_tokens, "_now", lambda: later)
    response = client.get(url)
    assert response.status_code == 400 and "Minta tautan baru" in response.content.decode()
    assert client.get("/accounts/aktivasi/!!/abc-def/").status_code == 400


def test_the_login_page_offers_activation_and_no_sso_button_when_sso_is_off(client):
    body = client.get(reverse("login")).content.decode()
    assert reverse("activation_request") in body and "Masuk dengan SSO" not in body


# --- operators ------------------------------------------------------------------------------------------------------

def test_an_operator_sends_links_to_the_whole_agency_in_one_action(client, operator_diskominfo):
    with_email = employee_without_account()
    client.force_login(operator_diskominfo)
    page = client.get(reverse("organization:activation_send"))
    assert page.status_code == 200 and with_email.name in page.content.decode()
    response = client.post(reverse("organization:activation_send"), {"scope": "all"})
    batch = ActivationBatch.objects.get()
    assert response["Location"] == reverse("organization:activation_batch", args=[batch.pk])
    assert batch.status == "done" and batch.processed == batch.total > 0
    assert batch.sent == len(mail.outbox) >= 1 and with_email.email in {m.to[0] for m in mail.outbox}
    active = Employee.objects.filter(agency=with_email.agency, is_active=True).count()
    assert batch.sent + batch.skipped_active + batch.skipped_no_email == active
    assert "Tautan terkirim" in client.get(response["Location"]).content.decode()
    status = client.get(reverse("organization:activation_batch_status", args=[batch.pk]))
    assert status.status_code == 200 and status["HX-Refresh"] == "true"


def test_an_operator_sends_links_to_a_selection(client, operator_diskominfo):
    chosen = employee_without_account()
    client.force_login(operator_diskominfo)
    client.post(reverse("organization:activation_send"), {"scope": "selection", "employees": [chosen.pk]})
    assert [m.to for m in mail.outbox] == [[chosen.email]]
    empty = client.post(reverse("organization:activation_send"), {"scope": "selection"})
    assert "Pilih minimal satu pegawai" in empty.content.decode()


def test_an_operator_cannot_send_for_another_agency_nor_read_its_batches(client, operator_diskominfo,
                                                                          operator_dinkes, pegawai_diskominfo):
    other = employee_without_account("DINKES")
    batch = services.activation_batch_start(agency=other.agency, by=operator_dinkes)
    mail.outbox.clear()
    client.force_login(operator_diskominfo)
    client.post(reverse("organization:activation_send"), {"scope": "selection", "employees": [other.pk],
                                                          "agency": other.agency_id})
    assert other.email not in {m.to[0] for m in mail.outbox if m.to}
    assert client.get(reverse("organization:activation_batch", args=[batch.pk])).status_code == 404
    client.force_login(pegawai_diskominfo)
    assert client.get(reverse("organization:activation_send")).status_code == 403


def test_the_send_page_does_not_query_per_row(client, admin_user):
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    biggest = (Employee.objects.filter(is_active=True, user__isnull=True).values("agency_id")
               .annotate(n=Count("pk")).order_by("-n").first()["agency_id"])
    client.force_login(admin_user)
    url = reverse("organization:activation_send") + f"?agency={biggest}"
    client.get(url)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.context["waiting_count"]

    many, waiting_many = queries()
    employees = list(Employee.objects.filter(agency_id=biggest, is_active=True, user__isnull=True)[2:])
    User.objects.filter(pk__in=[u.pk for u in services.accounts_ensure(employees=employees).values()]).update(
        password="md5$x$y")
    few, waiting_few = queries()
    assert waiting_many >= waiting_few + 5 and many == few


# --- lifecycle -------------------------------------------------------------------------------------------------------

def test_an_employee_made_inactive_loses_access_at_once(client, operator_diskominfo, pegawai_diskominfo, api):
    token, _key = AuthToken.objects.create(user=pegawai_diskominfo)
    client.force_login(pegawai_diskominfo)
    assert client.get(reverse("home")).status_code == 200
    employee = pegawai_diskominfo.employee
    employee.is_active = False  # pensiun
    employee_save(employee=employee, by=operator_diskominfo)
    assert client.get(reverse("home")).status_code == 302
    assert not User.objects.get(pk=pegawai_diskominfo.pk).is_active
    assert not AuthToken.objects.filter(pk=token.pk).exists()
    employee.is_active = True
    employee_save(employee=employee, by=operator_diskominfo)
    assert User.objects.get(pk=pegawai_diskominfo.pk).is_active


def test_an_import_marking_an_employee_inactive_switches_the_account_off(pegawai_diskominfo):
    employee = pegawai_diskominfo.employee
    Employee.objects.filter(pk=employee.pk).update(is_active=False)
    services.accounts_follow_employees(employee_ids=[employee.pk], previous={employee.pk: (employee.agency_id, True)})
    assert not User.objects.get(pk=pegawai_diskominfo.pk).is_active


def test_a_transfer_moves_the_persons_agency_roles(admin_user, operator_diskominfo, dinkes):
    employee = operator_diskominfo.employee
    employee.agency, employee.unit, employee.superior = dinkes, None, None
    employee_save(employee=employee, by=admin_user)
    roles = set(RoleAssignment.objects.filter(user=operator_diskominfo).values_list("role", "agency__code"))
    assert (Role.OPERATOR, "DINKES") in roles and (Role.OPERATOR, "DISKOMINFO") not in roles
