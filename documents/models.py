"""Every document the portal produces or receives for a period: selection minutes, SK drafts, signed SKs.

One model so that other parts (the ZI evidence pack) collect them with one selector (``selectors.documents_for``).
A document is never overwritten: a new version supersedes it (``superseded_by``). Its ``verification_code`` is
printed as a QR code and opens the public page ``/verifikasi/<code>/``; it is random (``secrets.token_urlsafe``),
never derived from an id, so codes cannot be guessed or enumerated.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.models import ChangeAgent, ProgramPeriod
from organization.models import Agency


def new_code() -> str:
    return secrets.token_urlsafe(24)


def document_path(instance, filename):
    # Never the user's file name: a random name under the kind and month.
    return f"documents/{instance.kind}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class DocumentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_by__isnull=True)


class Document(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Berita acara seleksi")
        SK_DRAFT = "sk_draft", _("Draf SK")
        SK_SIGNED = "sk_signed", _("SK bertanda tangan")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    period = models.ForeignKey(ProgramPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="documents", verbose_name=_("periode"))
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
                               verbose_name=_("perangkat daerah"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0)
    verification_code = models.CharField(max_length=64, unique=True, default=new_code, editable=False)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    date = models.DateField(_("tanggal"), null=True, blank=True)
    reason = models.CharField(_("alasan penerbitan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="supersedes", verbose_name=_("digantikan oleh"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["period", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period", "agency", "version"], name="one_document_version"),
            # NULLs are distinct in a unique index: the period-wide documents need their own.
            models.UniqueConstraint(fields=["kind", "period", "version"], condition=models.Q(agency__isnull=True),
                                    name="one_period_document_version"),
        ]
        indexes = [models.Index(fields=["period", "kind", "superseded_by"])]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} — {self.period}"

    @property
    def is_decree(self) -> bool:
        return self.kind in (self.Kind.SK_DRAFT, self.Kind.SK_SIGNED)


class DecreeText(models.Model):
    """The editable parts of a period's SK: number, date, Menimbang and Mengingat."""

    period = models.OneToOneField(ProgramPeriod, on_delete=models.CASCADE, related_name="decree_text")
    number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    date = models.DateField(_("tanggal SK"), null=True, blank=True)
    menimbang = models.TextField(_("menimbang"), help_text=_("Satu pertimbangan per baris."))
    mengingat = models.TextField(_("mengingat"), help_text=_("Satu dasar hukum per baris."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("teks SK")
        verbose_name_plural = _("teks SK")

    def __str__(self):
        return self.number or str(self.period)


class AppointmentCode(models.Model):
    """The verification code of one appointment printed (as a QR code) on an SK draft's attachment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="appointment_codes")
    agent = models.ForeignKey(ChangeAgent, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, unique=True, default=new_code, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "agent"], name="one_code_per_appointment")]

    def __str__(self):
        return f"{self.document_id}/{self.agent_id}"
