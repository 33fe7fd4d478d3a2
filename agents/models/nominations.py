"""Nominations, their audit trail, evidence and panel scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import ActingHead, Agency, Employee

from .common import EvidenceFile
from .periods import Criterion, ProgramPeriod


class Nomination(models.Model):
    """A candidate proposed by an agency for a period. Status changes only through ``agents.services``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        ENDORSED = "endorsed", _("Disetujui kepala PD")
        APPROVED = "approved", _("Ditetapkan")
        REJECTED = "rejected", _("Ditolak")

    # Statuses that hold a place: one per person per period; SUBMITTED.. count against the quota.
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.ENDORSED, Status.APPROVED)
    QUOTA_STATUSES = (Status.SUBMITTED, Status.ENDORSED, Status.APPROVED)

    period = models.ForeignKey(ProgramPeriod, on_delete=models.PROTECT, related_name="nominations",
                               verbose_name=_("periode"))
    candidate = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="nominations",
                                  verbose_name=_("calon"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="nominations",
                               verbose_name=_("perangkat daerah"))
    justification = models.TextField(_("alasan pengusulan"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    return_comment = models.TextField(_("catatan pengembalian"), blank=True)
    reject_reason = models.TextField(_("alasan penolakan"), blank=True)
    # Decree recorded on approval
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    decree_signatory = models.CharField(_("penanda tangan SK"), max_length=150, blank=True)
    # Panel scoring, kept on the row so lists never compute it: weighted mean on 0–100, and the number of scorers.
    score_total = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField(_("jumlah penilai"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("diusulkan oleh"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    endorsed_at = models.DateTimeField(_("disetujui kepala PD"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    # Where the nomination is in its period's approval chain while submitted (0 = the first endorsement step), and
    # since when it waits for its next actor (escalation and the stalled list read it).
    endorse_step = models.PositiveSmallIntegerField(_("langkah persetujuan"), default=0)
    waiting_since = models.DateTimeField(_("menunggu sejak"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "score_total", "score_count"])

    class Meta:
        verbose_name = _("nominasi")
        verbose_name_plural = _("nominasi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "candidate"], condition=Q(status__in=["draft", "submitted", "endorsed", "approved"]),
                name="one_open_nomination_per_person_period",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "agency", "status"]),
            # The lists' order (selectors.nomination_list): without it every list sorts all nominations.
            models.Index(fields=["-updated_at", "-id"], name="agents_nomination_recent_idx"),
            models.Index(fields=["status", "waiting_since"], name="agents_nomination_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.candidate.name} — {self.period}"

    @property
    def current_step(self) -> str:
        """The chain step the nomination waits for: an endorsement step while submitted, Tim RB once endorsed."""
        if self.status == self.Status.SUBMITTED:
            steps = self.period.endorsement_steps
            return steps[min(self.endorse_step, len(steps) - 1)]
        if self.status == self.Status.ENDORSED:
            return "tim_rb"
        return ""


class NominationTransition(models.Model):
    """The audit trail of a nomination: who moved it from what to what, when, and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Dibuat")
        SUBMIT = "submit", _("Diajukan")
        ENDORSE = "endorse", _("Disetujui kepala PD")
        APPROVE = "approve", _("Ditetapkan")
        REJECT = "reject", _("Ditolak")
        RETURN = "return", _("Dikembalikan")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("dari"), max_length=20, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(_("ke"), max_length=20, choices=Nomination.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("pelaku"))
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    comment = models.TextField(_("catatan"), blank=True)
    # An endorsement by an acting head (Plt./Plh.): the appointment, the head in whose name ("a.n.") it was given,
    # and the capacity as it read that day ("Plt. Kepala Dinas Perhubungan", kept even if the record changes).
    step = models.CharField(_("langkah"), max_length=20, blank=True)
    acting_head = models.ForeignKey(ActingHead, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("sebagai Plt./Plh."))
    on_behalf_of = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("atas nama"))
    capacity = models.CharField(_("jabatan saat bertindak"), max_length=250, blank=True)
    without_scores = models.BooleanField(_("ditetapkan tanpa nilai panel"), default=False)

    class Meta:
        verbose_name = _("riwayat nominasi")
        verbose_name_plural = _("riwayat nominasi")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.nomination_id}: {self.from_status or '-'} → {self.to_status}"


class NominationEvidence(EvidenceFile):
    FOLDER = "nominations"
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = _("bukti nominasi")
        verbose_name_plural = _("bukti nominasi")
        ordering = ["uploaded_at", "pk"]


class NominationScore(models.Model):
    """One panel member's score of one criterion for one nomination."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nilai panel")
        verbose_name_plural = _("nilai panel")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "criterion", "scorer"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.nomination_id}/{self.criterion_id}: {self.score}"
