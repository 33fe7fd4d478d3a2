"""Reads of improvement plans: one query per list, whatever its length."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from organization.models import User

from . import permissions
from .models import ImprovementPlan, PlanAction, RecognitionProposal, WeakValue


def weak_value_list(user: User) -> QuerySet[WeakValue]:
    """The weak values in the user's scope with their plan (if any), newest cycle first."""
    return (permissions.visible_weak_values(user)
            .select_related("cycle", "agency", "previous_cycle", "plan")
            .order_by("-cycle__published_at", "agency__name", "score", "code"))


def plan_list(user: User) -> QuerySet[ImprovementPlan]:
    return (permissions.visible_plans(user)
            .select_related("weak_value__cycle", "agency", "rechecked_cycle")
            .order_by("-created_at", "-pk"))


def plan_detail(user: User) -> QuerySet[ImprovementPlan]:
    return plan_list(user).prefetch_related(
        Prefetch("actions", queryset=PlanAction.objects.select_related("owner").prefetch_related("agents__employee")),
        "reports__submitted_by")


def plan_counts(weak_values: list[WeakValue]) -> dict:
    """Per cycle of the listed weak values: agencies named, agencies with a plan for their lowest value, and
    agencies whose re-checked plan improved the value (computed from the rows already read, no query)."""
    out: dict[int, dict] = {}
    for wv in weak_values:
        row = out.setdefault(wv.cycle_id, {"cycle": wv.cycle, "agencies": set(), "planned": set(),
                                           "improved": set(), "rechecked": set()})
        row["agencies"].add(wv.agency_id)
        plan = plan_of(wv)
        if plan is not None and wv.is_lowest:
            row["planned"].add(wv.agency_id)
        if plan is not None and plan.status == ImprovementPlan.Status.RECHECKED and plan.score_after is not None:
            row["rechecked"].add(wv.agency_id)
            if plan.score_after > wv.score:
                row["improved"].add(wv.agency_id)
    return {cid: {"cycle": r["cycle"], **{k: len(v) for k, v in r.items() if k != "cycle"}}
            for cid, r in out.items()}


def _has_plan(wv: WeakValue) -> bool:
    return plan_of(wv) is not None


def plan_of(wv: WeakValue) -> ImprovementPlan | None:
    """The weak value's plan (read with it by ``select_related``), or None."""
    try:
        return wv.plan
    except ImprovementPlan.DoesNotExist:
        return None


def recognition_list(user: User) -> QuerySet[RecognitionProposal]:
    return (permissions.visible_recognitions(user).select_related("cycle", "employee__agency", "reviewed_by",
                                                                  "role_model")
            .order_by("-cycle__published_at", "status", "name", "-score", "pk"))


def straight_lining_state(cycle) -> dict:
    """The cycle's straight-lining setting for Tim RB: on or off, whether it may still change (before the close),
    how many submissions it left out (a count for the whole cycle only, from the frozen snapshot), and its trail
    (who turned it on or off, when) from the cycle's history: two queries."""
    from evaluations import disclosure
    from evaluations.models import Cycle

    excluded = None
    if cycle.exclude_straight_lined and cycle.status in disclosure.RESULT_STATUSES:
        snap = disclosure.snapshot(cycle, head_only=True)
        excluded = (snap or {}).get("straight_lined_excluded")
    rows = list(cycle.history.order_by("history_date", "history_id")
                .values_list("exclude_straight_lined", "history_date", "history_user__username"))
    trail, before = [], False
    for flag, when, username in rows:
        if flag != before:
            trail.append({"exclude": flag, "at": when, "by": username or ""})
        before = flag
    return {"exclude": cycle.exclude_straight_lined, "excluded": excluded, "trail": trail,
            "editable": cycle.status in (Cycle.Status.DRAFT, Cycle.Status.OPEN)}


def dashboard_figures(user: User) -> dict | None:
    """The city dashboard's panel: for the latest cycle whose publication named weak values, how many agencies were
    named, how many have a plan for their lowest value, and, of the plans that cycle re-checked, how many improved
    the value. Every figure counts agencies and comes from disclosed agency cells only (a withheld cell is never
    named, and a re-check without a disclosed score is not counted as improved or not). City readers only (None
    for others); three queries."""
    from organization.permissions import is_city_reader

    if not (permissions.can_view_plans(user) and is_city_reader(user)):
        return None
    latest = (WeakValue.objects.order_by("-cycle__published_at", "-cycle_id")
              .values_list("cycle_id", "cycle__name").first())
    if latest is None:
        return None
    cycle_id, cycle_name = latest
    named, planned = set(), set()
    for agency_id, is_lowest, plan_id in (WeakValue.objects.filter(cycle_id=cycle_id)
                                          .values_list("agency_id", "is_lowest", "plan__id")):
        named.add(agency_id)
        if is_lowest and plan_id is not None:
            planned.add(agency_id)
    rechecked, improved = set(), set()
    for agency_id, after, before in (ImprovementPlan.objects.filter(rechecked_cycle_id=cycle_id,
                                                                    score_after__isnull=False)
                                     .values_list("agency_id", "score_after", "weak_value__score")):
        rechecked.add(agency_id)
        if after > before:
            improved.add(agency_id)
    return {"cycle": cycle_name, "named": len(named), "planned": len(planned), "rechecked": len(rechecked),
            "improved": len(improved)}
