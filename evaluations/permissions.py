"""Who may see and do what with instruments, cycles, assignments and results.

- Tim RB (and administrators) manage instruments and cycles and see every result once a cycle is closed.
- Pimpinan sees the aggregates of the whole city; kepala and operator see their own agency's aggregates only
  (another agency answers 404). They see response counts while a cycle runs and scores once it is published.
- What any of them sees of the figures is decided by ``disclosure.py`` (the anonymity rule).
- A rater sees only their own assignments (someone else's answers 404).
- A subject reads their own report once the cycle is published.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Role, User
from organization.permissions import is_city_reader, is_tim_rb

from .models import Assignment, Cycle, Instrument

AGENCY_RESULT_ROLES = (Role.KEPALA, Role.OPERATOR)


# --- instruments --------------------------------------------------------------------------------------------

def can_manage_instruments(user: User) -> bool:
    return is_tim_rb(user)


def visible_instruments(user: User) -> QuerySet[Instrument]:
    if can_manage_instruments(user):
        return Instrument.objects.all()
    return Instrument.objects.none()


def can_edit_instrument(user: User, instrument: Instrument) -> bool:
    """Editing a frozen version is allowed: it makes a new version (services.instrument_editable)."""
    return can_manage_instruments(user)


# --- cycles -------------------------------------------------------------------------------------------------

def can_manage_cycles(user: User) -> bool:
    return is_tim_rb(user)


def result_agency_ids(user: User) -> set[int] | None:
    """Agencies whose aggregates the user may read: ``None`` = the whole city, empty = none."""
    if not user.is_authenticated:
        return set()
    if is_city_reader(user):
        return None
    return user.agency_ids_for(*AGENCY_RESULT_ROLES)


def can_list_cycles(user: User) -> bool:
    return can_manage_cycles(user) or result_agency_ids(user) != set()


def visible_cycles(user: User) -> QuerySet[Cycle]:
    qs = Cycle.objects.select_related("instrument")
    if can_manage_cycles(user):
        return qs
    if result_agency_ids(user) != set():
        return qs.exclude(status=Cycle.Status.DRAFT)
    return qs.none()


def can_view_cycle_history(user: User, cycle: Cycle) -> bool:
    """The change history of a cycle's own fields (never of its assignments or answers): Tim RB and
    administrators, who make those changes; readers of the cycle's figures get 403."""
    return can_manage_cycles(user)


def can_edit_cycle(user: User, cycle: Cycle) -> bool:
    return can_manage_cycles(user) and cycle.status == Cycle.Status.DRAFT


def can_adjust_assignments(user: User, cycle: Cycle) -> bool:
    return can_manage_cycles(user) and cycle.status == Cycle.Status.DRAFT


def can_open_cycle(user: User, cycle: Cycle) -> bool:
    return can_manage_cycles(user) and cycle.status == Cycle.Status.DRAFT


def can_close_cycle(user: User, cycle: Cycle) -> bool:
    return can_manage_cycles(user) and cycle.status == Cycle.Status.OPEN


def can_publish_cycle(user: User, cycle: Cycle) -> bool:
    return can_manage_cycles(user) and cycle.status == Cycle.Status.CLOSED


def can_view_results(user: User, cycle: Cycle) -> bool:
    """Response rates and, when allowed, scores. The cycle must already be in ``visible_cycles(user)``."""
    if cycle.status == Cycle.Status.DRAFT:
        return False
    return can_manage_cycles(user) or result_agency_ids(user) != set()


def can_view_scores(user: User, cycle: Cycle) -> bool:
    """Scores exist only once a cycle is closed (disclosure.py): Tim RB sees them from the close (to review them
    and the comments before publishing), other readers once the cycle is published. Nobody sees scores of an
    open cycle."""
    if cycle.status == Cycle.Status.CLOSED:
        return can_manage_cycles(user)
    if cycle.status != Cycle.Status.PUBLISHED:
        return False
    return can_manage_cycles(user) or result_agency_ids(user) != set()


def can_view_subject_results(user: User, cycle: Cycle) -> bool:
    """Individual reports of any subject: Tim RB only, once the cycle is closed (never for an anonymous culture
    survey)."""
    return (can_manage_cycles(user) and cycle.status in (Cycle.Status.CLOSED, Cycle.Status.PUBLISHED)
            and not cycle.instrument.is_survey)


def can_review_comments(user: User, cycle: Cycle) -> bool:
    """Tim RB releases or hides each comment once the cycle is closed (before and after publishing)."""
    return can_manage_cycles(user) and cycle.status in (Cycle.Status.CLOSED, Cycle.Status.PUBLISHED)


def can_read_own_report(user: User, cycle: Cycle) -> bool:
    return bool(user.is_authenticated and user.employee_id and cycle.status == Cycle.Status.PUBLISHED
                and not cycle.instrument.is_survey)


# --- assignments --------------------------------------------------------------------------------------------

def visible_assignments(user: User) -> QuerySet[Assignment]:
    """The caller's own assignments in cycles that have opened. Nobody sees another rater's assignment here."""
    if not user.is_authenticated or not user.employee_id:
        return Assignment.objects.none()
    return (Assignment.objects.filter(rater_id=user.employee_id).exclude(cycle__status=Cycle.Status.DRAFT)
            .select_related("cycle", "cycle__instrument", "subject", "subject__agency", "response"))


def can_answer(user: User, assignment: Assignment) -> bool:
    return bool(user.is_authenticated and user.employee_id == assignment.rater_id
                and assignment.cycle.accepts_answers)
