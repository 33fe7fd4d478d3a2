"""Celery tasks of the portal's background work: e-mails, reminders, summary reports.

Every task takes ids or short strings (JSON only), re-reads its rows, calls library code, is safe to run twice and
has time limits. Queue them with ``transaction.on_commit`` (services do).
"""

from __future__ import annotations

import logging
import smtplib
import socket

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server was unreachable, busy or said "try later".
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, socket.gaierror)
# Errors that will not go away by waiting: the server refused the address.
PERMANENT_MAIL_ERRORS = (smtplib.SMTPRecipientsRefused,)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


class MailTask(Task):
    """Retries on mail errors with exponential backoff (30 s, 60 s, … capped below the visibility timeout) and
    records every failure on the notification, so a failed send is visible in the admin, never silently dropped."""

    autoretry_for = MAIL_ERRORS
    dont_autoretry_for = PERMANENT_MAIL_ERRORS
    retry_backoff = 30
    retry_backoff_max = settings.CELERY_MAX_COUNTDOWN
    retry_jitter = True
    max_retries = 5
    soft_time_limit = 60
    time_limit = 90

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from .models import Notification

        notification_id = args[0] if args else kwargs.get("notification_id")
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            email_status=Notification.EmailStatus.FAILED, email_error=describe(exc)
        )
        logger.error("E-mail for notification %s failed for good after %s attempt(s): %s",
                     notification_id, self.request.retries + 1, describe(exc))


def _deliver(task: Task, notification_id: int, render) -> str:
    """Send one notification's e-mail once: ``emailed_at`` is checked before and set after the send."""
    from django.utils import timezone

    from .models import Notification

    status = Notification.EmailStatus
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    if notification.emailed_at:
        return "already-sent"
    rows = Notification.objects.filter(pk=notification_id)
    if not notification.recipient.email or not notification.recipient.is_active:
        rows.update(email_status=status.SKIPPED, email_error="Penerima tidak aktif atau tidak punya alamat e-mail.")
        return "skipped"
    subject, text, html = render(notification)
    message = EmailMultiAlternatives(subject=" ".join(subject.split())[:250], body=text,
                                     to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    rows.update(email_attempts=F("email_attempts") + 1)
    try:
        message.send()
    except Exception as exc:
        rows.update(email_status=status.RETRYING, email_error=describe(exc))
        logger.warning("E-mail for notification %s failed (attempt %s): %s",
                       notification_id, task.request.retries + 1, describe(exc))
        raise
    rows.filter(emailed_at__isnull=True).update(emailed_at=timezone.now(), email_status=status.SENT, email_error="")
    return "sent"


def _base_context(notification) -> dict:
    from organization.institution import current_institution

    return {"notification": notification, "user": notification.recipient, "site_url": settings.SITE_URL,
            "institution": current_institution(),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences")}


@shared_task(bind=True, base=MailTask)
def send_notification_email(self, notification_id: int) -> str:
    """The e-mail of one notification (Indonesian, HTML and plain text)."""

    def render(notification):
        context = _base_context(notification)
        return (f"[Agen Perubahan] {notification.title}",
                render_to_string("notifications/email/notification.txt", context),
                render_to_string("notifications/email/notification.html", context))

    return _deliver(self, notification_id, render)


@shared_task(bind=True, base=MailTask)
def send_digest_email(self, notification_id: int, report_id: int) -> str:
    """The weekly digest e-mail: the report's summary figures and links to its files on the reports page."""
    from .models import Report
    from .report_render import format_cell, report_tables
    from .report_services import report_subtitle, report_title

    def render(notification):
        report = Report.objects.select_related("agency").get(pk=report_id)
        summary = report_tables(report.figures)[0]
        context = {
            **_base_context(notification), "report": report, "title": report_title(report),
            "subtitle": report_subtitle(report),
            "rows": [(label, format_cell(value)) for label, value in summary.rows],
            "reports_url": settings.SITE_URL + reverse("notifications:reports"),
            "pdf_url": settings.SITE_URL + reverse("notifications:report_download", args=[report.pk, "pdf"]),
            "xlsx_url": settings.SITE_URL + reverse("notifications:report_download", args=[report.pk, "xlsx"]),
        }
        return (f"[Agen Perubahan] {context['title']} ({report.period_label})",
                render_to_string("notifications/email/digest.txt", context),
                render_to_string("notifications/email/digest.html", context))

    return _deliver(self, notification_id, render)


@shared_task(soft_time_limit=240, time_limit=300)
def run_reminder(kind: str, force: bool = False) -> int:
    """One registered reminder kind (beat runs one periodic task per kind); returns how many were sent."""
    from . import reminders

    if kind not in reminders.REGISTRY:
        # An unknown kind is an error an administrator must see (the task shows as failed in the results).
        raise ValueError(f"Jenis pengingat tidak dikenal: {kind!r}. Terdaftar: {sorted(reminders.REGISTRY)}")
    sent = reminders.run(kind, force=force)
    logger.info("Reminder %s sent %s", kind, sent)
    return sent


@shared_task(soft_time_limit=1500, time_limit=1800)
def build_reports(kind: str, period_label: str | None = None) -> int:
    """Build and deliver every scope's report (the city and every agency) of one period, as one set: its rows are
    written together once every file is rendered (:func:`build_period`). Returns how many reports were built."""
    from .report_services import build_period

    return len(build_period(kind=kind, period_label=period_label))


@shared_task(soft_time_limit=240, time_limit=300)
def build_report(kind: str, agency_id: int | None, period_label: str) -> int:
    """Build one scope's report and tell its leaders (once per person and period). Returns the report id."""
    from .report_services import report_build, report_deliver

    report = report_build(kind=kind, agency_id=agency_id, period_label=period_label)
    report_deliver(report=report)
    return report.pk


@shared_task(soft_time_limit=10, time_limit=20)
def ping() -> str:
    """A task that touches nothing: health checks and the broker round-trip test use it."""
    return "pong"
