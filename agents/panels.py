"""What each role has to do now: used by the agents landing page and the home-page panels (fixed queries).

The panels run on every home page, so each reads only the columns it shows, and a list with its total comes from
one query (the total rides along on each row as a window count).
"""

from __future__ import annotations

from django.db.models import Count, Q, Window
from django.utils import timezone

from organization.models import Role
from organization.selectors import led_agency_ids_subquery

from . import permissions
from .models import ChangeProject, Nomination, ProgramPeriod
from .selectors import quota_overview, report_due

LIMIT = 8


def is_operator(user) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(Role.OPERATOR))


def is_kepala(user) -> bool:
    """Holds the kepala role, or heads or acts for (Plt./Plh.) an agency in the organisation data."""
    return bool(user.is_authenticated and (user.agency_ids_for(Role.KEPALA) or permissions.leads_an_agency(user)))


def is_agent(user) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(Role.AGEN) and user.employee_id)


def _first_with_total(qs, limit: int = LIMIT) -> tuple[list, int]:
    rows = list(qs.annotate(total=Window(Count("pk")))[:limit])
    return rows, (rows[0].total if rows else 0)


def operator_context(user) -> dict:
    period = ProgramPeriod.objects.current()
    ids = user.agency_ids_for(Role.OPERATOR)
    drafts = (Nomination.objects.filter(agency_id__in=ids, status=Nomination.Status.DRAFT)
              .select_related("candidate").only("return_comment", "candidate__name").order_by("-updated_at")[:LIMIT])
    return {"period": period, "quotas": quota_overview(period, ids), "drafts": list(drafts),
            "period_open": bool(period and period.is_open())}


def kepala_context(user) -> dict:
    """Submitted nominations at their first endorsement step in the agencies the user leads (head, Plt./Plh. or,
    without a recorded head, the kepala role)."""
    scope = Q(agency_id__in=user.agency_ids_for(Role.KEPALA), agency__head__isnull=True)
    if user.employee_id:
        scope |= Q(agency_id__in=led_agency_ids_subquery(user))
    qs = (Nomination.objects.filter(scope, status=Nomination.Status.SUBMITTED, endorse_step=0)
          .select_related("candidate").only("submitted_at", "candidate__name").order_by("submitted_at", "pk"))
    waiting, count = _first_with_total(qs)
    return {"waiting": waiting, "waiting_count": count}


def tim_rb_context(user) -> dict:
    qs = (Nomination.objects.filter(status=Nomination.Status.ENDORSED)
          .select_related("candidate", "agency")
          .only("score_total", "candidate__name", "agency__name", "agency__abbreviation")
          .order_by("endorsed_at", "pk"))
    waiting, count = _first_with_total(qs)
    return {"waiting": waiting, "waiting_count": count}


def agent_context(user) -> dict:
    record = permissions.current_agent_record(user)
    projects = list(ChangeProject.objects.filter(agent__employee_id=user.employee_id)
                    .exclude(status=ChangeProject.Status.CANCELLED)
                    .only("title", "status", "progress", "start_date", "last_report_month")
                    .order_by("-updated_at")[:LIMIT])
    today = timezone.localdate()
    for p in projects:
        p.report_due = report_due(p, today)
    return {"record": record, "projects": projects, "reports_due": sum(1 for p in projects if p.report_due)}
