from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification for one user."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("penerima")
    )
    kind = models.CharField(_("jenis"), max_length=50)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class EmailPreference(models.Model):
    """Which optional e-mails a user receives. Mandatory ones (a pending decision or rating) are always sent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    digests = models.BooleanField(_("ringkasan mingguan"), default=True)
    subscriptions = models.BooleanField(_("langganan forum"), default=True)
    mentions = models.BooleanField(_("disebut (@mention) di forum"), default=True)

    class Meta:
        verbose_name = _("preferensi e-mail")
        verbose_name_plural = _("preferensi e-mail")

    def __str__(self):
        return f"{self.user}"


class ReminderLog(models.Model):
    """One row per reminder sent: the unique key makes a task that runs twice send once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=50)
    object_key = models.CharField(max_length=100, help_text=_("mis. 'cycle:12'"))
    period_key = models.CharField(max_length=50, help_text=_("mis. '2026-11-28' atau '2026-W48'"))
    sent_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, default="sent")
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("log pengingat")
        verbose_name_plural = _("log pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "period_key"], name="reminder_once_per_key"
            )
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.object_key}, {self.period_key})"
