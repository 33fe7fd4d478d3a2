"""Reminders of the agents app (registered in ``notifications.reminders``; beat runs them each working day).

Each one claims ``(recipient, kind, object, period)`` before sending, so a second run sends nothing. Each returns
the number of reminders sent.

- ``nominations_pending_endorsement``: the endorsers (from the organisation data: the head of the agency of the
  nomination's current step, or a Plt./Plh. in force) of nominations waiting more than
  ``period.endorsement_reminder_days`` days; once a day per endorser, agency and period.
- ``nominations_stalled``: escalation. A nomination waiting for an endorser more than ``period.escalation_days``
  days: its endorsers are told it is stalled (once per nomination and waiting spell); after twice that many days,
  every Tim RB member (once per nomination and waiting spell), who can record a Plt./Plh. or follow it up.
- ``nominations_pending_decision``: Tim RB members while endorsed nominations wait more than
  ``period.decision_reminder_days`` days; once a day per member and period.
- ``quota_unfilled``: operators whose agency has not filled its quota when the nomination window closes within
  ``QUOTA_WARNING_DAYS`` days; once a day per operator, agency and period.
- ``progress_report_due``: agents with a running project and no report yet for the current month, from day
  ``REPORT_REMINDER_DAY`` of the month; once per project and month.
- ``term_ending``: agents whose term ends within ``TERM_WARNING_DAYS`` days and who have not been renewed; once
  per designation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.reminders import register
from notifications.services import claim_reminder, notify
from organization.models import Agency, Role, RoleAssignment, User
from organization.selectors import head_users

from .models import AgencyQuota, ChainStep, ChangeAgent, ChangeProject, Nomination, ProgramPeriod
from .selectors import stalled_condition

QUOTA_WARNING_DAYS = 7
REPORT_REMINDER_DAY = 25
TERM_WARNING_DAYS = 30


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _send(user, *, kind, object_key, period_key, title, body, url) -> int:
    if not claim_reminder(recipient=user, kind=kind, object_key=object_key, period_key=period_key):
        return 0
    notify(recipients=[user], kind=kind, title=title, body=body, url=url)
    return 1


def _setda_id() -> int | None:
    return (Agency.objects.top_level().active().filter(kind=Agency.Kind.SETDA).order_by("pk")
            .values_list("pk", flat=True).first())


def _step_agency_id(nomination: Nomination, setda_id: int | None) -> int | None:
    """The agency whose head acts at the nomination's current step (as ``permissions.step_agency_id``, with the
    Sekretariat Daerah looked up once per run)."""
    return nomination.agency_id if nomination.current_step == ChainStep.KEPALA_PD else setda_id


@register("nominations_pending_endorsement", description=gettext_lazy("Kepala PD: nominasi menunggu persetujuan"),
          crontab={"minute": "0", "hour": "8", "day_of_week": "1-5"})
def nominations_pending_endorsement(now: dt.datetime) -> int:
    today = _today(now)
    waiting = defaultdict(lambda: {"n": 0, "period": None})
    rows = (Nomination.objects.filter(status=Nomination.Status.SUBMITTED).select_related("period")
            .only("agency_id", "submitted_at", "waiting_since", "endorse_step", "period__name",
                  "period__approval_chain", "period__endorsement_reminder_days"))
    setda_id = _setda_id()
    for nom in rows:
        days = nom.period.endorsement_reminder_days
        since = nom.waiting_since or nom.submitted_at
        agency_id = _step_agency_id(nom, setda_id)
        if since and agency_id and since <= now - dt.timedelta(days=days):
            entry = waiting[(agency_id, nom.period_id)]
            entry["n"] += 1
            entry["period"] = nom.period
    kepala = head_users({a for a, _p in waiting}, on=today)
    url = reverse("agents:nomination_list") + "?status=submitted"
    sent = 0
    for (agency_id, period_id), entry in waiting.items():
        for user in kepala.get(agency_id, []):
            sent += _send(user, kind="nominations_pending_endorsement", object_key=f"agency:{agency_id}:period:{period_id}",
                          period_key=today.isoformat(),
                          title=_("%(n)d nominasi menunggu persetujuan Anda") % {"n": entry["n"]},
                          body=_("Nominasi %(period)s sudah diajukan operator lebih dari %(d)d hari.")
                          % {"period": entry["period"], "d": entry["period"].endorsement_reminder_days}, url=url)
    return sent


@register("nominations_stalled", description=gettext_lazy("Eskalasi: nominasi tertahan di pengesah, lalu ke Tim RB"),
          crontab={"minute": "15", "hour": "8", "day_of_week": "1-5"})
def nominations_stalled(now: dt.datetime) -> int:
    today = _today(now)
    rows = list(Nomination.objects.filter(stalled_condition(now=now), status=Nomination.Status.SUBMITTED)
                .select_related("period", "candidate", "agency")
                .only("agency_id", "waiting_since", "endorse_step", "period__name", "period__approval_chain",
                      "period__escalation_days", "candidate__name", "agency__name", "agency__abbreviation"))
    if not rows:
        return 0
    setda_id = _setda_id()
    endorsers = head_users({_step_agency_id(n, setda_id) for n in rows} - {None}, on=today)
    members = None
    sent = 0
    for nom in rows:
        days = (now - nom.waiting_since).days
        object_key, spell = f"nomination:{nom.pk}", nom.waiting_since.isoformat()[:19]
        url = reverse("agents:nomination_detail", args=[nom.pk])
        context = {"name": nom.candidate.name, "agency": nom.agency, "d": days}
        for user in endorsers.get(_step_agency_id(nom, setda_id), []):
            sent += _send(user, kind="nomination_stalled", object_key=object_key, period_key=spell,
                          title=_("Nominasi tertahan: %(name)s (%(agency)s) menunggu %(d)d hari") % context,
                          body=_("Mohon setujui atau kembalikan nominasi ini. Bila tidak ditindaklanjuti, Tim RB akan "
                                 "diberi tahu."), url=url)
        if nom.waiting_since <= now - dt.timedelta(days=2 * nom.period.escalation_days):
            if members is None:
                members = list(User.objects.filter(is_active=True, roles__role=Role.TIM_RB, roles__is_active=True)
                               .distinct())
            for user in members:
                sent += _send(user, kind="nomination_stalled_tim_rb", object_key=object_key, period_key=spell,
                              title=_("Eskalasi: nominasi %(name)s (%(agency)s) tertahan %(d)d hari") % context,
                              body=_("Pengesah belum bertindak. Hubungi perangkat daerah atau catat Plt./Plh. bila "
                                     "kepala berhalangan."),
                              url=reverse("agents:nomination_stalled"))
    return sent


@register("nominations_pending_decision", description=gettext_lazy("Tim RB: nominasi menunggu keputusan"),
          crontab={"minute": "0", "hour": "8", "day_of_week": "1-5"})
def nominations_pending_decision(now: dt.datetime) -> int:
    today = _today(now)
    waiting: dict[int, dict] = {}
    rows = (Nomination.objects.filter(status=Nomination.Status.ENDORSED).select_related("period")
            .only("endorsed_at", "period__name", "period__decision_reminder_days"))
    for nom in rows:
        if nom.endorsed_at and nom.endorsed_at <= now - dt.timedelta(days=nom.period.decision_reminder_days):
            entry = waiting.setdefault(nom.period_id, {"n": 0, "period": nom.period})
            entry["n"] += 1
    if not waiting:
        return 0
    members = list(User.objects.filter(is_active=True, roles__role=Role.TIM_RB, roles__is_active=True).distinct())
    url = reverse("agents:nomination_list") + "?status=endorsed"
    sent = 0
    for period_id, entry in waiting.items():
        for user in members:
            sent += _send(user, kind="nominations_pending_decision", object_key=f"period:{period_id}",
                          period_key=today.isoformat(),
                          title=_("%(n)d nominasi menunggu keputusan Tim RB") % {"n": entry["n"]},
                          body=_("Nominasi %(period)s sudah disetujui kepala PD lebih dari %(d)d hari.")
                          % {"period": entry["period"], "d": entry["period"].decision_reminder_days}, url=url)
    return sent


@register("quota_unfilled", description=gettext_lazy("Operator: kuota nominasi belum terisi menjelang penutupan"),
          crontab={"minute": "30", "hour": "8", "day_of_week": "1-5"})
def quota_unfilled(now: dt.datetime) -> int:
    today = _today(now)
    periods = list(ProgramPeriod.objects.filter(nomination_opens__lte=today, nomination_closes__gte=today,
                                                nomination_closes__lte=today + dt.timedelta(days=QUOTA_WARNING_DAYS)))
    if not periods:
        return 0
    operators = RoleAssignment.objects.filter(role=Role.OPERATOR, is_active=True, user__is_active=True,
                                              agency__isnull=False).select_related("user", "agency")
    operators = list(operators)
    agency_ids = {ra.agency_id for ra in operators}
    sent = 0
    for period in periods:
        overrides = dict(AgencyQuota.objects.filter(period=period).values_list("agency_id", "quota"))
        used = dict(Nomination.objects.filter(period=period, status__in=Nomination.QUOTA_STATUSES,
                                              agency_id__in=agency_ids)
                    .values("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))
        for ra in operators:
            quota = overrides.get(ra.agency_id, period.default_quota)
            left = quota - used.get(ra.agency_id, 0)
            if left <= 0:
                continue
            sent += _send(ra.user, kind="quota_unfilled", object_key=f"period:{period.pk}:agency:{ra.agency_id}",
                          period_key=today.isoformat(),
                          title=_("Kuota nominasi %(agency)s masih tersisa %(left)d") % {"agency": ra.agency,
                                                                                          "left": left},
                          body=_("Pengusulan %(period)s ditutup %(date)s.")
                          % {"period": period, "date": period.nomination_closes.strftime("%d-%m-%Y")},
                          url=reverse("agents:nomination_create"))
    return sent


@register("progress_report_due", description=gettext_lazy("Agen: laporan kemajuan bulanan rencana aksi"),
          crontab={"minute": "0", "hour": "9", "day_of_month": "25-31"})
def progress_report_due(now: dt.datetime) -> int:
    today = _today(now)
    if today.day < REPORT_REMINDER_DAY:
        return 0
    month = today.replace(day=1)
    projects = (ChangeProject.objects.filter(status__in=ChangeProject.ACTIVE_STATUSES, start_date__lte=today,
                                             agent__status=ChangeAgent.Status.ACTIVE)
                .exclude(last_report_month__gte=month)
                .select_related("agent__employee__user"))
    sent = 0
    for project in projects:
        user = getattr(project.agent.employee, "user", None)
        if user is None or not user.is_active:
            continue
        sent += _send(user, kind="progress_report_due", object_key=f"project:{project.pk}",
                      period_key=month.strftime("%Y-%m"),
                      title=_("Laporan kemajuan bulan ini: %(title)s") % {"title": project.title},
                      body=_("Kirim laporan kemajuan rencana aksi Anda sebelum akhir bulan, dengan buktinya."),
                      url=reverse("agents:report_create", args=[project.pk]))
    return sent


@register("term_ending", description=gettext_lazy("Agen: masa tugas segera berakhir"),
          crontab={"minute": "0", "hour": "9", "day_of_week": "1"})
def term_ending(now: dt.datetime) -> int:
    today = _today(now)
    agents = (ChangeAgent.objects.active().filter(term_end__gte=today,
                                                  term_end__lte=today + dt.timedelta(days=TERM_WARNING_DAYS),
                                                  renewal__isnull=True)
              .select_related("employee__user"))
    sent = 0
    for agent in agents:
        user = getattr(agent.employee, "user", None)
        if user is None or not user.is_active:
            continue
        sent += _send(user, kind="term_ending", object_key=f"agent:{agent.pk}", period_key=agent.term_end.isoformat(),
                      title=_("Masa tugas Anda sebagai %(kind)s berakhir %(date)s")
                      % {"kind": agent.get_kind_display().lower(), "date": agent.term_end.strftime("%d-%m-%Y")},
                      body=_("Selesaikan laporan rencana aksi Anda. Perpanjangan atau seleksi ulang dilakukan Tim RB."),
                      url=reverse("agents:agent_detail", args=[agent.pk]))
    return sent

