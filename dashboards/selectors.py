"""The dashboards' figures, composed from the read functions of the other apps.

Every figure comes from a grouped query (here, or in ``agents.selectors``, ``forums.selectors`` and
``evaluations.selectors``), never from one query per agency: a dashboard costs the same number of queries for one
agency or for sixty, with ten agents or ten thousand. The result is plain data (lists, dicts, numbers, ISO dates) so
it can be cached, sent by the API and exported without another query.

``sections`` says which sections the figures hold (every one, since agents, forums and evaluations are always
installed); the templates and the API read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from agents import models as agent_models
from agents import selectors as agent_selectors
from evaluations import disclosure
from evaluations import models as evaluation_models
from evaluations import selectors as evaluation_selectors
from forums import selectors as forum_selectors
from organization.models import Agency, Employee

from .cache import cached

FORUM_WEEKS = 12
TREND_CYCLES = 6
DEFAULT_BANDS = (75.0, 50.0, 25.0)
PENDING_STATUSES = ("submitted", "endorsed")
#: An open cycle (or an agency in it) below this response rate is "behind" on the dashboard's first screen.
LOW_RESPONSE_RATE = 50.0


# --- filters ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the reader chose: a program period, an evaluation cycle, a kind of agency (all optional)."""

    period: object | None = None  # agents.models.ProgramPeriod; None: the current period
    cycle: object | None = None   # evaluations.models.Cycle (published); None: the latest published
    kind: str = ""                # Agency.Kind value; "": every kind

    def key(self) -> tuple:
        return (getattr(self.period, "pk", "-"), getattr(self.cycle, "pk", "-"), self.kind or "-")


def period_choices():
    return agent_models.ProgramPeriod.objects.order_by("-term_start", "-pk")


def cycle_choices():
    """Cycles whose results may be shown: the published ones."""
    return evaluation_models.Cycle.objects.published().select_related("instrument").order_by("-closes_on", "-pk")


def top_level_kinds() -> list[tuple[str, str]]:
    return [(k, label) for k, label in Agency.Kind.choices if k not in Agency.SUB_UNIT_KINDS]


# --- bands --------------------------------------------------------------------------------------------------

def band(score: float | None, bands=DEFAULT_BANDS) -> str | None:
    """The evaluation band of a score: one rule, owned by evaluations.scoring."""
    from evaluations.scoring import band as evaluation_band

    return evaluation_band(score, tuple(bands))


# --- the figures --------------------------------------------------------------------------------------------

def city_figures(*, filters: Filters = Filters()) -> dict:
    """Figures for every top-level agency (of ``filters.kind``), cached until the data changes."""
    return cached(("city", *filters.key()), lambda: compute_figures(agency=None, filters=filters))


def agency_figures(*, agency: Agency, filters: Filters = Filters()) -> dict:
    """Figures for one agency, with its agents, projects, pending nominations and sub-units."""
    return cached(("agency", agency.pk, *filters.key()), lambda: compute_figures(agency=agency, filters=filters))


def compute_figures(*, agency: Agency | None, filters: Filters) -> dict:
    agencies_qs = Agency.objects.top_level()
    if agency is not None:
        agencies_qs = agencies_qs.filter(pk=agency.pk)
    else:
        agencies_qs = agencies_qs.active()
        if filters.kind:
            agencies_qs = agencies_qs.filter(kind=filters.kind)
    agencies = list(agencies_qs.order_by("name").values("id", "code", "name", "abbreviation", "kind"))
    ids = [a["id"] for a in agencies]
    whole_city = agency is None and not filters.kind
    # The other apps' selectors read "None" as the whole city (the city forum included).
    scope_ids = None if whole_city else ids

    employees = dict(Employee.objects.active().filter(agency_id__in=ids).values_list("agency_id")
                     .annotate(n=Count("pk")).order_by())
    rows = {a["id"]: {**a, "employees": employees.get(a["id"], 0)} for a in agencies}

    figures: dict = {
        "generated_at": timezone.now().isoformat(),
        "scope": {"agency_id": agency.pk if agency else None, "kind": filters.kind, "whole_city": whole_city},
        "sections": {"agents": False, "forums": False, "evaluations": False},
        "totals": {"agencies": len(agencies), "employees": sum(employees.values())},
        "period": None,
        "cycle": None, "previous_cycle": None, "open_cycle": None,
        "values": [], "bands": list(DEFAULT_BANDS),
        "scores": {}, "previous_scores": {}, "trend": [], "weekly": [],
    }
    _add_agents(figures, rows, scope_ids, filters)
    _add_forums(figures, rows, scope_ids)
    _add_evaluations(figures, rows, scope_ids, filters)
    _add_glance(figures, rows, ids)
    figures["agencies"] = list(rows.values())
    if agency is not None:
        figures["detail"] = _agency_detail(agency, figures)
    return figures


