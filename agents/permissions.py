"""Who may see and do what in the agents app. The only home of these rules (views, API and templates use them).

Scope: Tim RB, administrators and pimpinan read the whole city; kepala and operators read their agency's
nominations; agents see their own projects. Out of scope answers 404 (``visible_*``); in scope but not allowed 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organization.models import Role, User
from organization.permissions import is_admin, is_city_reader, is_tim_rb

from .models import ChangeAgent, ChangeProject, Nomination, ProgramPeriod

__all__ = ["is_admin", "is_city_reader", "is_tim_rb"]


def _agencies(user: User, *roles: str) -> set[int]:
    return user.agency_ids_for(*roles) if user.is_authenticated else set()


# --- periods --------------------------------------------------------------------------------------------------

def visible_periods(user: User) -> QuerySet[ProgramPeriod]:
    """Every signed-in user may read the periods (dates, quota and rules are public within the city)."""
    if not user.is_authenticated:
        return ProgramPeriod.objects.none()
    return ProgramPeriod.objects.all()


def can_manage_periods(user: User) -> bool:
    return is_tim_rb(user)


# --- nominations ----------------------------------------------------------------------------------------------

def can_list_nominations(user: User) -> bool:
    return is_city_reader(user) or bool(_agencies(user, Role.OPERATOR, Role.KEPALA))


def visible_nominations(user: User) -> QuerySet[Nomination]:
    qs = Nomination.objects.select_related("period", "candidate", "candidate__unit", "agency", "created_by")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    return qs.filter(agency_id__in=_agencies(user, Role.OPERATOR, Role.KEPALA))


def can_nominate(user: User, agency_id: int | None = None) -> bool:
    """Operators nominate candidates of their own agency."""
    ids = _agencies(user, Role.OPERATOR)
    return bool(ids) if agency_id is None else agency_id in ids


def can_edit_nomination(user: User, nomination: Nomination) -> bool:
    return nomination.status == Nomination.Status.DRAFT and can_nominate(user, nomination.agency_id)


def can_submit_nomination(user: User, nomination: Nomination) -> bool:
    return can_edit_nomination(user, nomination)


def can_endorse_nomination(user: User, nomination: Nomination) -> bool:
    return nomination.status == Nomination.Status.SUBMITTED and nomination.agency_id in _agencies(user, Role.KEPALA)


def can_decide_nomination(user: User, nomination: Nomination) -> bool:
    """Approve or reject: Tim RB (and administrators), once the kepala has endorsed."""
    return nomination.status == Nomination.Status.ENDORSED and is_tim_rb(user)


def can_approve_nomination(user: User, nomination: Nomination) -> bool:
    return can_decide_nomination(user, nomination)


def can_reject_nomination(user: User, nomination: Nomination) -> bool:
    return can_decide_nomination(user, nomination)


def can_return_nomination(user: User, nomination: Nomination) -> bool:
    """The kepala returns a submitted nomination; Tim RB returns an endorsed one."""
    return can_endorse_nomination(user, nomination) or can_decide_nomination(user, nomination)


TRANSITION_RULES = {
    "submit": can_submit_nomination,
    "endorse": can_endorse_nomination,
    "return": can_return_nomination,
    "reject": can_reject_nomination,
    "approve": can_approve_nomination,
}


def can_transition(user: User, nomination: Nomination, action: str) -> bool:
    """The rule of one workflow action (checked before the request's data is read: not allowed is 403, whatever
    the data)."""
    return TRANSITION_RULES[action](user, nomination)


def scorer_agency_id(user: User) -> int | None:
    """A panel member's own agency (conflict of interest): their employee record's agency."""
    return user.employee.agency_id if user.employee_id else None


def can_score_nomination(user: User, nomination: Nomination) -> bool:
    """Tim RB members score endorsed nominations, except candidates of their own agency."""
    return (
        nomination.status == Nomination.Status.ENDORSED
        and is_tim_rb(user)
        and scorer_agency_id(user) != nomination.agency_id
    )


def can_view_scores(user: User) -> bool:
    return is_tim_rb(user)


# --- staff vote -----------------------------------------------------------------------------------------------

def voter_agency_id(user: User) -> int | None:
    """The agency a user votes in: that of their active employee record (every ASN of the agency votes once)."""
    if not user.is_authenticated or not user.employee_id or not user.employee.is_active:
        return None
    return user.employee.agency_id


def can_vote(user: User, period: ProgramPeriod) -> bool:
    return period.vote_enabled and voter_agency_id(user) is not None


def can_view_vote(user: User, period: ProgramPeriod, agency_id: int) -> bool:
    """The shortlist, turnout and (after the window) results of an agency: its staff and city readers."""
    if not period.vote_enabled or not user.is_authenticated:
        return False
    return is_city_reader(user) or voter_agency_id(user) == agency_id or agency_id in _agencies(
        user, Role.OPERATOR, Role.KEPALA)


def can_view_vote_results(user: User, period: ProgramPeriod, agency_id: int) -> bool:
    """Hidden from everyone (Tim RB included) until the window has closed."""
    return can_view_vote(user, period, agency_id) and period.vote_has_closed()


def can_close_scoring(user: User, period: ProgramPeriod) -> bool:
    return can_manage_periods(user)


# --- change agents --------------------------------------------------------------------------------------------

def can_list_agents(user: User) -> bool:
    return is_city_reader(user) or bool(_agencies(user, Role.OPERATOR, Role.KEPALA, Role.AGEN, Role.ROLE_MODEL))


def visible_agents(user: User) -> QuerySet[ChangeAgent]:
    """The registry: the whole city for city readers; one's own agency for its staff roles."""
    qs = ChangeAgent.objects.select_related("employee", "employee__unit", "agency", "period")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    ids = _agencies(user, Role.OPERATOR, Role.KEPALA, Role.AGEN, Role.ROLE_MODEL)
    if user.employee_id:
        return qs.filter(Q(agency_id__in=ids) | Q(employee_id=user.employee_id))
    return qs.filter(agency_id__in=ids)


