"""Build summary reports (figures + PDF + XLSX) and deliver them to the leaders of their scope, once per period.

* weekly digest: the previous ISO week (``2026-W48``), e-mailed to each kepala (their agency) and to pimpinan
  daerah and Tim RB (the city);
* monthly report: the previous month (``2026-11``), announced to the same people and kept on the reports page.

Rebuilding a period replaces its files; delivering twice sends nothing the second time (the reminder log key is
(recipient, ``report_<kind>``, ``report:<agency id|city>``, period label)).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organization.models import Agency, Role, User

from .figures import build_figures
from .models import Notification, Report
from .report_render import render_pdf, render_xlsx, report_tables
from .services import claim_reminder, email_recipient_ids, notify

BAD_MONTH = gettext_lazy("Periode bulanan ditulis TTTT-BB, mis. 2026-11.")
BAD_WEEK = gettext_lazy("Periode mingguan ditulis TTTT-Wmm, mis. 2026-W48.")
FUTURE_PERIOD = gettext_lazy("Periode belum selesai; laporan dibuat setelah periodenya berakhir.")


def period_bounds(kind: str, label: str | None = None, *, today: dt.date | None = None) -> tuple[str, dt.date, dt.date]:
    """(label, first day, last day). Without a label: the last complete week or month before ``today``."""
    today = today or timezone.localdate()
    if kind == Report.Kind.MONTHLY:
        if label is None:
            last = today.replace(day=1) - dt.timedelta(days=1)
            label = f"{last:%Y-%m}"
        match = re.fullmatch(r"(\d{4})-(\d{2})", label)
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValidationError({"period": BAD_MONTH})
        year, month = int(match[1]), int(match[2])
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        if label is None:
            last = today - dt.timedelta(days=today.isoweekday())  # the Sunday that ended last week
            year, week, _day = last.isocalendar()
            label = f"{year}-W{week:02d}"
        match = re.fullmatch(r"(\d{4})-W(\d{2})", label)
        if not match:
            raise ValidationError({"period": BAD_WEEK})
        try:
            start = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError as exc:
            raise ValidationError({"period": BAD_WEEK}) from exc
        end = start + dt.timedelta(days=6)
    if start > today:
        raise ValidationError({"period": FUTURE_PERIOD})
    return label, start, end


def report_scopes() -> list[int | None]:
    """The city (None) and every active top-level agency."""
    return [None, *Agency.objects.top_level().active().order_by("name").values_list("pk", flat=True)]


def report_recipients(agency_id: int | None) -> list[User]:
    """Kepala of the agency; pimpinan daerah and Tim RB for the city report."""
    users = User.objects.filter(is_active=True, roles__is_active=True)
    if agency_id is None:
        users = users.filter(roles__role__in=[Role.PIMPINAN, Role.TIM_RB])
    else:
        users = users.filter(roles__role=Role.KEPALA, roles__agency_id=agency_id)
    return list(users.distinct().order_by("pk"))


def report_title(report: Report) -> str:
    return _("%(kind)s Agen Perubahan — %(scope)s") % {"kind": report.get_kind_display(), "scope": report.scope_name}


def report_subtitle(report: Report) -> str:
    return _("Periode %(label)s: %(start)s s.d. %(end)s. Dibuat %(at)s WIB.") % {
        "label": report.period_label,
        "start": date_format(report.period_start, "j F Y"),
        "end": date_format(report.period_end, "j F Y"),
        "at": date_format(timezone.localtime(report.generated_at or timezone.now()), "j F Y H:i"),
    }


@dataclass
class _Draft:
    """One scope's report computed and rendered, not yet stored: the slow part, done outside any transaction."""

    kind: str
    agency: Agency | None
    label: str
    start: dt.date
    end: dt.date
    figures: dict
    filename: str
    pdf: bytes
    xlsx: bytes


def _draft(*, kind: str, agency_id: int | None, label: str, start: dt.date, end: dt.date) -> _Draft:
    agency = Agency.objects.get(pk=agency_id) if agency_id else None
    report = Report(kind=kind, agency=agency, period_label=label, period_start=start, period_end=end,
                    generated_at=timezone.now())
    report.figures = build_figures(agency_ids=None if agency is None else [agency.pk], start=start, end=end)
    title, subtitle = report_title(report), report_subtitle(report)
    tables = report_tables(report.figures)
    scope = "kota" if agency is None else slugify(agency.abbreviation or agency.code)
    filename = f"laporan-{'mingguan' if kind == Report.Kind.WEEKLY_DIGEST else 'bulanan'}-{scope}-{label}"
    return _Draft(kind=kind, agency=agency, label=label, start=start, end=end, figures=report.figures,
                  filename=filename, pdf=render_pdf(title=title, subtitle=subtitle, tables=tables),
                  xlsx=render_xlsx(title=title, subtitle=subtitle, tables=tables))


