"""What each role has to do now: used by the agents landing page and the home-page panels (fixed queries)."""

from __future__ import annotations

from django.utils import timezone

from organization.models import Role

from . import permissions
from .models import ChangeProject, Nomination, ProgramPeriod
from .selectors import quota_overview, report_due

LIMIT = 8


def is_operator(user) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(Role.OPERATOR))


def is_kepala(user) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(Role.KEPALA))


def is_agent(user) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(Role.AGEN) and user.employee_id)


def operator_context(user) -> dict:
    period = ProgramPeriod.objects.current()
    ids = user.agency_ids_for(Role.OPERATOR)
    drafts = (Nomination.objects.filter(agency_id__in=ids, status=Nomination.Status.DRAFT)
              .select_related("candidate", "period").order_by("-updated_at")[:LIMIT])
    return {"period": period, "quotas": quota_overview(period, ids), "drafts": list(drafts),
            "period_open": bool(period and period.is_open())}


def kepala_context(user) -> dict:
    ids = user.agency_ids_for(Role.KEPALA)
    qs = (Nomination.objects.filter(agency_id__in=ids, status=Nomination.Status.SUBMITTED)
          .select_related("candidate", "period").order_by("submitted_at"))
    return {"waiting": list(qs[:LIMIT]), "waiting_count": qs.count()}


def tim_rb_context(user) -> dict:
    qs = (Nomination.objects.filter(status=Nomination.Status.ENDORSED)
          .select_related("candidate", "agency", "period").order_by("endorsed_at"))
    return {"waiting": list(qs[:LIMIT]), "waiting_count": qs.count()}


def agent_context(user) -> dict:
    record = permissions.current_agent_record(user)
    projects = list(ChangeProject.objects.filter(agent__employee_id=user.employee_id)
                    .exclude(status=ChangeProject.Status.CANCELLED).order_by("-updated_at")[:LIMIT])
    today = timezone.localdate()
    for p in projects:
        p.report_due = report_due(p, today)
    return {"record": record, "projects": projects, "reports_due": sum(1 for p in projects if p.report_due)}
