"""Change projects (rencana aksi) and their monthly progress reports."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import Agency, Employee

from .common import EvidenceFile, ReformArea
from .registry import ChangeAgent


class ChangeProject(models.Model):
    """A rencana aksi: an agent's change project in one of the eight reform areas."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        ONGOING = "ongoing", _("Berjalan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    ACTIVE_STATUSES = (Status.PLANNED, Status.ONGOING)

    class IntegrationKind(models.TextChoices):
        SOP = "sop", _("SOP")
        DECREE = "decree", _("Surat keputusan")
        POLICY = "policy", _("Kebijakan / peraturan")
        SYSTEM = "system", _("Sistem / aplikasi")

    agent = models.ForeignKey(ChangeAgent, on_delete=models.PROTECT, related_name="projects",
                              verbose_name=_("agen perubahan"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="change_projects",
                               verbose_name=_("perangkat daerah"))
    title = models.CharField(_("judul"), max_length=200)
    reform_area = models.CharField(_("area perubahan"), max_length=30, choices=ReformArea.choices)
    problem = models.TextField(_("permasalahan"))
    proposed_change = models.TextField(_("usulan perubahan"))
    target = models.CharField(_("target"), max_length=300)
    indicator = models.CharField(_("indikator keberhasilan"), max_length=300)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai (rencana)"))
    members = models.ManyToManyField(Employee, blank=True, related_name="change_projects", verbose_name=_("anggota"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0, validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("tanggal perubahan nyata"), null=True, blank=True,
                                    help_text=_("Tanggal perubahan mulai berlaku/dirasakan."))
    result = models.TextField(_("hasil perubahan"), blank=True)
    integrated = models.BooleanField(_("terintegrasi ke sistem manajemen"), default=False)
    integration_kind = models.CharField(_("bentuk integrasi"), max_length=20, choices=IntegrationKind.choices,
                                        blank=True)
    integration_reference = models.CharField(_("referensi integrasi"), max_length=300, blank=True,
                                             help_text=_("mis. nomor SOP, nomor SK, nama aplikasi"))
    integrated_on = models.DateField(_("tanggal integrasi"), null=True, blank=True)
    # The agent's own "selesai" and "terintegrasi" count for the ZI figures only once the agency's kepala or
    # operator has verified them (issue 14); a later change of what was verified clears the verification.
    change_verified_at = models.DateTimeField(_("perubahan diverifikasi pada"), null=True, blank=True)
    change_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+", verbose_name=_("perubahan diverifikasi oleh"))
    integration_verified_at = models.DateTimeField(_("integrasi diverifikasi pada"), null=True, blank=True)
    integration_verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                on_delete=models.SET_NULL, related_name="+",
                                                verbose_name=_("integrasi diverifikasi oleh"))
    last_report_month = models.DateField(_("laporan terakhir"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "last_report_month"])

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return self.title

    @property
    def change_verified(self) -> bool:
        return self.status == self.Status.DONE and self.change_verified_at is not None

    @property
    def integration_verified(self) -> bool:
        return self.integrated and self.integration_verified_at is not None

    @property
    def awaiting_verification(self) -> bool:
        """Something the agent certified ("selesai" or "terintegrasi") that nobody has verified yet."""
        return (self.status == self.Status.DONE and self.change_verified_at is None) or (
            self.integrated and self.integration_verified_at is None)

    def clear_verification(self, *, change: bool = True, integration: bool = True) -> None:
        if change:
            self.change_verified_at, self.change_verified_by = None, None
        if integration:
            self.integration_verified_at, self.integration_verified_by = None, None

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Tanggal selesai harus sesudah tanggal mulai.")
        if self.status == self.Status.DONE:
            if not self.completed_on:
                errors["completed_on"] = _("Isi tanggal perubahan nyata untuk rencana aksi yang selesai.")
            elif self.completed_on > timezone.localdate():
                errors["completed_on"] = _("Tanggal perubahan nyata tidak boleh di masa depan.")
            if not self.result:
                errors["result"] = _("Jelaskan hasil perubahan yang sudah terjadi.")
        if self.integrated:
            if self.status != self.Status.DONE:
                errors["integrated"] = _("Hanya perubahan yang sudah selesai yang dapat diintegrasikan.")
            if not self.integration_kind:
                errors["integration_kind"] = _("Pilih bentuk integrasi (SOP, SK, kebijakan, atau sistem).")
            if not self.integration_reference.strip():
                errors["integration_reference"] = _("Tulis referensinya, mis. nomor SOP atau SK.")
        if errors:
            raise ValidationError(errors)


class ProgressReport(models.Model):
    """The monthly progress report (Laporan Agen Perubahan) of a project."""

    project = models.ForeignKey(ChangeProject, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("bulan"), help_text=_("Hari pertama bulan yang dilaporkan."))
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), validators=[MaxValueValidator(100)])
    activities = models.TextField(_("kegiatan yang dilakukan"))
    results = models.TextField(_("hasil"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    next_steps = models.TextField(_("rencana berikutnya"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        ordering = ["-month", "-pk"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="one_report_per_project_month")]

    def __str__(self):
        return f"{self.project} — {self.month:%Y-%m}"


class ReportEvidence(EvidenceFile):
    FOLDER = "reports"
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = _("bukti laporan")
        verbose_name_plural = _("bukti laporan")
        ordering = ["uploaded_at", "pk"]