def _add_agents(figures: dict, rows: dict, scope_ids, filters: Filters) -> None:
    period = filters.period
    if period is None:
        period = agent_models.ProgramPeriod.objects.current()
    figures["sections"]["agents"] = True
    if period is not None:
        figures["period"] = {"id": period.pk, "name": str(period)}
    summary = agent_selectors.agency_summary(agency_ids=scope_ids, period=period)
    grades = {"A": 0, "B": 0, "C": 0}
    for agency_id, row in rows.items():
        data = summary.get(agency_id) or _empty_agent_row()
        data = {**data, "nominations": dict(data.get("nominations") or {})}
        data["pending"] = sum(data["nominations"].get(s, 0) for s in PENDING_STATUSES)
        data["quota_fill"] = round(100.0 * data["agents"] / data["quota"], 1) if data.get("quota") else None
        row.update(data)
        if data.get("zi_grade") in grades:
            grades[data["zi_grade"]] += 1
    in_scope = {k: v for k, v in summary.items() if k in rows}
    total = agent_selectors.combine_summary(in_scope)
    total = {**total, "nominations": dict(total.get("nominations") or {})}
    total["pending"] = sum(total["nominations"].get(s, 0) for s in PENDING_STATUSES)
    total["quota_fill"] = round(100.0 * total["agents"] / total["quota"], 1) if total.get("quota") else None
    total["zi_grades"] = grades
    figures["totals"].update(total)


def _empty_agent_row() -> dict:
    return {"agents": 0, "quota": 0, "role_models": 0, "nominations": {}, "projects_active": 0,
            "agents_with_change": 0, "changes": 0, "integrated": 0, "pct_agents_with_change": 0.0,
            "pct_integrated": 0.0, "zi_grade": "C"}


def _add_forums(figures: dict, rows: dict, scope_ids) -> None:
    today = timezone.localdate()
    since = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=FORUM_WEEKS - 1)
    data = forum_selectors.activity_summary(agency_ids=scope_ids, since=since)
    figures["sections"]["forums"] = True
    by_agency = data.get("by_agency") or {}
    for agency_id, row in rows.items():
        activity = by_agency.get(agency_id) or {}
        row["topics"] = activity.get("topics", 0)
        row["posts"] = activity.get("posts", 0)
    figures["totals"]["topics"] = sum(r["topics"] for r in rows.values())
    figures["totals"]["posts"] = sum(r["posts"] for r in rows.values())
    city = data.get("city")
    if city:
        figures["totals"]["city_forum_topics"] = city.get("topics", 0)
        figures["totals"]["city_forum_posts"] = city.get("posts", 0)
    figures["forum_since"] = since.isoformat()
    figures["weekly"] = [{"week_start": _iso(w["week_start"]), "posts": w["posts"]} for w in data.get("weekly") or []]


