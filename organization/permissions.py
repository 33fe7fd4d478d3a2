"""Access rules for organisation data, and the scope helpers every app uses.

Rules are ``can_<action>(user, obj) -> bool``; lists start from ``visible_<things>(user)``. Out of scope answers
404 (the object is not in ``visible_*``); in scope but not allowed answers 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import ActingHead, Agency, Employee, ImportJob, Role, User

# Roles that read everything in the city.
CITY_READERS = (Role.ADMIN, Role.TIM_RB, Role.PIMPINAN)
# Roles that manage employee data of their own agency.
EMPLOYEE_MANAGERS = (Role.OPERATOR,)
AGENCY_STAFF_ROLES = (Role.KEPALA, Role.OPERATOR, Role.AGEN, Role.ROLE_MODEL)


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def is_tim_rb(user: User) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or user.has_role(Role.TIM_RB)))


def is_city_reader(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(*CITY_READERS)))


def scope_agency_ids(user: User, *roles: str) -> set[int] | None:
    """Agency ids the user reaches through ``roles``; ``None`` means the whole city."""
    if not user.is_authenticated:
        return set()
    if is_city_reader(user):
        return None
    return user.agency_ids_for(*(roles or AGENCY_STAFF_ROLES))


def access_object(queryset: QuerySet, **lookup):
    """Fetch an object from a visible queryset: missing and out-of-scope answer the same 404."""
    return get_object_or_404(queryset, **lookup)


# --- agencies -----------------------------------------------------------------------------------------------

def visible_agencies(user: User) -> QuerySet[Agency]:
    """Every signed-in user may read the agency table (it is public information)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.select_related("parent")


def can_manage_agencies(user: User) -> bool:
    return is_tim_rb(user)


# --- acting heads (Plt./Plh.) -------------------------------------------------------------------------------

def visible_acting_heads(user: User) -> QuerySet[ActingHead]:
    """Acting appointments are organisation data, public within the city like the agency table."""
    qs = ActingHead.objects.select_related("agency", "agency__head", "employee")
    if not user.is_authenticated:
        return qs.none()
    return qs


def can_manage_acting_heads(user: User) -> bool:
    """Recording a Plt./Plh. (who then endorses in the head's name): Tim RB and administrators."""
    return is_tim_rb(user)


# --- employees ----------------------------------------------------------------------------------------------

def can_edit_institution(user: User) -> bool:
    """The institution's identity (name, letterhead, signatory) is kept by Tim RB and administrators."""
    return is_tim_rb(user)


def visible_employees(user: User) -> QuerySet[Employee]:
    qs = Employee.objects.select_related("agency", "unit", "superior")
    if not user.is_authenticated:
        return qs.none()
    ids = scope_agency_ids(user, Role.OPERATOR, Role.KEPALA)
    if ids is None:
        return qs
    if user.employee_id:
        return qs.filter(agency_id__in=ids) | qs.filter(pk=user.employee_id)
    return qs.filter(agency_id__in=ids)


def can_list_employees(user: User) -> bool:
    return is_city_reader(user) or bool(user.agency_ids_for(Role.OPERATOR, Role.KEPALA))


def can_manage_employees(user: User, agency: Agency | int | None = None) -> bool:
    """Operators manage their own agency's employees; administrators manage everyone."""
    if is_admin(user):
        return True
    ids = user.agency_ids_for(*EMPLOYEE_MANAGERS)
    if agency is None:
        return bool(ids)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in ids


def can_edit_employee(user: User, employee: Employee) -> bool:
    return can_manage_employees(user, employee.agency_id)


def can_see_nip(user: User, employee: Employee) -> bool:
    """The NIP is personal data: Tim RB and administrators, the operator and kepala of the employee's agency, and
    the employee themself (readers of a history page see a NIP change only then)."""
    if not user.is_authenticated:
        return False
    if is_tim_rb(user) or (user.employee_id and user.employee_id == employee.pk):
        return True
    return employee.agency_id in user.agency_ids_for(Role.OPERATOR, Role.KEPALA)


def can_view_employee_history(user: User, employee: Employee) -> bool:
    """"Riwayat perubahan" of an employee record: Tim RB (and administrators), the agency's operator and kepala, and
    the employee themself; never another pegawai, and not the city's leaders (they read dashboards)."""
    return can_see_nip(user, employee)


def can_send_activation(user: User, agency: Agency | int | None = None) -> bool:
    """Operators send activation links to their own agency's employees; administrators to anyone's."""
    return can_manage_employees(user, agency)


def visible_activation_batches(user: User):
    from .models import ActivationBatch

    qs = ActivationBatch.objects.select_related("agency", "created_by")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(agency_id__in=user.agency_ids_for(*EMPLOYEE_MANAGERS))
def superior_agency_ids(user: User) -> set[int] | None:
    """Agencies whose employees the user may name as someone's superior; ``None`` means anyone in the city.

    An operator links superiors within their own agencies only: a superior elsewhere makes their staff raters
    (30 % of the total) of another agency's agent. One outside (a kepala whose superior is the Sekda) is set by
    Tim RB or an administrator.
    """
    if is_tim_rb(user):
        return None
    return user.agency_ids_for(*EMPLOYEE_MANAGERS)


def can_set_superior(user: User, superior: Employee | None, *, current_superior_id: int | None = None) -> bool:
    """The one rule for the employee form, the API and the SIMPEG import: keeping the stored superior is always
    allowed; a new one must be in ``superior_agency_ids``."""
    if superior is None or (current_superior_id is not None and superior.pk == current_superior_id):
        return True
    ids = superior_agency_ids(user)
    return ids is None or superior.agency_id in ids


def assignable_superiors(user: User, *, current_superior_id: int | None = None) -> QuerySet[Employee]:
    """Employees ``can_set_superior`` accepts (the stored superior included), for forms and lookups."""
    qs = Employee.objects.all()
    ids = superior_agency_ids(user)
    if ids is None:
        return qs
    keep = Q(pk=current_superior_id) if current_superior_id else Q(pk__in=[])
    return qs.filter(Q(agency_id__in=ids) | keep)


def manageable_agencies(user: User) -> QuerySet[Agency]:
    """Top-level agencies into which the user may create or import employees."""
    qs = Agency.objects.top_level().active()
    if is_admin(user):
        return qs
    return qs.filter(pk__in=user.agency_ids_for(*EMPLOYEE_MANAGERS))


# --- employee import ----------------------------------------------------------------------------------------

def can_import_employees(user: User, agency: Agency | int | None = None) -> bool:
    """Importing is managing employees in bulk: the same people, the same agencies."""
    return can_manage_employees(user, agency)


def visible_import_jobs(user: User) -> QuerySet[ImportJob]:
    """Imports of the agencies the user manages (administrators: all). Others' imports answer 404."""
    qs = ImportJob.objects.select_related("agency", "created_by")
    if not user.is_authenticated:
        return qs.none()
    if is_admin(user):
        return qs
    return qs.filter(agency_id__in=user.agency_ids_for(*EMPLOYEE_MANAGERS))
