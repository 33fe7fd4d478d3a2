"""Reads that join or group. Every list page and API list gets its queryset here (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Rank
from django.utils import timezone

from organization.models import Agency, User

from . import permissions
from .models import AgencyQuota, ChainStep, ChangeAgent, ChangeProject, Nomination, ProgramPeriod

CHANGE_WINDOW_DAYS = 365  # "a concrete change within one year" (PermenPAN-RB 90/2021 sheet)


# --- quota ----------------------------------------------------------------------------------------------------

def quota_for(period: ProgramPeriod, agency_id: int) -> int:
    override = AgencyQuota.objects.filter(period=period, agency_id=agency_id).values_list("quota", flat=True).first()
    return period.default_quota if override is None else override


def quota_used(period: ProgramPeriod, agency_id: int) -> int:
    return Nomination.objects.filter(period=period, agency_id=agency_id, status__in=Nomination.QUOTA_STATUSES).count()


def quota_overview(period: ProgramPeriod | None, agency_ids) -> list[dict]:
    """Quota, used and left for each of ``agency_ids`` (one query whatever their number: the override and the
    count of nominations that take up the quota are subqueries per agency)."""
    if period is None:
        return []
    override = AgencyQuota.objects.filter(period=period, agency_id=OuterRef("pk")).values("quota")[:1]
    used = (Nomination.objects.filter(period=period, agency_id=OuterRef("pk"), status__in=Nomination.QUOTA_STATUSES)
            .order_by().values("agency_id").annotate(n=Count("pk")).values("n"))
    agencies = (Agency.objects.filter(pk__in=list(agency_ids))
                .annotate(quota_override=Subquery(override), quota_used=Subquery(used)).order_by("name"))
    rows = []
    for a in agencies:
        quota = period.default_quota if a.quota_override is None else a.quota_override
        used_n = a.quota_used or 0
        rows.append({"agency": a, "quota": quota, "used": used_n, "left": max(0, quota - used_n)})
    return rows


# --- nominations ----------------------------------------------------------------------------------------------

#: The columns the nomination list page shows (with the candidate, agency and period it names).
NOMINATION_PAGE_FIELDS = ("status", "return_comment", "score_total", "updated_at", "candidate__name",
                          "candidate__nip", "agency__name", "agency__abbreviation", "period__name")


STALLABLE = (Nomination.Status.SUBMITTED, Nomination.Status.ENDORSED)


def stalled_condition(*, now: dt.datetime | None = None, factor: int = 1) -> Q:
    """Nominations waiting for their next actor (an endorser, or Tim RB) longer than ``factor`` × their period's
    ``escalation_days``. One small query (the distinct escalation settings), then a plain condition."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    days_settings = (ProgramPeriod.objects.filter(nominations__status__in=STALLABLE).order_by()
                     .values_list("escalation_days", flat=True).distinct())
    for days in set(days_settings):
        condition |= Q(period__escalation_days=days, waiting_since__lt=now - dt.timedelta(days=days * factor))
    return Q(status__in=STALLABLE) & condition


def stalled_nominations(user: User, *, now: dt.datetime | None = None) -> QuerySet:
    """The stalled list (Tim RB's page and ``?stalled=true`` in the API): longest waiting first, with the agency
    and its head for the "waiting for" column."""
    return (permissions.visible_nominations(user).select_related(None)
            .select_related("candidate", "agency", "agency__head", "period")
            .filter(stalled_condition(now=now)).order_by("waiting_since", "pk"))


def nomination_list(user: User, *, period_id=None, status: str = "", agency_id=None, q: str = "",
                    for_page: bool = False, stalled: bool = False) -> QuerySet:
    """Nominations in the user's scope with the list filters, most recently changed first. Joins only the
    candidate (and for the page, ``for_page``, the agency and period it shows, reading only the shown columns):
    every further join costs the database more to plan than to run."""
    qs = permissions.visible_nominations(user).select_related(None)
    if for_page:
        qs = qs.select_related("candidate", "agency", "period").only(*NOMINATION_PAGE_FIELDS)
    else:
        qs = qs.select_related("candidate")
    if period_id:
        qs = qs.filter(period_id=_int(period_id))
    if status in Nomination.Status.values:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=_int(agency_id))
    if stalled:
        qs = qs.filter(stalled_condition())
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        qs = qs.filter(Q(candidate__name__icontains=q) | Q(candidate__nip__startswith=digits))
    return qs.order_by("-updated_at", "-pk")


def acting_heads_by_agency(agency_ids, *, on: dt.date | None = None) -> dict[int, list]:
    """Acting heads in force on ``on`` for each agency (one query)."""
    from organization.models import ActingHead

    found: dict[int, list] = defaultdict(list)
    for acting in ActingHead.objects.on(on).filter(agency_id__in=list(agency_ids)).select_related("employee"):
        found[acting.agency_id].append(acting)
    return found


