"""Who may see and do what in the agents app. The only home of these rules (views, API and templates use them).

Scope: Tim RB, administrators and pimpinan read the whole city; kepala and operators read their agency's
nominations; agents see their own projects. Out of scope answers 404 (``visible_*``); in scope but not allowed 403.
"""

from __future__ import annotations

from django.db.models import Exists, Q, QuerySet

from organization.models import Agency, Role, User
from organization.permissions import is_admin, is_city_reader, is_tim_rb
from organization.selectors import Capacity, head_capacity, led_agency_ids_subquery

from .models import ChainStep, ChangeAgent, ChangeProject, Nomination, ProgramPeriod

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

def leads_an_agency(user: User) -> bool:
    """Head or acting head (Plt./Plh. in force today) of some agency, in the organisation data."""
    return bool(user.is_authenticated and user.employee_id
                and Agency.objects.filter(pk__in=led_agency_ids_subquery(user)).exists())


def nominations_in_menu(user: User) -> bool:
    """The menu entry, from the roles alone: the menu is on every page and must not cost a query. A head or acting
    head without the kepala role reaches the list from the home panel and from notifications."""
    return is_city_reader(user) or bool(_agencies(user, Role.OPERATOR, Role.KEPALA))


def can_list_nominations(user: User) -> bool:
    return nominations_in_menu(user) or leads_an_agency(user)


def visible_nominations(user: User) -> QuerySet[Nomination]:
    """City readers: all. Operators and kepala: their agencies'. The head or an acting head of an agency (from the
    organisation data) also sees its nominations; the head or acting head of the Sekretariat Daerah sees the
    submitted nominations of periods whose chain has a Sekda step."""
    qs = Nomination.objects.select_related("period", "candidate", "candidate__unit", "agency", "created_by")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    scope = Q(agency_id__in=_agencies(user, Role.OPERATOR, Role.KEPALA))
    if user.employee_id:
        led = led_agency_ids_subquery(user)
        scope |= Q(agency_id__in=led)
        scope |= (Q(status=Nomination.Status.SUBMITTED, period__approval_chain__icontains=f'"{ChainStep.SEKDA}"')
                  & _sekda_agency_filter(led))
    return qs.filter(scope)


def can_view_nomination_history(user: User, nomination: Nomination) -> bool:
    """Its "Riwayat perubahan" (field edits and workflow in one timeline): whoever may see the nomination, i.e. it
    was fetched from :func:`visible_nominations` (outside it answers 404 before this rule is asked)."""
    return bool(user.is_authenticated)


def _sekda_agency_filter(led) -> Q:
    """True when one of the ``led`` agencies is the Sekretariat Daerah (as a condition on the nomination row)."""
    setda = Agency.objects.top_level().filter(kind=Agency.Kind.SETDA, pk__in=led).values("pk")
    return Q(Exists(setda))


def step_agency_id(nomination: Nomination) -> int | None:
    """Whose head acts at the nomination's current step: the candidate's agency, or the Sekretariat Daerah."""
    step = nomination.current_step
    if step == ChainStep.KEPALA_PD:
        return nomination.agency_id
    if step == ChainStep.SEKDA:
        return (Agency.objects.top_level().active().filter(kind=Agency.Kind.SETDA).order_by("pk")
                .values_list("pk", flat=True).first())
    return None


def endorse_capacity(user: User, nomination: Nomination) -> Capacity | None:
    """In what capacity ``user`` endorses ``nomination`` now (head, Plt./Plh. in force today, or the kepala role of
    an agency without a recorded head), or None. Administrators and Tim RB do not endorse in a head's place: they
    record a Plt./Plh. instead."""
    if nomination.status != Nomination.Status.SUBMITTED or not user.is_authenticated:
        return None
    return head_capacity(user, step_agency_id(nomination))


def can_nominate(user: User, agency_id: int | None = None) -> bool:
    """Operators nominate candidates of their own agency."""
    ids = _agencies(user, Role.OPERATOR)
    return bool(ids) if agency_id is None else agency_id in ids


def can_edit_nomination(user: User, nomination: Nomination) -> bool:
    return nomination.status == Nomination.Status.DRAFT and can_nominate(user, nomination.agency_id)


def can_submit_nomination(user: User, nomination: Nomination) -> bool:
    return can_edit_nomination(user, nomination)


def can_endorse_nomination(user: User, nomination: Nomination) -> bool:
    return endorse_capacity(user, nomination) is not None


def can_decide_nomination(user: User, nomination: Nomination) -> bool:
    """Approve or reject: Tim RB (and administrators), once the kepala has endorsed."""
    return nomination.status == Nomination.Status.ENDORSED and is_tim_rb(user)


def can_approve_nomination(user: User, nomination: Nomination) -> bool:
    return can_decide_nomination(user, nomination)


def can_reject_nomination(user: User, nomination: Nomination) -> bool:
    return can_decide_nomination(user, nomination)


def can_return_nomination(user: User, nomination: Nomination) -> bool:
    """The endorser of the current step returns a submitted nomination; Tim RB returns an endorsed one."""
    return can_endorse_nomination(user, nomination) or can_decide_nomination(user, nomination)


TRANSITION_RULES = {
    "submit": can_submit_nomination,
    "endorse": can_endorse_nomination,
    "return": can_return_nomination,
    "reject": can_reject_nomination,
    "approve": can_approve_nomination,
}


def can_act_on_candidate(user: User, candidate_id: int | None) -> bool:
    """Conflict of interest: nobody nominates, endorses, approves, rejects or returns a nomination of themselves.

    Kept apart from the role rules above (who endorses may change: acting heads), and checked with them by
    ``can_transition`` and the services. The employee model records no family ties, so only the person is checked.
    """
    return not (user.is_authenticated and user.employee_id is not None and user.employee_id == candidate_id)


def can_transition(user: User, nomination: Nomination, action: str) -> bool:
    """The rule of one workflow action (checked before the request's data is read: not allowed is 403, whatever
    the data)."""
    return can_act_on_candidate(user, nomination.candidate_id) and TRANSITION_RULES[action](user, nomination)


def can_view_stalled(user: User) -> bool:
    """The list of stalled nominations across the city: Tim RB (and administrators), who follow them up."""
    return is_tim_rb(user)


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


def can_view_agent_history(user: User, agent: ChangeAgent) -> bool:
    """The change history of an agent's record: city readers, the agency's operator and kepala, and the agent
    themself; other agents of the agency see the registry entry but not its history (403)."""
    if not user.is_authenticated:
        return False
    if is_city_reader(user) or (user.employee_id and user.employee_id == agent.employee_id):
        return True
    return agent.agency_id in _agencies(user, Role.OPERATOR, Role.KEPALA)


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
    return (ChangeAgent.objects.active().agents().filter(employee_id=user.employee_id)
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


def can_verify_project(user: User, project: ChangeProject) -> bool:
    """The agency's kepala or operator (or an administrator) verifies an agent's "selesai" and "terintegrasi" before
    they count for the ZI figures; nobody verifies their own project."""
    if not project.awaiting_verification:
        return False
    if user.is_authenticated and user.employee_id and project.agent.employee_id == user.employee_id:
        return False
    return is_admin(user) or project.agency_id in _agencies(user, Role.KEPALA, Role.OPERATOR)


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