def can_manage_agents(user: User) -> bool:
    """Designate role models, end terms early, renew: Tim RB."""
    return is_tim_rb(user)


def can_end_term(user: User, agent: ChangeAgent) -> bool:
    return can_manage_agents(user) and agent.status == ChangeAgent.Status.ACTIVE


def can_renew(user: User, agent: ChangeAgent) -> bool:
    return can_manage_agents(user) and agent.status == ChangeAgent.Status.ACTIVE and not has_renewal(agent)


def has_renewal(agent: ChangeAgent) -> bool:
    try:
        return agent.renewal is not None
    except ChangeAgent.renewal.RelatedObjectDoesNotExist:
        return False


# --- change projects ------------------------------------------------------------------------------------------

def current_agent_record(user: User) -> ChangeAgent | None:
    """The user's current agen perubahan appointment (the latest started one), if any."""
    if not user.is_authenticated or not user.employee_id:
        return None
    return (ChangeAgent.objects.current().agents().filter(employee_id=user.employee_id)
            .select_related("agency").order_by("-term_start").first())


def visible_projects(user: User) -> QuerySet[ChangeProject]:
    qs = ChangeProject.objects.select_related("agent", "agent__employee", "agency")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    ids = _agencies(user, Role.OPERATOR, Role.KEPALA, Role.AGEN, Role.ROLE_MODEL)
    if user.employee_id:
        return qs.filter(Q(agency_id__in=ids) | Q(agent__employee_id=user.employee_id))
    return qs.filter(agency_id__in=ids)


def can_create_project(user: User) -> bool:
    return current_agent_record(user) is not None


def can_edit_project(user: User, project: ChangeProject) -> bool:
    """The agent who owns the project edits it and reports on it; Tim RB may correct it."""
    owner = user.is_authenticated and user.employee_id and project.agent.employee_id == user.employee_id
    return bool(owner) or is_tim_rb(user)


def can_report_progress(user: User, project: ChangeProject) -> bool:
    return (project.status in ChangeProject.ACTIVE_STATUSES
            and bool(user.employee_id) and project.agent.employee_id == user.employee_id)


def can_view_zi(user: User) -> bool:
    return is_city_reader(user) or bool(_agencies(user, Role.KEPALA, Role.OPERATOR))


def scope_agency_ids_for_zi(user: User) -> list[int] | None:
    """None (the whole city) for city readers; otherwise the agencies the user leads or administers."""
    if is_city_reader(user):
        return None
    return sorted(_agencies(user, Role.KEPALA, Role.OPERATOR))
