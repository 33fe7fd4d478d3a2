"""Writes on accounts: one account per employee, activation links, and the account following the employee record.

An account is *activated* once it can be used: it has a usable password, or its owner has signed in (through SSO).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import ActivationBatch, Employee, Role, RoleAssignment, User
from .tokens import activation_tokens, encode_uid, lifetime_seconds
from .usernames import unique_username

NOT_AN_EMPLOYEE = _("Akun SSO Anda tidak terdaftar sebagai pegawai aktif di portal ini. Hubungi operator "
                    "kepegawaian perangkat daerah Anda.")
NO_NIP_CLAIM = _("Layanan SSO tidak mengirimkan NIP Anda, jadi akun tidak dapat dicocokkan. Hubungi admin SSO.")
BATCH_CHUNK = 200


def activated_q(prefix: str = "") -> Q:
    """Accounts that can be used: a usable password, or a first sign-in already done (SSO)."""
    return ~Q(**{f"{prefix}password__startswith": "!"}) | Q(**{f"{prefix}last_login__isnull": False})


def _new_user(employee: Employee, taken: set[str]) -> User:
    first, _sp, last = employee.name.partition(" ")
    user = User(username=unique_username(employee.name, taken=taken), email=employee.email,
                first_name=first[:150], last_name=last[:150], employee=employee)
    user.set_unusable_password()
    return user


@transaction.atomic
def account_ensure(*, employee: Employee) -> User:
    """The employee's account, created (neutral username, unusable password) when missing."""
    existing = User.objects.filter(employee=employee).first()
    if existing:
        return existing
    user = _new_user(employee, set())
    user.save()
    return user


@transaction.atomic
def accounts_ensure(*, employees: list[Employee]) -> dict[int, User]:
    """Accounts for many employees at once: one query for the existing ones, one insert for the rest."""
    ids = [e.pk for e in employees]
    found = {u.employee_id: u for u in User.objects.filter(employee_id__in=ids)}
    taken: set[str] = set()
    new = [_new_user(e, taken) for e in employees if e.pk not in found]
    if new:
        User.objects.bulk_create(new, batch_size=500)
        found.update({u.employee_id: u for u in User.objects.filter(employee_id__in=[u.employee_id for u in new])})
    return found


def activation_url(user: User) -> str:
    path = reverse("activation_confirm", kwargs={"uidb64": encode_uid(user), "token": activation_tokens.make_token(user)})
    return settings.SITE_URL.rstrip("/") + path


