import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification for one user, and the state of its e-mail."""

    class EmailStatus(models.TextChoices):
        NONE = "", _("tanpa e-mail")
        QUEUED = "queued", _("dalam antrean")
        RETRYING = "retrying", _("dicoba ulang")
        SENT = "sent", _("terkirim")
        FAILED = "failed", _("gagal")
        SKIPPED = "skipped", _("dilewati")

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
    email_status = models.CharField(_("status e-mail"), max_length=10, choices=EmailStatus.choices, blank=True,
                                    default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("percobaan kirim"), default=0)
    email_error = models.TextField(_("kesalahan e-mail terakhir"), blank=True)

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


def _report_path(report: "Report", filename: str) -> str:
    # A random folder: report files are served only through the permission-checked download view, and an
    # unguessable name keeps them private even where /media/ is served directly.
    return f"reports/{report.period_start:%Y}/{uuid.uuid4().hex}/{filename}"


class ReportQuerySet(models.QuerySet):
    def city(self):
        return self.filter(agency__isnull=True)


class Report(models.Model):
    """A generated summary report for one scope (an agency, or the whole city when ``agency`` is empty)."""

    class Kind(models.TextChoices):
        WEEKLY_DIGEST = "weekly_digest", _("Ringkasan mingguan")
        MONTHLY = "monthly", _("Laporan bulanan")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "organization.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("perangkat daerah"), help_text=_("Kosong untuk laporan tingkat kota."),
    )
    period_label = models.CharField(_("periode"), max_length=20, help_text=_("mis. '2026-11' atau '2026-W48'"))
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    generated_at = models.DateTimeField(_("dibuat"), auto_now=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=_report_path, max_length=255, blank=True)
    xlsx = models.FileField(_("berkas Excel"), upload_to=_report_path, max_length=255, blank=True)
    figures = models.JSONField(_("angka"), default=dict, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan ringkas")
        verbose_name_plural = _("laporan ringkas")
        ordering = ["-period_start", "kind", "agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "agency", "period_label"], name="report_once_per_agency_period"),
            models.UniqueConstraint(fields=["kind", "period_label"], condition=Q(agency__isnull=True),
                                    name="report_once_per_city_period"),
        ]
        indexes = [models.Index(fields=["agency", "-period_start"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_label} — {self.scope_name}"

    @property
    def scope_name(self) -> str:
        return str(self.agency) if self.agency_id else str(_("Seluruh kota"))

    @property
    def is_city(self) -> bool:
        return self.agency_id is None
