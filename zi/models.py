"""Zona Integritas, Area I (Manajemen Perubahan): the indicator tree, each agency's workspace per period, its
evidence, the review rounds and the evidence-pack builds. Sits above agents and evaluations; nothing below imports it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.models import ProgramPeriod
from organization.models import Agency

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class Indicator(models.Model):
    """One row of the LKE's Area I. ``source`` says whether the portal fills its value (0–100) or the agency does."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Diisi perangkat daerah")
        AGENT_GRADE = "agent_grade", _("Agen perubahan ditetapkan (A/B/C)")
        ROLE_MODEL = "role_model", _("Pimpinan ditetapkan sebagai role model")
        CHANGES = "changes", _("% agen dengan perubahan nyata (maks. 100%)")
        INTEGRATED = "integrated", _("% perubahan terintegrasi")
        EVAL_RESPONSE = "eval_response", _("Tingkat respons penilaian 360° terakhir")
        EVAL_SCORE = "eval_score", _("Rata-rata nilai budaya kerja 360° terakhir")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    section = models.CharField(_("sub-komponen"), max_length=150)
    name = models.CharField(_("indikator"), max_length=300)
    guidance = models.TextField(_("bukti yang diharapkan"), blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    source = models.CharField(_("sumber nilai"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indikator ZI Area I")
        verbose_name_plural = _("indikator ZI Area I")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_manual(self) -> bool:
        return self.source == self.Source.MANUAL


class Assessment(models.Model):
    """An agency's Area I workspace for a program period: draft → submitted → returned | accepted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan, menunggu penilai")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
        ACCEPTED = "accepted", _("Diterima")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("perangkat daerah"))
    period = models.ForeignKey(ProgramPeriod, on_delete=models.PROTECT, related_name="+", verbose_name=_("periode"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    rounds_count = models.PositiveIntegerField(_("putaran"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "period"], name="zi_one_assessment_per_period")]

    def __str__(self):
        return f"{self.agency} · {self.period}"


class Entry(models.Model):
    """The agency's answer for one indicator: its value (manual indicators) and its note or answer to the reviewer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.TextField(_("penjelasan / jawaban"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="zi_one_entry_per_indicator")]

    def __str__(self):
        return f"{self.assessment_id}:{self.indicator_id}"


def evidence_path(instance, filename):
    # Never the user's name: a random one with the extension of the type detected from the content.
    return f"zi/bukti/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '.bin')}"


class Evidence(models.Model):
    """A file (checked by content) or a link to a portal record of the agency, attached to one indicator."""

    class LinkKind(models.TextChoices):
        PROJECT = "project", _("Rencana aksi / perubahan")
        REPORT = "report", _("Laporan bulanan")
        DECREE = "decree", _("SK penetapan agen")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("keterangan"), max_length=200, blank=True)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    link_kind = models.CharField(_("jenis tautan"), max_length=20, choices=LinkKind.choices, blank=True)
    object_id = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.label or self.original_name

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class ReviewRound(models.Model):
    """One submission and its review. ``snapshot`` keeps what was submitted (value, note, evidence per indicator)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(_("putaran ke"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    agency_note = models.TextField(_("catatan perangkat daerah"), blank=True)
    snapshot = models.JSONField(default=dict)
    score = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    reviewer_summary = models.TextField(_("catatan umum penilai"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="zi_round_number_unique")]

    def __str__(self):
        return f"{self.assessment} #{self.number}"


class RoundNote(models.Model):
    """The reviewer's verdict and note on one indicator in one round."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="notes")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("keputusan"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("catatan penilai"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "indicator"], name="zi_one_note_per_indicator")]

    def __str__(self):
        return f"{self.round_id}:{self.indicator_id} {self.verdict}"


def pack_path(instance, filename):
    return f"zi/paket/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.zip"


class PackBuild(models.Model):
    """One build of an agency's evidence pack (ZIP on storage), made by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang disusun")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ProgramPeriod, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=pack_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    files_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.agency_id}/{self.period_id} {self.status}"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
