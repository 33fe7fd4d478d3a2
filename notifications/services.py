"""Notify people: in-app always, e-mail after commit (through Celery).

Other apps call :func:`notify`; they never send mail themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EmailPreference, Notification, ReminderLog

# Optional e-mail categories a user can turn off (see EmailPreference); everything else is mandatory.
OPTIONAL_CATEGORIES = {"digests", "subscriptions", "mentions"}


def wants_email(user, category: str | None) -> bool:
    if not user.email:
        return False
    if category not in OPTIONAL_CATEGORIES:
        return True
    pref = EmailPreference.objects.filter(user=user).first()
    return pref is None or getattr(pref, category)


def notify(
    *, recipients: Iterable, kind: str, title: str, body: str = "", url: str = "", email: bool = True,
    email_category: str | None = None,
) -> list[Notification]:
    """Create one in-app notification per recipient and queue an e-mail for each who wants one."""
    recipients = list({r.pk: r for r in recipients if r is not None}.values())
    created = Notification.objects.bulk_create(
        [Notification(recipient=r, kind=kind, title=title[:200], body=body, url=url) for r in recipients]
    )
    if email:
        ids = [n.pk for n, r in zip(created, recipients, strict=False) if wants_email(r, email_category)]
        if ids and all(ids):
            from .tasks import send_notification_email

            transaction.on_commit(lambda: [send_notification_email.delay(i) for i in ids])
    return created


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def claim_reminder(*, recipient, kind: str, object_key: str, period_key: str) -> bool:
    """Record that a reminder is being sent; False if it was already sent for this key (so: don't send)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(recipient=recipient, kind=kind, object_key=object_key, period_key=period_key)
        return True
    except IntegrityError:
        return False
