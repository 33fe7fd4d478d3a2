import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@shared_task(
    bind=True, autoretry_for=(smtplib.SMTPException, ConnectionError, OSError), retry_backoff=30,
    retry_backoff_max=600, max_retries=5, soft_time_limit=60, time_limit=90,
)
def send_notification_email(self, notification_id: int) -> str:
    """Send the e-mail for one notification. Safe to run twice: ``emailed_at`` is checked and set."""
    from django.utils import timezone

    from .models import Notification

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.email:
        return "skipped"
    if notification.emailed_at:
        return "already-sent"
    context = {"notification": notification, "user": notification.recipient, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=f"[Agen Perubahan] {notification.title}",
        body=render_to_string("notifications/email/notification.txt", context),
        to=[notification.recipient.email],
    )
    message.attach_alternative(render_to_string("notifications/email/notification.html", context), "text/html")
    try:
        message.send()
    except Exception as exc:
        logger.warning("E-mail for notification %s failed: %s", notification_id, exc)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return "sent"
