"""Writes of improvement plans, and the two steps run when a cycle is published (docs/improvement.md).

``cycle_published`` is called after the publishing transaction commits (``signals.py``): evaluations knows
nothing of this app. Both of its steps read the cycle's figures through ``evaluations.disclosure`` only, so no
score is named or compared that the anonymity rule withholds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import disclosure
from evaluations.models import Cycle, Dimension
from organization.models import Employee, User

from . import permissions
from .models import ImprovementPlan, ImprovementSettings, PlanAction, PlanProgress, WeakValue

NOT_ALLOWED = _("Anda tidak berwenang mengubah rencana perbaikan ini.")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


# --- the rule: weak values and the re-check -----------------------------------------------------------------

def value_scores(cycle: Cycle) -> dict[int, dict[str, float]]:
    """Agency → value code → disclosed score (0–100) of a published cycle; withheld cells are left out."""
    snap = disclosure.snapshot(cycle, head_only=True)
    if snap is None:
        return {}
    values = set(Dimension.objects.filter(instrument_id=cycle.instrument_id, kind=Dimension.Kind.VALUE)
                 .values_list("code", flat=True))
    heat, _scope, _n = disclosure.heatmap(snap, None)
    return {agency_id: {code: cell.score for code, cell in cells.items()
                        if code in values and cell.score is not None}
            for agency_id, cells in heat.items()}


def previous_published(cycle: Cycle) -> Cycle | None:
    """The last cycle of the same instrument (any version) published before this one."""
    return (Cycle.objects.published().filter(instrument__code=cycle.instrument.code,
                                             published_at__lt=cycle.published_at)
            .exclude(pk=cycle.pk).select_related("instrument").order_by("-published_at").first())


def pick_weak(scores: dict[str, float], previous: dict[str, float], *, lowest_count: int, fallen_count: int,
              min_drop: float) -> tuple[list[str], list[str]]:
    """The rule, without the database: the ``lowest_count`` lowest disclosed scores (ties by code), and the
    ``fallen_count`` values that fell most since the previous cycle by at least ``min_drop`` (both disclosed)."""
    lowest = [code for code, _s in sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))[:lowest_count]]
    drops = {code: previous[code] - score for code, score in scores.items() if code in previous}
    fallen = [code for code, drop in sorted(drops.items(), key=lambda kv: (-kv[1], kv[0]))
              if round(drop, 1) >= min_drop][:fallen_count]
    return lowest, fallen


@transaction.atomic
def weak_values_identify(*, cycle: Cycle) -> list[WeakValue]:
    """Name each agency's weak values of a published cycle (safe to run twice: existing rows are kept)."""
    cycle = Cycle.objects.select_related("instrument").get(pk=cycle.pk)
    if cycle.status != Cycle.Status.PUBLISHED:
        return []
    conf = ImprovementSettings.get_solo()
    scores = value_scores(cycle)
    before = previous_published(cycle)
    prev_scores = value_scores(before) if before is not None else {}
    names = dict(Dimension.objects.filter(instrument_id=cycle.instrument_id).values_list("code", "name"))
    existing = set(WeakValue.objects.filter(cycle=cycle).values_list("agency_id", "code"))
    rows = []
    for agency_id, by_code in sorted(scores.items()):
        prev = prev_scores.get(agency_id, {})
        lowest, fallen = pick_weak(by_code, prev, lowest_count=conf.lowest_count, fallen_count=conf.fallen_count,
                                   min_drop=float(conf.min_drop))
        for code in dict.fromkeys([*lowest, *fallen]):
            if (agency_id, code) in existing:
                continue
            rows.append(WeakValue(cycle=cycle, agency_id=agency_id, code=code, name=names.get(code, code),
                                  score=round(by_code[code], 1), previous_cycle=before if code in prev else None,
                                  previous_score=round(prev[code], 1) if code in prev else None,
                                  is_lowest=code in lowest, has_fallen=code in fallen))
    return WeakValue.objects.bulk_create(rows)