def _store(drafts: list[_Draft]) -> list[Report]:
    """Write the drafts' rows in one transaction (replacing earlier builds): a period's set appears whole or not at
    all. Files written for a transaction that fails are removed; replaced files go once it commits."""
    new_files, old_files = [], []
    try:
        with transaction.atomic():
            reports = []
            for draft in drafts:
                report = (Report.objects.select_for_update()
                          .filter(kind=draft.kind, agency=draft.agency, period_label=draft.label).order_by("pk").first()
                          or Report(kind=draft.kind, agency=draft.agency, period_label=draft.label))
                old_files += [f.name for f in (report.pdf, report.xlsx) if f]
                report.period_start, report.period_end, report.figures = draft.start, draft.end, draft.figures
                report.pdf.save(f"{draft.filename}.pdf", ContentFile(draft.pdf), save=False)
                new_files.append(report.pdf.name)
                report.xlsx.save(f"{draft.filename}.xlsx", ContentFile(draft.xlsx), save=False)
                new_files.append(report.xlsx.name)
                report.save()
                reports.append(report)
            storage = Report._meta.get_field("pdf").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in old_files])
    except BaseException:
        storage = Report._meta.get_field("pdf").storage
        for name in new_files:
            storage.delete(name)
        raise
    return reports


def report_build(*, kind: str, agency_id: int | None, period_label: str | None = None) -> Report:
    """Compute the figures and write the PDF and XLSX of one scope and period (replacing an earlier build)."""
    label, start, end = period_bounds(kind, period_label)
    return _store([_draft(kind=kind, agency_id=agency_id, label=label, start=start, end=end)])[0]


@transaction.atomic
def report_deliver(*, report: Report) -> int:
    """Tell the report's leaders, once per (person, scope, period); returns how many were told now."""
    key = {"kind": f"report_{report.kind}", "object_key": f"report:{report.agency_id or 'city'}",
           "period_key": report.period_label}
    recipients = [u for u in report_recipients(report.agency_id) if claim_reminder(recipient=u, **key)]
    if not recipients:
        return 0
    url = reverse("notifications:reports")
    if report.kind == Report.Kind.MONTHLY:
        notify(recipients=recipients, kind="report_monthly", url=url, email=True, email_category="digests",
               title=_("Laporan bulanan %(label)s tersedia — %(scope)s") % {"label": report.period_label,
                                                                             "scope": report.scope_name},
               body=_("Laporan bulanan program Agen Perubahan (PDF dan Excel) dapat diunduh di halaman Laporan."))
        return len(recipients)
    notes = notify(recipients=recipients, kind="weekly_digest", url=url, email=False,
                   title=_("Ringkasan mingguan %(label)s — %(scope)s") % {"label": report.period_label,
                                                                         "scope": report.scope_name},
                   body=_("Ringkasan program Agen Perubahan minggu lalu: nominasi, agen, proyek, forum dan evaluasi."))
    wanted = email_recipient_ids(recipients, "digests")
    ids = [n.pk for n in notes if n.recipient_id in wanted]
    if ids:
        Notification.objects.filter(pk__in=ids).update(email_status=Notification.EmailStatus.QUEUED)
        from .tasks import send_digest_email

        transaction.on_commit(lambda: [send_digest_email.delay(i, report.pk) for i in ids])
    return len(recipients)


def build_period(*, kind: str, period_label: str | None = None, deliver: bool = True,
                 agency_ids: list[int | None] | None = None) -> list[Report]:
    """Build (and deliver) every scope's report of one period. Every file is rendered first, then the rows are
    written in one short transaction, so the period's set appears whole or not at all (a failure leaves the earlier
    set as it was); then the leaders are told (each delivery is idempotent, a rerun tells those not yet told)."""
    label, start, end = period_bounds(kind, period_label)
    scopes = report_scopes() if agency_ids is None else agency_ids
    reports = _store([_draft(kind=kind, agency_id=a, label=label, start=start, end=end) for a in scopes])
    if deliver:
        for report in reports:
            report_deliver(report=report)
    return reports
