"""The agent registry: role models, ending a term, renewal, and keeping ``RoleAssignment`` in sync.

Contract with the rest of the portal: an active agent / role model is a user with an active
``RoleAssignment(role=agen|role_model, agency=...)``. Forums and evaluations read only those.

An employee without a user account gets one when appointed (``organization.identity.services.account_ensure``: a
neutral username, never the NIP, and an *unusable* password). They sign in through SSO or after activating the
account by link. No password is ever generated or sent by this code.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from organization.identity.services import account_ensure
from organization.models import Employee, Role, RoleAssignment, User

from .. import permissions
from ..models import AgentRole, ChangeAgent, ProgramPeriod
from .common import NOT_ALLOWED, absolute

ROLE_FOR_KIND = {ChangeAgent.Kind.AGEN: Role.AGEN, ChangeAgent.Kind.ROLE_MODEL: Role.ROLE_MODEL}
TERM_EXPIRED = "Masa tugas berakhir."


def ensure_user_for_employee(employee: Employee) -> User:
    """The employee's user account, created (neutral username, unusable password) when missing."""
    return account_ensure(employee=employee)


@transaction.atomic(savepoint=False)  # a helper of the services below (no savepoint inside them)
def sync_role_assignment(*, employee: Employee, agency_id: int, kind: str, by: User | None = None) -> User | None:
    """Make the role assignment match the records: active iff an active designation of this kind exists."""
    role = ROLE_FOR_KIND[kind]
    active = ChangeAgent.objects.active().filter(employee=employee, agency_id=agency_id, kind=kind).exists()
    if active:
        user = ensure_user_for_employee(employee)
    else:
        user = User.objects.filter(employee=employee).first()
        if user is None:
            return None
    assignment = RoleAssignment.objects.filter(user=user, role=role, agency_id=agency_id).first()
    if assignment is None:
        if not active:
            return user
        assignment = RoleAssignment(user=user, role=role, agency_id=agency_id)
    if assignment.pk is None or assignment.is_active != active:
        assignment.is_active = active
        assignment._history_user = by
        assignment.save()
    return user


def decree_date_error(decree_date: dt.date, *, earliest: dt.date) -> str | None:
    """An SK is recorded once it is signed: its date is not after today, nor before ``earliest`` (the opening of
    the nominations it decides, the SK it renews, or a year before the term it starts). Catches typing slips such
    as 2062 or 4437."""
    today = timezone.localdate()
    if decree_date > today:
        return _("Tanggal SK tidak boleh setelah hari ini (%(today)s): catat SK setelah ditandatangani.") % {
            "today": today.strftime("%d-%m-%Y")}
    if decree_date < earliest:
        return _("Tanggal SK tidak boleh sebelum %(earliest)s.") % {"earliest": earliest.strftime("%d-%m-%Y")}
    return None


def _year_before(day) -> dt.date | None:
    return day - dt.timedelta(days=366) if isinstance(day, dt.date) else None


def _decree_errors(decree_number: str, decree_date, *, earliest: dt.date | None = None) -> dict:
    errors = {}
    if not (decree_number or "").strip():
        errors["decree_number"] = _("Isi nomor SK.")
    if not decree_date:
        errors["decree_date"] = _("Isi tanggal SK.")
    elif isinstance(decree_date, dt.date) and earliest is not None:
        error = decree_date_error(decree_date, earliest=earliest)
        if error:
            errors["decree_date"] = error
    return errors


@transaction.atomic
def role_model_designate(
    *, employee: Employee, by: User, decree_number: str, decree_date: dt.date, decree_signatory: str,
    term_start: dt.date, term_end: dt.date, period: ProgramPeriod | None = None,
) -> ChangeAgent:
    """Designate a role model (usually a leader) with their own decree (SK Role Model)."""
    if not permissions.can_manage_agents(by):
        raise PermissionDenied(NOT_ALLOWED)
    errors = _decree_errors(decree_number, decree_date, earliest=_year_before(term_start))
    if not (decree_signatory or "").strip():
        errors["decree_signatory"] = _("Isi penanda tangan SK.")
    if errors:
        raise ValidationError(errors)
    clash = ChangeAgent.objects.current().role_models().filter(employee=employee)
    if period is not None:
        clash = ChangeAgent.objects.role_models().filter(employee=employee, period=period) | clash
    if clash.exists():
        raise ValidationError({"employee": _("%(name)s sudah ditetapkan sebagai role model.") % {"name": employee.name}})
    agent = ChangeAgent(
        employee=employee, agency_id=employee.agency_id, period=period, kind=ChangeAgent.Kind.ROLE_MODEL, roles=[],
        term_start=term_start, term_end=term_end, decree_number=decree_number.strip(), decree_date=decree_date,
        decree_signatory=decree_signatory.strip(),
    )
    agent.full_clean(exclude=["nomination", "renewed_from"])
    agent._history_user = by
    agent.save()
    user = sync_role_assignment(employee=employee, agency_id=employee.agency_id, kind=agent.kind, by=by)
    notify(recipients=[user], kind="role_model_designated",
           title=_("Anda ditetapkan sebagai role model"), body=_("SK %(n)s.") % {"n": agent.decree_number},
           url=absolute("agents:agent_detail", agent.pk))
    return agent


