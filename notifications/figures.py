"""The figures of a summary report (weekly digest, monthly report) for one scope and period.

Only the ``organization`` and ``notifications`` models are read directly. The program figures come from the other
apps' selectors (the one place where notifications reads upwards: a report is about the whole program). A section
whose selector fails is marked unavailable and the error logged, and the rest of the report still goes out.

The result is plain JSON (ids as strings, numbers as int/float) because it is stored in ``Report.figures``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count

from agents import selectors as agent_selectors
from evaluations import selectors as evaluation_selectors
from forums import selectors as forum_selectors
from organization.models import Agency, Employee

from .models import Notification, ReminderLog

logger = logging.getLogger(__name__)


def build_figures(*, agency_ids: list[int] | None, start: dt.date, end: dt.date) -> dict:
    """Figures for the agencies ``agency_ids`` (None: the whole city) over ``start``..``end`` (inclusive)."""
    agencies = Agency.objects.top_level().order_by("name")
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    agencies = list(agencies.values("id", "code", "name", "abbreviation"))
    ids = [a["id"] for a in agencies]
    return jsonable({
        "start": start.isoformat(),
        "end": end.isoformat(),
        "agency_ids": None if agency_ids is None else sorted(agency_ids),
        "agencies": {a["id"]: {"code": a["code"], "name": a["name"], "abbreviation": a["abbreviation"]}
                     for a in agencies},
        "employees": _employees(ids),
        "agents": _section("agents", lambda: _agents(agency_ids)),
        "forums": _section("forums", lambda: _forums(agency_ids, start)),
        "evaluations": _section("evaluations", lambda: _evaluations(agency_ids)),
        "notifications": _notifications(agency_ids, start, end),
    })


def _employees(ids: list[int]) -> dict:
    rows = (Employee.objects.active().filter(agency_id__in=ids).values("agency_id")
            .annotate(n=Count("pk")).order_by())
    by_agency = {r["agency_id"]: r["n"] for r in rows}
    return {"total": sum(by_agency.values()), "by_agency": by_agency}


def _section(name: str, compute: Callable[[], dict]) -> dict:
    try:
        data = compute()
    except Exception:  # one app's failing selector must not stop the whole report; the error is logged
        logger.exception("Report figures: section %s failed", name)
        return {"available": False, "error": True}
    return {"available": True, **data}


def _agents(agency_ids: list[int] | None) -> dict:
    by_agency = agent_selectors.agency_summary(agency_ids=agency_ids, period=None)
    if agency_ids is not None and len(agency_ids) == 1:
        total = by_agency.get(agency_ids[0]) or {}
    else:
        total = agent_selectors.combine_summary(by_agency)
    return {"total": total, "by_agency": by_agency}


def _forums(agency_ids: list[int] | None, start: dt.date) -> dict:
    data = forum_selectors.activity_summary(agency_ids=agency_ids, since=start)
    by_agency = data.get("by_agency") or {}
    return {
        "topics": sum((v or {}).get("topics", 0) for v in by_agency.values()),
        "posts": sum((v or {}).get("posts", 0) for v in by_agency.values()),
        "by_agency": by_agency,
        "weekly": data.get("weekly") or [],
    }


def _evaluations(agency_ids: list[int] | None) -> dict:
    cycle = evaluation_selectors.latest_published_cycle(agency_ids=agency_ids)
    if cycle is None:
        return {"cycle": None}
    data = evaluation_selectors.cycle_summary(cycle=cycle, agency_ids=agency_ids)
    return {
        "cycle": {"id": cycle.pk, "name": str(cycle)},
        "response_rate": data.get("response_rate"),
        "scores": data.get("scores") or {},
        "by_agency": data.get("by_agency") or {},
    }


def _notifications(agency_ids: list[int] | None, start: dt.date, end: dt.date) -> dict:
    """Reminders sent and e-mails that failed in the period, for recipients working in the scope."""
    logs = ReminderLog.objects.filter(sent_at__date__gte=start, sent_at__date__lte=end)
    failed = Notification.objects.filter(created_at__date__gte=start, created_at__date__lte=end,
                                         email_status=Notification.EmailStatus.FAILED)
    if agency_ids is not None:
        logs = logs.filter(recipient__employee__agency_id__in=agency_ids)
        failed = failed.filter(recipient__employee__agency_id__in=agency_ids)
    reminders = dict(logs.values_list("kind").annotate(n=Count("pk")).order_by())
    return {"reminders": reminders, "emails_failed": failed.count()}


def jsonable(value):
    """Plain JSON: dict keys as strings, Decimals as floats, dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
