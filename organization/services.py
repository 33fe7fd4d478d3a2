"""Writes on organisation data. Every write validates with full_clean() first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import permissions
from .identity.services import accounts_follow_employees
from .models import ActingHead, Agency, Employee, Institution, User

NOT_ALLOWED_INSTITUTION = _("Hanya Tim RB dan administrator yang dapat mengubah identitas instansi.")
NOT_ALLOWED_AGENCY = _("Anda tidak berwenang mengelola pegawai perangkat daerah ini.")

EMPLOYEE_FIELDS = [
    "nip", "gelar_depan", "name", "gelar_belakang", "employee_type", "sex", "birth_date", "rank", "position_type",
    "position_level", "position",
    "agency", "unit", "superior", "email", "is_active", "skp_predikat", "disciplinary_penalty", "last_penalty_date",
]


@transaction.atomic
def employee_save(*, employee: Employee, by: User) -> Employee:
    """Create or update an employee after checking the actor may manage its agency."""
    if not permissions.can_manage_employees(by, employee.agency_id):
        raise PermissionDenied(NOT_ALLOWED_AGENCY)
    previous = None
    if employee.pk:
        previous = Employee.objects.filter(pk=employee.pk).values_list("agency_id", "is_active").first()
        if previous and not permissions.can_manage_employees(by, previous[0]):
            raise PermissionDenied(NOT_ALLOWED_AGENCY)
    employee._history_user = by
    employee.full_clean()
    employee.save()
    if previous and previous != (employee.agency_id, employee.is_active):
        accounts_follow_employees(employee_ids=[employee.pk], previous={employee.pk: previous})
    return employee


@transaction.atomic
def institution_update(*, institution: Institution, by: User) -> Institution:
    """Save the institution's identity; django-solo replaces the cached copy, so every page shows it at once."""
    if not permissions.can_edit_institution(by):
        raise PermissionDenied(NOT_ALLOWED_INSTITUTION)
    institution.full_clean()
    institution.save()
    return institution
NOT_ALLOWED_ACTING = _("Hanya Tim RB atau administrator yang dapat mencatat Plt./Plh. kepala perangkat daerah.")


@transaction.atomic
def acting_head_save(*, acting: ActingHead, by: User) -> ActingHead:
    """Record or change an acting head (Plt./Plh.): dates in order, no overlap with another appointment of the same
    kind in the same agency (checked under a lock on the agency row, so two at once cannot both pass)."""
    if not permissions.can_manage_acting_heads(by):
        raise PermissionDenied(NOT_ALLOWED_ACTING)
    if acting.agency_id:
        Agency.objects.select_for_update().filter(pk=acting.agency_id).first()
    if not acting.pk:
        acting.created_by = by
    acting._history_user = by
    acting.full_clean()
    acting.save()
    return acting