@transaction.atomic
def agent_end_term(*, agent: ChangeAgent, by: User, reason: str, ended_on: dt.date | None = None) -> ChangeAgent:
    """End a term early (mutation, retirement, a breach …). The reason is kept for the audit trail."""
    agent = ChangeAgent.objects.select_for_update().select_related("employee").get(pk=agent.pk)
    if not permissions.can_end_term(by, agent):
        raise PermissionDenied(NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan masa tugas diakhiri lebih awal.")})
    ended_on = ended_on or timezone.localdate()
    if ended_on < agent.decree_date:
        raise ValidationError({"ended_on": _("Tanggal berakhir tidak boleh sebelum tanggal SK.")})
    if ended_on > agent.term_end:
        raise ValidationError({"ended_on": _("Tanggal berakhir lebih awal harus sebelum akhir masa tugas.")})
    _end(agent, reason=reason, ended_on=ended_on, by=by)
    return agent


def _end(agent: ChangeAgent, *, reason: str, ended_on: dt.date, by: User | None) -> None:
    agent.status = ChangeAgent.Status.ENDED
    agent.ended_on = ended_on
    agent.end_reason = reason
    agent._history_user = by
    agent.save()
    sync_role_assignment(employee=agent.employee, agency_id=agent.agency_id, kind=agent.kind, by=by)


@transaction.atomic
def agent_renew(
    *, agent: ChangeAgent, by: User, period: ProgramPeriod, decree_number: str, decree_date: dt.date,
    decree_signatory: str = "", roles: list[str] | None = None,
) -> ChangeAgent:
    """Renew for the next period: a new record with that period's term, linked to this one."""
    agent = ChangeAgent.objects.select_for_update().select_related("employee").get(pk=agent.pk)
    if not permissions.can_renew(by, agent):
        raise PermissionDenied(NOT_ALLOWED)
    # A renewal SK follows the SK it renews.
    errors = _decree_errors(decree_number, decree_date, earliest=agent.decree_date)
    if period.term_start <= agent.term_start:
        errors["period"] = _("Pilih periode berikutnya (masa tugasnya dimulai setelah masa tugas sekarang).")
    elif ChangeAgent.objects.filter(employee=agent.employee, kind=agent.kind, period=period).exists():
        errors["period"] = _("%(name)s sudah tercatat pada periode %(period)s.") % {
            "name": agent.employee.name, "period": period}
    roles = list(roles) if roles is not None else list(agent.roles)
    if any(r not in AgentRole.values for r in roles):
        errors["roles"] = _("Peran tidak dikenal.")
    if errors:
        raise ValidationError(errors)
    renewal = ChangeAgent(
        employee=agent.employee, agency_id=agent.agency_id, period=period, kind=agent.kind, roles=roles,
        term_start=period.term_start, term_end=period.term_end, decree_number=decree_number.strip(),
        decree_date=decree_date, decree_signatory=(decree_signatory or agent.decree_signatory).strip(),
        renewed_from=agent,
    )
    renewal.full_clean(exclude=["nomination", "renewed_from"])
    renewal._history_user = by
    renewal.save()
    sync_role_assignment(employee=agent.employee, agency_id=agent.agency_id, kind=agent.kind, by=by)
    return renewal


@transaction.atomic
def expire_terms(today: dt.date | None = None) -> int:
    """End the designations whose term has run out and deactivate their role assignments (daily task)."""
    today = today or timezone.localdate()
    expired = list(ChangeAgent.objects.active().filter(term_end__lt=today).select_related("employee"))
    for agent in expired:
        _end(agent, reason=TERM_EXPIRED, ended_on=agent.term_end, by=None)
    return len(expired)