def _add_evaluations(figures: dict, rows: dict, scope_ids, filters: Filters) -> None:
    ev = evaluation_selectors
    figures["sections"]["evaluations"] = True
    for row in rows.values():
        row.update({"response_rate": None, "scores": {}, "score_mean": None, "open_response_rate": None})
    id_set = None if scope_ids is None else set(scope_ids)

    # Each scope is shown the cycles it takes part in: a Diskominfo-only cycle is no "0 %" for Dinkes.
    open_cycle = ev.latest_open_cycle(agency_ids=id_set)
    if open_cycle is not None:
        figures["open_cycle"] = _cycle_ref(open_cycle)
        total, by_agency = _response_rates(open_cycle, id_set)
        figures["totals"]["open_response_rate"] = total
        if hasattr(evaluation_selectors, "raters_without_way_in"):
            figures["totals"]["open_no_way_in"] = evaluation_selectors.raters_without_way_in(open_cycle,
                                                                                           agency_ids=id_set)
        for agency_id, row in rows.items():
            row["open_response_rate"] = by_agency.get(agency_id)

    cycle = filters.cycle or ev.latest_published_cycle(agency_ids=id_set)
    if cycle is None:
        return
    figures["cycle"] = _cycle_ref(cycle)
    figures["bands"] = list(getattr(cycle, "bands", DEFAULT_BANDS))
    dimensions = evaluation_models.Dimension.objects.filter(instrument_id=cycle.instrument_id)
    dimensions = dimensions.filter(kind=evaluation_models.Dimension.Kind.VALUE)
    figures["values"] = [{"code": d.code, "name": d.name} for d in dimensions.order_by("order", "pk")]
    codes = [v["code"] for v in figures["values"]]

    summary = ev.cycle_summary(cycle=cycle, agency_ids=scope_ids)
    figures["totals"]["response_rate"] = summary.get("response_rate")
    figures["scores"] = {code: (summary.get("scores") or {}).get(code) for code in codes}
    figures["totals"]["score_mean"] = _mean(figures["scores"].values())
    by_agency = summary.get("by_agency") or {}
    for agency_id, row in rows.items():
        data = by_agency.get(agency_id) or {}
        row["response_rate"] = data.get("response_rate")
        row["scores"] = {code: (data.get("scores") or {}).get(code) for code in codes}
        row["score_mean"] = _mean(row["scores"].values())

    history = ev.trend(cycle, agency_ids=id_set)
    trend = [{"cycle": _cycle_ref(entry["cycle"]),
              "scores": {code: _rounded(getattr(entry["cells"].get(code), "score", None)) for code in codes}}
             for entry in history]
    position = next((i for i, e in enumerate(trend) if e["cycle"]["id"] == cycle.pk), None)
    if position is not None:
        trend = trend[: position + 1]
        if position > 0:
            figures["previous_cycle"] = trend[position - 1]["cycle"]
            figures["previous_scores"] = trend[position - 1]["scores"]
    figures["trend"] = trend[-TREND_CYCLES:]


