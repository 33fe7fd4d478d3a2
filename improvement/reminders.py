"""Reminders of improvement plans (registered in ``notifications.reminders``; beat runs them each working day).

``improvement_plan_followup``: the kepala and operators of an agency whose running plan has an action past its due
date not marked done, or no progress report for ``ImprovementSettings.stale_days`` days (counted from the last
report, or from the plan's creation). Claimed once per person, plan and ISO week, so a second run sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.reminders import register
from notifications.services import claim_reminder, notify
from organization.models import Role, RoleAssignment

from .models import ImprovementPlan, ImprovementSettings, PlanAction

KIND = "improvement_plan_followup"


def due_plans(now: dt.datetime):
    """Running plans with an overdue open action or without progress for the configured number of days."""
    today = timezone.localtime(now).date()
    stale_before = now - dt.timedelta(days=ImprovementSettings.get_solo().stale_days)
    overdue = PlanAction.objects.filter(plan=OuterRef("pk"), done=False, due_date__lt=today)
    return (ImprovementPlan.objects.filter(status=ImprovementPlan.Status.ACTIVE)
            .annotate(overdue=Exists(overdue), last=Coalesce("last_progress_at", "created_at"))
            .filter(Q(overdue=True) | Q(last__lt=stale_before)).select_related("weak_value"))


@register(KIND, description=gettext_lazy("Kepala/operator PD: rencana perbaikan terlambat atau tanpa kemajuan"),
          crontab={"minute": "30", "hour": "8", "day_of_week": "1-5"})
def plan_followup(now: dt.datetime) -> int:
    plans = list(due_plans(now))
    if not plans:
        return 0
    people = defaultdict(list)
    for ra in (RoleAssignment.objects.filter(is_active=True, role__in=(Role.KEPALA, Role.OPERATOR),
                                             agency_id__in={p.agency_id for p in plans}, user__is_active=True)
               .select_related("user").order_by("user_id")):
        if ra.user not in people[ra.agency_id]:
            people[ra.agency_id].append(ra.user)
    year, week, _day = timezone.localtime(now).isocalendar()
    sent = 0
    for plan in plans:
        for user in people[plan.agency_id]:
            if not claim_reminder(recipient=user, kind=KIND, object_key=f"plan:{plan.pk}",
                                  period_key=f"{year}-W{week:02d}"):
                continue
            reason = (_("ada tindakan yang melewati tenggat") if plan.overdue
                      else _("belum ada laporan kemajuan baru"))
            notify(recipients=[user], kind=KIND,
                   title=_("Rencana perbaikan nilai %(value)s perlu ditindaklanjuti") % {"value": plan.weak_value.name},
                   body=_("Rencana perbaikan ini %(reason)s.") % {"reason": reason},
                   url=reverse("improvement:plan_detail", args=[plan.pk]))
            sent += 1
    return sent
