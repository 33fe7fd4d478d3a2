"""Notify people: in-app always, e-mail after commit (through Celery).

Other apps call :func:`notify`; they never send mail themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from organization.user_cache import forget_unread

from .models import EmailPreference, Notification, ReminderLog

# Optional e-mail categories a user can turn off (see EmailPreference); everything else is mandatory.
OPTIONAL_CATEGORIES = {"digests", "subscriptions", "mentions"}


def email_recipient_ids(users: Iterable, category: str | None) -> set[int]:
    """Ids of the users who get this e-mail: they have an address and have not turned the category off.

    One query for the whole list (none for mandatory e-mails).
    """
    users = [u for u in users if u is not None and u.email]
    if category not in OPTIONAL_CATEGORIES:
        return {u.pk for u in users}
    opted_out = set(
        EmailPreference.objects.filter(user__in=[u.pk for u in users], **{category: False}).values_list(
            "user_id", flat=True
        )
    )
    return {u.pk for u in users if u.pk not in opted_out}


def notify(
    *, recipients: Iterable, kind: str, title: str, body: str = "", url: str = "", email: bool = True,
    email_category: str | None = None,
) -> list[Notification]:
    """Create one in-app notification per recipient and queue an e-mail for each who wants one.

    ``email_category`` is None for mandatory e-mails (a decision or a rating waiting for the person) or one of
    OPTIONAL_CATEGORIES, which each user may turn off on their preferences page.
    """
    recipients = list({r.pk: r for r in recipients if r is not None}.values())
    to_email = email_recipient_ids(recipients, email_category) if email else set()
    queued = Notification.EmailStatus.QUEUED
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=r, kind=kind, title=title[:200], body=body, url=url[:500],
                         email_status=queued if r.pk in to_email else Notification.EmailStatus.NONE)
            for r in recipients
        ]
    )
    forget_unread(r.pk for r in recipients)  # the navbar's count shows the new notices on the next page
    # SQLite and PostgreSQL both return the new ids from bulk_create.
    ids = [n.pk for n in created if n.email_status == queued]
    if ids:
        queue_emails(ids)
    return created


def queue_emails(notification_ids: list[int]) -> None:
    """Queue one e-mail task per notification once the current transaction commits (ids only, never rows)."""
    from .tasks import send_notification_email

    ids = list(notification_ids)
    transaction.on_commit(lambda: [send_notification_email.delay(i) for i in ids])


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_unread([notification.recipient_id])


def mark_all_read(*, user) -> int:
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed


def claim_reminder(*, recipient, kind: str, object_key: str, period_key: str) -> bool:
    """Record that a reminder is being sent; False if it was already sent for this key (so: don't send)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(recipient=recipient, kind=kind, object_key=object_key, period_key=period_key)
        return True
    except IntegrityError:
        return False