def nomination_ranking(user: User, period: ProgramPeriod, *, agency_id=None) -> QuerySet:
    """Endorsed and decided nominations of a period, ranked by weighted score within each agency."""
    qs = permissions.visible_nominations(user).filter(
        period=period, status__in=[Nomination.Status.ENDORSED, Nomination.Status.APPROVED, Nomination.Status.REJECTED]
    )
    if agency_id:
        qs = qs.filter(agency_id=_int(agency_id))
    return qs.annotate(
        rank=Window(Rank(), partition_by=[F("agency_id")], order_by=F("score_total").desc(nulls_last=True)),
    ).order_by("agency__name", "rank", "candidate__name")


def waiting_for(nomination: Nomination) -> str:
    """Who the nomination waits for, read from the organisation data: "Kepala Dinas … (Plt.: <name>)", "Tim RB"."""
    from organization.models import ActingHead, head_title

    step = nomination.current_step
    if not step:
        return ""
    if step == ChainStep.TIM_RB:
        return str(ChainStep.TIM_RB.label)
    agency_id = permissions.step_agency_id(nomination)
    agency = Agency.objects.select_related("head").filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        return str(ChainStep(step).label)
    label = head_title(agency)
    if agency.head_id:
        label += f" ({agency.head.name})"
    for acting in ActingHead.objects.on().filter(agency=agency).select_related("employee"):
        label += f"; {acting.prefix} {acting.employee.name}"
    return label


def nomination_history(nomination: Nomination) -> QuerySet:
    return nomination.transitions.select_related("actor").order_by("at", "pk")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# --- registry -------------------------------------------------------------------------------------------------

#: What the registry page shows of each agent (besides its own columns: kind, roles, term, decree, status).
REGISTRY_PAGE_FIELDS = ("kind", "roles", "term_start", "term_end", "decree_number", "status", "employee__name",
                        "employee__nip", "employee__unit__name", "employee__unit__abbreviation", "agency__name",
                        "agency__abbreviation")


def agent_registry(
    user: User, *, agency_id=None, period_id=None, role: str = "", state: str = "", kind: str = "", q: str = "",
    shape: str = "",
) -> QuerySet[ChangeAgent]:
    """The registry with its filters. ``state``: active (current) or ended; ``kind``: agen or role_model.

    ``shape`` trims the joins to what a list shows (each join costs the database more to plan than to run):
    ``"page"`` the registry page (person, unit, agency, only the shown columns), ``"api"`` the API list (the
    agent's own columns and the person); by default everything (exports, details)."""
    qs = permissions.visible_agents(user)
    if shape == "page":
        qs = qs.select_related(None).select_related("employee__unit", "agency").only(*REGISTRY_PAGE_FIELDS)
    elif shape == "api":
        qs = qs.select_related(None).select_related("employee")
    if agency_id:
        qs = qs.filter(agency_id=_int(agency_id))
    if period_id:
        qs = qs.filter(period_id=_int(period_id))
    if role:
        # JSON containment differs between PostgreSQL and SQLite; a quoted substring match works on both.
        qs = qs.filter(roles__icontains=f'"{role}"')
    today = timezone.localdate()
    if state == "active":
        qs = qs.filter(status=ChangeAgent.Status.ACTIVE, term_end__gte=today)
    elif state == "ended":
        qs = qs.filter(Q(status=ChangeAgent.Status.ENDED) | Q(term_end__lt=today))
    if kind in ChangeAgent.Kind.values:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(employee__name__icontains=q) | Q(employee__nip__startswith=q.replace(" ", ""))
                       | Q(decree_number__icontains=q))
    return qs.order_by("agency__name", "employee__name", "-term_start", "pk")


# --- projects -------------------------------------------------------------------------------------------------

def project_list(user: User, *, mine: bool = False, agency_id=None, status: str = "", area: str = "",
                 q: str = "") -> QuerySet[ChangeProject]:
    qs = permissions.visible_projects(user)
    if mine:
        qs = qs.filter(agent__employee_id=user.employee_id or -1)
    if agency_id:
        qs = qs.filter(agency_id=_int(agency_id))
    if status in ChangeProject.Status.values:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(reform_area=area)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(agent__employee__name__icontains=q))
    return qs.order_by("-updated_at", "-pk")