def since_date(today: dt.date) -> dt.date:
    """"Since last time" for counts that are not per cycle: the first day of the previous month."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _add_glance(figures: dict, rows: dict, ids: list[int]) -> None:
    """What the first screen adds to the totals: where the program is behind (stalled nominations, overdue
    progress reports, agencies without agents, low response) and what changed since the previous month (new
    agents, changes made) and since the previous cycle (the score per value). Four grouped queries whatever the
    number of agencies; every count is also kept per agency for the full table."""
    today = timezone.localdate()
    since = since_date(today)
    month = today.replace(day=1)
    last_month = since
    ChangeAgent, ChangeProject = agent_models.ChangeAgent, agent_models.ChangeProject
    stalled = dict(agent_models.Nomination.objects.filter(agent_selectors.stalled_condition(), agency_id__in=ids)
                   .values_list("agency_id").annotate(n=Count("pk")).order_by())
    # A running project that started before this month owes last month's report; without it the report is late.
    overdue = Q(status__in=ChangeProject.ACTIVE_STATUSES, start_date__lt=month,
                agent__status=ChangeAgent.Status.ACTIVE) & (Q(last_report_month__isnull=True)
                                                            | Q(last_report_month__lt=last_month))
    projects = {r["agency_id"]: r for r in ChangeProject.objects.filter(agency_id__in=ids).values("agency_id")
                .annotate(overdue=Count("pk", filter=overdue),
                          changes_new=Count("pk", filter=Q(status=ChangeProject.Status.DONE, completed_on__gte=since,
                                                           completed_on__lte=today)))
                .order_by()}
    new_agents = dict(ChangeAgent.objects.active(on=today).filter(agency_id__in=ids, term_start__gte=since)
                      .values_list("agency_id").annotate(n=Count("employee", distinct=True)).order_by())
    for agency_id, row in rows.items():
        p = projects.get(agency_id) or {}
        row["stalled"] = stalled.get(agency_id, 0)
        row["reports_overdue"] = p.get("overdue", 0)
        row["changes_new"] = p.get("changes_new", 0)
        row["agents_new"] = new_agents.get(agency_id, 0)
    low = [r for r in rows.values() if r.get("open_response_rate") is not None
           and r["open_response_rate"] < LOW_RESPONSE_RATE]
    deltas = {}
    for code, score in figures["scores"].items():
        before = figures["previous_scores"].get(code)
        deltas[code] = None if score is None or before is None else round(float(score) - float(before), 1)
    previous_mean = _mean(figures["previous_scores"].get(c) for c in figures["scores"]) \
        if figures.get("previous_cycle") else None
    mean = figures["totals"].get("score_mean")
    figures["glance"] = {
        "since": since.isoformat(),
        "low_response_rate": LOW_RESPONSE_RATE,
        "agencies_without_agents": sum(1 for r in rows.values() if not r.get("agents")),
        "stalled": sum(stalled.values()),
        "reports_overdue": sum(r["reports_overdue"] for r in rows.values()),
        "agencies_low_response": len(low),
        "open_cycle_low": figures["totals"].get("open_response_rate") is not None
        and figures["totals"]["open_response_rate"] < LOW_RESPONSE_RATE,
        "agents_new": sum(r["agents_new"] for r in rows.values()),
        "changes_new": sum(r["changes_new"] for r in rows.values()),
        "score_deltas": deltas,
        "score_mean_delta": None if mean is None or previous_mean is None else round(mean - previous_mean, 1),
    }


def _response_rates(cycle, id_set) -> tuple[float | None, dict]:
    total, by_agency = evaluation_selectors.response_rates(cycle, agency_ids=id_set)
    return total.get("rate"), {k: v.get("rate") for k, v in by_agency.items()}


def _agency_detail(agency: Agency, figures: dict) -> dict:
    """The agency dashboard's lists: agents and their projects, pending nominations, sub-units' response rates."""
    detail: dict = {"agents": [], "nominations": [], "units": [], "units_cycle": None}
    ChangeAgent, ChangeProject = agent_models.ChangeAgent, agent_models.ChangeProject
    agents = (ChangeAgent.objects.active().filter(agency=agency).select_related("employee")
              .prefetch_related(Prefetch("projects", queryset=ChangeProject.objects.order_by("-start_date", "pk")))
              .order_by("kind", "employee__name"))
    for a in agents:
        detail["agents"].append({
            "id": a.pk, "name": a.employee.name, "nip": a.employee.nip, "position": a.employee.position,
            "kind": a.kind, "roles": list(a.roles or []), "term_end": _iso(a.term_end),
            "decree_number": a.decree_number,
            "projects": [{"id": p.pk, "title": p.title, "status": p.status, "progress": p.progress,
                          "integrated": p.integrated, "completed_on": _iso(p.completed_on)}
                         for p in a.projects.all()],
        })
    pending = (agent_models.Nomination.objects.filter(agency=agency, status__in=PENDING_STATUSES)
               .select_related("candidate", "period").order_by("submitted_at", "pk"))
    if figures.get("period"):
        pending = pending.filter(period_id=figures["period"]["id"])
    detail["nominations"] = [
        {"id": n.pk, "name": n.candidate.name, "nip": n.candidate.nip, "position": n.candidate.position,
         "status": n.status, "period": str(n.period), "submitted_at": _iso(n.submitted_at)}
        for n in pending
    ]
    detail["units"], detail["units_cycle"] = _units(agency, figures)
    return detail


def _units(agency: Agency, figures: dict) -> tuple[list[dict], dict | None]:
    """Employees per sub-unit and, for the open cycle (else the shown one), their response rate as raters."""
    units = list(Agency.objects.filter(parent=agency).order_by("name").values("id", "name", "abbreviation"))
    employees = dict(Employee.objects.active().filter(agency=agency).values_list("unit_id")
                     .annotate(n=Count("pk")).order_by())
    cycle_ref = figures.get("open_cycle") or figures.get("cycle")
    rates: dict = {}
    if cycle_ref:
        # Counts per sub-unit follow the anonymity rule (evaluations.disclosure): a unit with fewer raters than
        # the threshold, and the next smallest with it, shows no counts.
        rates = disclosure.unit_progress(cycle_ref["id"], agency, units)
    out = []
    own = {"id": None, "name": agency.name, "abbreviation": "", "is_head_office": True}
    for unit in [*units, own]:
        r = rates.get(unit["id"], {})
        assigned, submitted = r.get("assigned", 0), r.get("submitted", 0)
        if unit["id"] is None and not employees.get(None) and unit["id"] not in rates:
            continue  # nobody works outside the sub-units
        out.append({**unit, "employees": employees.get(unit["id"], 0), "assigned": assigned, "submitted": submitted,
                    "response_rate": r.get("rate") if assigned else None})
    return out, cycle_ref


# --- helpers ------------------------------------------------------------------------------------------------

def _cycle_ref(cycle) -> dict:
    return {"id": cycle.pk, "name": str(cycle), "status": getattr(cycle, "status", ""),
            "opens_on": _iso(getattr(cycle, "opens_on", None)), "closes_on": _iso(getattr(cycle, "closes_on", None))}


def _iso(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rounded(score):
    return None if score is None else round(float(score), 1)


def _mean(values) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None
