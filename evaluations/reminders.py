"""Reminders to raters who have not submitted: when a cycle opens, two days before the close, on the last day.

Each (rater, cycle, moment) is claimed in the reminder log first, so a run repeated by beat or by hand sends once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.reminders import register
from notifications.services import claim_reminder, notify
from organization.identity.services import activated_q
from organization.models import User

from .models import Assignment, Cycle

KIND = "rating_pending"
PERIOD_OPEN, PERIOD_TWO_DAYS, PERIOD_LAST_DAY = "open", "d-2", "d-0"


def period_for(cycle: Cycle, today: dt.date) -> str | None:
    """Which reminder is due today: the last day, two days before (or one, if the beat missed a day), else the
    opening one (sent by the first run after the cycle opens; later runs find it claimed)."""
    days_left = (cycle.closes_on - today).days
    if days_left < 0:
        return None
    if days_left == 0:
        return PERIOD_LAST_DAY
    if days_left <= 2:
        return PERIOD_TWO_DAYS
    return PERIOD_OPEN


ACTIVATION_KIND = "account_activation"


def invite_without_account(cycle: Cycle, period: str, employee_ids) -> int:
    """Raters without an activated account get a one-time activation link with the reminder (an account is made for
    them when missing), once per (rater, cycle, moment). Raters with neither an account nor an e-mail address are
    the "no way in" number shown when the cycle opens."""
    from organization.identity.services import activation_mail_send, employees_to_invite

    sent = 0
    for user in employees_to_invite(employee_ids=employee_ids):
        if claim_reminder(recipient=user, kind=ACTIVATION_KIND, object_key=f"cycle:{cycle.pk}", period_key=period):
            sent += activation_mail_send(user=user, employee=user.employee)
    return sent


def remind_cycle(cycle: Cycle, period: str, *, today: dt.date | None = None) -> int:
    """Remind every rater of ``cycle`` with an account and unsubmitted assignments, once per ``period``."""
    today = today or timezone.localdate()
    if cycle.status != Cycle.Status.OPEN or today > cycle.closes_on:
        return 0
    pending = dict(
        Assignment.objects.filter(cycle=cycle, response__submitted_at__isnull=True)
        .values_list("rater_id").annotate(n=Count("pk")).order_by()
    )
    if not pending:
        return 0
    invite_without_account(cycle, period, pending.keys())
    # The in-app reminder goes to accounts that can sign in; the others got an activation link just above.
    users = User.objects.filter(activated_q(), employee_id__in=pending.keys(), is_active=True).order_by("pk")
    days_left = (cycle.closes_on - today).days
    url = reverse("evaluations:index")
    sent = 0
    for user in users:
        if not claim_reminder(recipient=user, kind=KIND, object_key=f"cycle:{cycle.pk}", period_key=period):
            continue
        n = pending[user.employee_id]
        if days_left == 0:
            when = _("Hari ini hari terakhir pengisian.")
        else:
            when = ngettext("Sisa waktu %(d)d hari (sampai %(date)s).", "Sisa waktu %(d)d hari (sampai %(date)s).",
                            days_left) % {"d": days_left, "date": cycle.closes_on.strftime("%d-%m-%Y")}
        body = ngettext("Anda memiliki %(n)d penilaian yang belum dikirim pada %(cycle)s.",
                        "Anda memiliki %(n)d penilaian yang belum dikirim pada %(cycle)s.", n) % {
            "n": n, "cycle": cycle.name}
        notify(recipients=[user], kind=KIND, title=_("Penilaian menunggu Anda: %(cycle)s") % {"cycle": cycle.name},
               body=f"{body} {when}", url=url)
        sent += 1
    return sent


@register(KIND, description="Pengingat kepada penilai yang belum mengirim penilaian (saat dibuka, H-2, hari terakhir).",
          crontab={"minute": "0", "hour": "8"})
def rating_pending(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    sent = 0
    for cycle in Cycle.objects.filter(status=Cycle.Status.OPEN, closes_on__gte=today).order_by("pk"):
        period = period_for(cycle, today)
        if period:
            sent += remind_cycle(cycle, period, today=today)
    return sent