@transaction.atomic
def plans_recheck(*, cycle: Cycle) -> int:
    """Re-check the running plans of earlier cycles of the same instrument against this published cycle: the
    value's disclosed score after, the change and whether the target was met. A value withheld this time is
    recorded as such (no score after, target unknown). Returns the number of plans re-checked."""
    cycle = Cycle.objects.select_related("instrument").get(pk=cycle.pk)
    if cycle.status != Cycle.Status.PUBLISHED:
        return 0
    plans = list(ImprovementPlan.objects.select_for_update()
                 .filter(status=ImprovementPlan.Status.ACTIVE,
                         weak_value__cycle__instrument__code=cycle.instrument.code,
                         weak_value__cycle__published_at__lt=cycle.published_at)
                 .select_related("weak_value"))
    if not plans:
        return 0
    scores = value_scores(cycle)
    now = timezone.now()
    for plan in plans:
        after = scores.get(plan.agency_id, {}).get(plan.weak_value.code)
        plan.status = ImprovementPlan.Status.RECHECKED
        plan.rechecked_cycle = cycle
        plan.rechecked_at = now
        plan.score_after = round(after, 1) if after is not None else None
        plan.target_met = None if after is None else Decimal(str(round(after, 1))) >= plan.target_score
    ImprovementPlan.objects.bulk_update(plans, ["status", "rechecked_cycle", "rechecked_at", "score_after",
                                                "target_met"])
    return len(plans)


@transaction.atomic
def cycle_published(*, cycle_id: int) -> None:
    """The steps at a publication: re-check older plans, name the new weak values, propose role models."""
    cycle = Cycle.objects.filter(pk=cycle_id, status=Cycle.Status.PUBLISHED).first()
    if cycle is None or cycle.published_at is None:
        # A cycle marked published without a publication time (rows loaded by hand) has no place in the order of
        # publications the re-check and the "fallen since" rule read: nothing to do.
        return
    from .recognition import proposals_make

    plans_recheck(cycle=cycle)
    weak_values_identify(cycle=cycle)
    proposals_make(cycle=cycle)


# --- plans ------------------------------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, weak_value: WeakValue, by: User, summary: str, target_score: Decimal) -> ImprovementPlan:
    _require(permissions.can_write_plan(by, weak_value))
    if ImprovementPlan.objects.filter(weak_value=weak_value).exists():
        raise ValidationError(_("Nilai ini sudah memiliki rencana perbaikan."))
    plan = ImprovementPlan(weak_value=weak_value, agency_id=weak_value.agency_id, summary=summary,
                           target_score=target_score, created_by=by)
    plan.full_clean()
    if plan.target_score <= Decimal(str(weak_value.score)):
        raise ValidationError({"target_score": _("Target skor harus lebih tinggi dari skor sekarang (%(score)s).")
                               % {"score": weak_value.score}})
    plan.save()
    return plan


@transaction.atomic
def plan_action_add(*, plan: ImprovementPlan, by: User, what: str, owner: Employee, due_date: dt.date,
                    indicator: str, agents=()) -> PlanAction:
    plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    _require(permissions.can_update_plan(by, plan))
    if owner.agency_id != plan.agency_id:
        raise ValidationError({"owner": _("Penanggung jawab harus pegawai perangkat daerah ini.")})
    if any(agent.employee.agency_id != plan.agency_id for agent in agents):
        raise ValidationError({"agents": _("Agen perubahan yang dikaitkan harus dari perangkat daerah ini.")})
    action = PlanAction(plan=plan, what=what, owner=owner, due_date=due_date, indicator=indicator)
    action.full_clean()
    action.save()
    action.agents.set(agents)
    ImprovementPlan.objects.filter(pk=plan.pk).update(actions_count=F("actions_count") + 1)
    return action


@transaction.atomic
def plan_progress_add(*, plan: ImprovementPlan, by: User, progress: int, note: str,
                      done_action_ids=()) -> PlanProgress:
    plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    _require(permissions.can_update_plan(by, plan))
    report = PlanProgress(plan=plan, progress=progress, note=note, submitted_by=by)
    report.full_clean()
    report.save()
    if done_action_ids:
        plan.actions.filter(pk__in=done_action_ids).update(done=True)
    plan.progress = progress
    plan.last_progress_at = report.created_at
    plan.save(update_fields=["progress", "last_progress_at"])
    return report