def activation_mail_send(*, user: User, employee: Employee | None = None) -> bool:
    """Send ``user`` a one-time activation link at the employee record's address. False when there is none."""
    employee = employee or user.employee
    address = (employee.email if employee else "") or user.email
    if not address or not user.is_active:
        return False
    context = {"user": user, "name": employee.name if employee else str(user), "username": user.username,
               "url": activation_url(user), "hours": lifetime_seconds() // 3600}
    send_mail(
        subject=str(_("Aktivasi akun Portal Agen Perubahan")),
        message=render_to_string("registration/activation_email.txt", context),
        from_email=None, recipient_list=[address],
    )
    return True


def activation_request_process(*, nip: str) -> bool:
    """The work behind "kirim tautan aktivasi" on the login page, run by a task (so the page does the same work
    whether the NIP exists or not). Sends only to an active employee with an e-mail address and an active account
    (or none yet)."""
    employee = Employee.objects.filter(nip=nip, is_active=True).exclude(email="").first()
    if employee is None:
        return False
    user = account_ensure(employee=employee)
    return activation_mail_send(user=user, employee=employee)


def employees_to_invite(*, employee_ids) -> list[User]:
    """Accounts (created when missing) of the active employees among ``employee_ids`` who have an e-mail address and
    no activated account: the people an activation link helps. Employees whose account was switched off are left out."""
    employees = list(
        Employee.objects.filter(pk__in=list(employee_ids), is_active=True).exclude(email="")
        .exclude(user__in=User.objects.filter(activated_q() | Q(is_active=False))).order_by("pk")
    )
    accounts = accounts_ensure(employees=employees)
    users = []
    for e in employees:
        user = accounts[e.pk]
        user.employee = e
        users.append(user)
    return users


@transaction.atomic
def account_activate(*, user: User, password: str) -> User:
    """Set the first password (Django's validators apply); the link that led here is spent with it."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


# --- operators: links to a selection or to a whole agency -------------------------------------------------------

@transaction.atomic
def activation_batch_start(*, agency, by: User, employee_ids: list[int] | None = None) -> ActivationBatch:
    if not permissions.can_send_activation(by, agency):
        raise PermissionDenied(_("Anda tidak berwenang mengirim tautan aktivasi untuk perangkat daerah ini."))
    qs = Employee.objects.filter(agency=agency, is_active=True)
    if employee_ids:
        qs = qs.filter(pk__in=employee_ids)
    ids = sorted(qs.values_list("pk", flat=True))
    batch = ActivationBatch.objects.create(agency=agency, created_by=by, employee_ids=ids if employee_ids else [],
                                           total=len(ids))
    from ..tasks import send_activation_batch

    batch_id = batch.pk
    transaction.on_commit(lambda: send_activation_batch.delay(batch_id))
    return batch


def activation_batch_run(*, batch_id: int) -> ActivationBatch:
    """Send the batch's links in chunks, saving progress after each. Safe to run twice: a finished batch is left
    alone, and an account activated in between no longer gets a link."""
    batch = ActivationBatch.objects.get(pk=batch_id)
    if not batch.is_in_progress:
        return batch
    batch.status = ActivationBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    qs = Employee.objects.filter(agency_id=batch.agency_id, is_active=True)
    if batch.employee_ids:
        qs = qs.filter(pk__in=batch.employee_ids)
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    batch.total, batch.processed, batch.sent, batch.skipped_no_email, batch.skipped_active = len(ids), 0, 0, 0, 0
    for start in range(0, len(ids), BATCH_CHUNK):
        chunk = ids[start:start + BATCH_CHUNK]
        users = employees_to_invite(employee_ids=chunk)
        for user in users:
            batch.sent += activation_mail_send(user=user, employee=user.employee)
        no_email = Employee.objects.filter(pk__in=chunk, email="").count()
        batch.skipped_no_email += no_email
        batch.skipped_active += len(chunk) - len(users) - no_email
        batch.processed += len(chunk)
        batch.save(update_fields=["total", "processed", "sent", "skipped_no_email", "skipped_active"])
    batch.status = ActivationBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch


# --- lifecycle ------------------------------------------------------------------------------------------------

def _delete_api_tokens(user_ids: list[int]) -> None:
    """A switched-off account keeps no API token (django-rest-knox)."""
    from knox.models import AuthToken

    AuthToken.objects.filter(user_id__in=user_ids).delete()


AGENCY_ROLES = (Role.KEPALA, Role.OPERATOR, Role.AGEN, Role.ROLE_MODEL)


@transaction.atomic
def accounts_follow_employees(*, employee_ids, previous: dict[int, tuple[int, bool]] | None = None) -> None:
    """Make accounts follow the employee records after a save or an import.

    An employee made inactive (pensiun, mutasi keluar) loses access at once: the account is switched off (the
    authentication backends refuse inactive accounts on every request) and its API tokens are deleted. An employee
    made active again gets the account back. ``previous`` maps employee id → (agency id, active) before the change:
    on a transfer the person's agency-scoped roles move with them to the new agency."""
    previous = previous or {}
    ids = list(employee_ids)
    gone = list(User.objects.filter(employee_id__in=ids, employee__is_active=False, is_active=True)
                .values_list("pk", flat=True))
    if gone:
        User.objects.filter(pk__in=gone).update(is_active=False)
        _delete_api_tokens(gone)
    back = [pk for pk, (_agency, was_active) in previous.items() if not was_active]
    if back:
        User.objects.filter(employee_id__in=back, employee__is_active=True, is_active=False).update(is_active=True)
    moved = {pk: agency for pk, (agency, _active) in previous.items()}
    if not moved:
        return
    for employee in Employee.objects.filter(pk__in=list(moved), user__isnull=False).select_related("user"):
        old = moved[employee.pk]
        if old == employee.agency_id:
            continue
        for assignment in RoleAssignment.objects.filter(user=employee.user, agency_id=old, role__in=AGENCY_ROLES):
            duplicate = RoleAssignment.objects.filter(user=employee.user, role=assignment.role,
                                                      agency_id=employee.agency_id).exists()
            if duplicate:
                assignment.delete()
            else:
                assignment.agency_id = employee.agency_id
                assignment.save(update_fields=["agency"])