def report_due(project: ChangeProject, today: dt.date | None = None) -> bool:
    """A running project owes a report for the current month (the reminder starts on REPORT_REMINDER_DAY)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    return (project.status in ChangeProject.ACTIVE_STATUSES and project.start_date <= today
            and (project.last_report_month is None or project.last_report_month < month))


# --- ZI figures -----------------------------------------------------------------------------------------------

SUMMARY_KEYS = ["agents", "quota", "role_models", "nominations", "projects_active", "agents_with_change", "changes",
                "integrated", "pct_agents_with_change", "pct_integrated", "zi_grade"]


def zi_grade(agents: int, agents_with_change: int) -> str:
    """"Agen perubahan ditetapkan": A appointed and contributing, B appointed not yet contributing, C none."""
    if agents <= 0:
        return "C"
    return "A" if agents_with_change > 0 else "B"


def _percentages(row: dict) -> dict:
    agents, changes, integrated = row["agents"], row["changes"], row["integrated"]
    # ZI sheet: changes ÷ agents, capped at 100% ("1 agen 1 perubahan"); integrated ÷ changes.
    row["pct_agents_with_change"] = round(min(100.0, 100.0 * changes / agents), 1) if agents else 0.0
    row["pct_integrated"] = round(100.0 * integrated / changes, 1) if changes else 0.0
    row["zi_grade"] = zi_grade(agents, row["agents_with_change"])
    return row


def agency_summary(*, agency_ids: list[int] | None = None, period=None) -> dict[int, dict]:
    """Figures per top-level agency for dashboards and reports, in a fixed number of queries (no query per agency).

    - ``agents`` / ``role_models``: people currently appointed (active, term not run out);
    - ``quota`` and ``nominations`` (status → count): for ``period`` (default: the current period);
    - ``projects_active``: projects planned or running;
    - ``changes``: projects finished with a concrete change in the last 12 months; ``integrated``: of those,
      integrated into the management system; ``agents_with_change``: current agents with at least one such change;
    - ``pct_agents_with_change`` = changes ÷ agents, capped at 100 (ZI sheet); ``pct_integrated`` = integrated ÷
      changes; ``zi_grade``: A (agents, and one has a change), B (agents, no change yet), C (no agents).
    """
    today = timezone.localdate()
    since = today - dt.timedelta(days=CHANGE_WINDOW_DAYS)
    agencies = Agency.objects.top_level().active()
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=list(agency_ids))
    ids = list(agencies.order_by("name").values_list("pk", flat=True))
    if period is None:
        period = ProgramPeriod.objects.current(today)

    overrides, nominations = {}, defaultdict(dict)
    if period is not None:
        overrides = dict(AgencyQuota.objects.filter(period=period, agency_id__in=ids)
                         .values_list("agency_id", "quota"))
        for agency_id, status, n in (Nomination.objects.filter(period=period, agency_id__in=ids)
                                     .values("agency_id", "status").annotate(n=Count("pk"))
                                     .values_list("agency_id", "status", "n")):
            nominations[agency_id][status] = n

    people = {
        row["agency_id"]: row for row in ChangeAgent.objects.current(today).filter(agency_id__in=ids)
        .values("agency_id").annotate(
            agents=Count("employee", distinct=True, filter=Q(kind=ChangeAgent.Kind.AGEN)),
            role_models=Count("employee", distinct=True, filter=Q(kind=ChangeAgent.Kind.ROLE_MODEL)),
        )
    }
    # Only what the agency's kepala or operator verified counts (the agent's own "selesai" does not).
    done_recently = Q(status=ChangeProject.Status.DONE, completed_on__gte=since, completed_on__lte=today,
                      change_verified_at__isnull=False)
    projects = {
        row["agency_id"]: row for row in ChangeProject.objects.filter(agency_id__in=ids).values("agency_id").annotate(
            projects_active=Count("pk", filter=Q(status__in=ChangeProject.ACTIVE_STATUSES)),
            changes=Count("pk", filter=done_recently),
            integrated=Count("pk", filter=done_recently & Q(integrated=True, integration_verified_at__isnull=False)),
        )
    }
    with_change = dict(
        ChangeAgent.objects.current(today).agents().filter(agency_id__in=ids)
        .filter(Exists(ChangeProject.objects.filter(done_recently, agent__employee_id=OuterRef("employee_id"),
                                                    agency_id=OuterRef("agency_id"))))
        .values("agency_id").annotate(n=Count("employee", distinct=True)).values_list("agency_id", "n")
    )

    result = {}
    for agency_id in ids:
        p, pr = people.get(agency_id, {}), projects.get(agency_id, {})
        result[agency_id] = _percentages({
            "agents": p.get("agents", 0),
            "quota": overrides.get(agency_id, period.default_quota) if period else 0,
            "role_models": p.get("role_models", 0),
            "nominations": dict(nominations.get(agency_id, {})),
            "projects_active": pr.get("projects_active", 0),
            "agents_with_change": with_change.get(agency_id, 0),
            "changes": pr.get("changes", 0),
            "integrated": pr.get("integrated", 0),
        })
    return result


def city_summary(*, agency_ids: list[int] | None = None, period=None) -> dict:
    """The same figures summed over the agencies, with the percentages and grade recomputed for the city."""
    return combine_summary(agency_summary(agency_ids=agency_ids, period=period))


def combine_summary(per_agency: dict[int, dict]) -> dict:
    total = {"agents": 0, "quota": 0, "role_models": 0, "nominations": {}, "projects_active": 0,
             "agents_with_change": 0, "changes": 0, "integrated": 0}
    for row in per_agency.values():
        for key in ("agents", "quota", "role_models", "projects_active", "agents_with_change", "changes", "integrated"):
            total[key] += row[key]
        for status, n in row["nominations"].items():
            total["nominations"][status] = total["nominations"].get(status, 0) + n
    return _percentages(total)
