"""Program periods, nominations and their workflow, change agents, change projects (rencana aksi).

Rules a period holds (quota, eligibility, scoring criteria) are data an administrator edits, never constants.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import Agency, Employee, SkpPredikat

DEFAULT_QUOTA = 3  # [P] about 3–4 agents per work unit; editable per period
DEFAULT_CRITERIA = [
    # (name, description, weight) — DOMAIN.md "Selecting agents"; editable per period.
    (_("Menjadi teladan"), _("Perilaku dan kinerjanya patut dicontoh rekan kerja."), 20),
    (_("Kompeten"), _("Menguasai bidang tugasnya dan terus belajar."), 20),
    (_("Memahami tugas unit"), _("Mengerti tugas dan fungsi unit kerjanya."), 20),
    (_("Berdedikasi"), _("Tekun, disiplin, dan bertanggung jawab."), 20),
    (_("Berintegritas"), _("Tidak pernah bermasalah hukum atau melanggar kode etik."), 20),
]


class AgentRole(models.TextChoices):
    KATALIS = "katalis", _("Katalis")
    PEMBERI_SOLUSI = "pemberi_solusi", _("Pemberi solusi")
    MEDIATOR = "mediator", _("Mediator")
    PENGHUBUNG = "penghubung", _("Penghubung")


class ReformArea(models.TextChoices):
    """The eight areas of change (Perpres 81/2010, Road Map Reformasi Birokrasi)."""

    MANAJEMEN_PERUBAHAN = "manajemen_perubahan", _("Manajemen perubahan (pola pikir dan budaya kerja)")
    DEREGULASI = "deregulasi", _("Deregulasi kebijakan")
    ORGANISASI = "organisasi", _("Penataan dan penguatan organisasi")
    TATALAKSANA = "tatalaksana", _("Penataan tata laksana")
    SDM = "sdm", _("Penataan sistem manajemen SDM aparatur")
    AKUNTABILITAS = "akuntabilitas", _("Penguatan akuntabilitas")
    PENGAWASAN = "pengawasan", _("Penguatan pengawasan")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Peningkatan kualitas pelayanan publik")


# --- program periods ------------------------------------------------------------------------------------------

class ProgramPeriodQuerySet(models.QuerySet):
    def open_on(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(nomination_opens__lte=day, nomination_closes__gte=day)

    def current(self, day: dt.date | None = None) -> ProgramPeriod | None:
        """The period open for nominations today, else the most recent one."""
        day = day or timezone.localdate()
        return (self.open_on(day).order_by("-nomination_opens").first()
                or self.order_by("-nomination_opens", "-pk").first())


class ProgramPeriod(models.Model):
    """A selection round: nomination window, term of the appointed agents, quota, eligibility and criteria."""

    name = models.CharField(_("nama periode"), max_length=100, unique=True)
    nomination_opens = models.DateField(_("pengusulan dibuka"))
    nomination_closes = models.DateField(_("pengusulan ditutup"))
    term_start = models.DateField(_("awal masa tugas"))
    term_end = models.DateField(_("akhir masa tugas"))
    default_quota = models.PositiveSmallIntegerField(
        _("kuota bawaan per perangkat daerah"), default=DEFAULT_QUOTA,
        help_text=_("Jumlah calon yang boleh diajukan setiap perangkat daerah, kecuali diatur lain di bawah."),
    )
    # Eligibility rules
    employee_types = models.JSONField(_("jenis pegawai yang boleh diusulkan"), default=list)
    min_years_of_service = models.PositiveSmallIntegerField(
        _("masa kerja minimal (tahun)"), default=2, help_text=_("Dihitung dari TMT pengangkatan (digit 9–14 NIP)."),
    )
    min_skp_predikat = models.CharField(
        _("predikat SKP terakhir minimal"), max_length=20, choices=SkpPredikat.choices, default=SkpPredikat.BAIK,
    )
    require_no_penalty = models.BooleanField(_("tidak sedang menjalani hukuman disiplin"), default=True)
    penalty_free_years = models.PositiveSmallIntegerField(
        _("bebas hukuman disiplin dalam (tahun) terakhir"), default=0,
        help_text=_("0 berarti hanya hukuman yang sedang berjalan yang diperiksa."),
    )
    exclude_active_agents = models.BooleanField(_("bukan agen perubahan aktif pada masa tugas ini"), default=True)
    max_age = models.PositiveSmallIntegerField(
        _("usia maksimal pada awal masa tugas"), null=True, blank=True,
        help_text=_("Kosongkan bila tidak dibatasi (mis. untuk menghindari calon yang segera pensiun)."),
    )
    # Reminder thresholds (days a nomination may wait before its next actor is reminded)
    endorsement_reminder_days = models.PositiveSmallIntegerField(_("ingatkan kepala PD setelah (hari)"), default=3)
    decision_reminder_days = models.PositiveSmallIntegerField(_("ingatkan Tim RB setelah (hari)"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProgramPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode program")
        verbose_name_plural = _("periode program")
        ordering = ["-nomination_opens", "-pk"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.nomination_opens and self.nomination_closes and self.nomination_closes < self.nomination_opens:
            errors["nomination_closes"] = _("Tanggal penutupan pengusulan harus sesudah tanggal pembukaan.")
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("Akhir masa tugas harus sesudah awal masa tugas.")
        if self.nomination_closes and self.term_start and self.term_start < self.nomination_closes:
            errors["term_start"] = _("Masa tugas dimulai setelah pengusulan ditutup.")
        types = self.employee_types or []
        if not types or any(t not in Employee.Type.values for t in types):
            errors["employee_types"] = _("Pilih minimal satu jenis pegawai (PNS dan/atau PPPK).")
        if errors:
            raise ValidationError(errors)

    def is_open(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.nomination_opens <= day <= self.nomination_closes

    @property
    def state_label(self) -> str:
        day = timezone.localdate()
        if day < self.nomination_opens:
            return _("Belum dibuka")
        if day <= self.nomination_closes:
            return _("Pengusulan dibuka")
        return _("Pengusulan ditutup")


class AgencyQuota(models.Model):
    """A per-agency override of the period's default quota."""

    period = models.ForeignKey(ProgramPeriod, on_delete=models.CASCADE, related_name="quotas")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("perangkat daerah"))
    quota = models.PositiveSmallIntegerField(_("kuota"))

    class Meta:
        verbose_name = _("kuota perangkat daerah")
        verbose_name_plural = _("kuota perangkat daerah")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="one_quota_per_agency_period")]

    def __str__(self):
        return f"{self.agency}: {self.quota}"


class Criterion(models.Model):
    """A scoring criterion of a period, with its weight."""

    period = models.ForeignKey(ProgramPeriod, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("kriteria"), max_length=120)
    description = models.CharField(_("penjelasan"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("bobot"), default=20, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.weight})"


# --- nominations ----------------------------------------------------------------------------------------------

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
        indexes = [models.Index(fields=["period", "agency", "status"])]

    def __str__(self):
        return f"{self.candidate.name} — {self.period}"


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

    class Meta:
        verbose_name = _("riwayat nominasi")
        verbose_name_plural = _("riwayat nominasi")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.nomination_id}: {self.from_status or '-'} → {self.to_status}"


def evidence_path(instance, filename):
    # The stored name never comes from the user: a random name with the extension of the detected type.
    return f"agents/{instance.FOLDER}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class EvidenceFile(models.Model):
    """An uploaded file checked by content (PDF, JPG or PNG). Served only through a view that checks access."""

    FOLDER = "evidence"
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".bin")


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


# --- change agents --------------------------------------------------------------------------------------------

class ChangeAgentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ChangeAgent.Status.ACTIVE)

    def current(self, day: dt.date | None = None):
        """Appointed and not ended: active, with a term that has not run out."""
        day = day or timezone.localdate()
        return self.active().filter(term_end__gte=day)

    def agents(self):
        return self.filter(kind=ChangeAgent.Kind.AGEN)

    def role_models(self):
        return self.filter(kind=ChangeAgent.Kind.ROLE_MODEL)


class ChangeAgent(models.Model):
    """An appointed agen perubahan, or a role model (a separate designation with its own decree)."""

    class Kind(models.TextChoices):
        AGEN = "agen", _("Agen perubahan")
        ROLE_MODEL = "role_model", _("Role model")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        ENDED = "ended", _("Berakhir")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="change_agents",
                                 verbose_name=_("pegawai"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="change_agents",
                               verbose_name=_("perangkat daerah"))
    period = models.ForeignKey(ProgramPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="change_agents", verbose_name=_("periode"))
    nomination = models.OneToOneField(Nomination, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="change_agent", verbose_name=_("nominasi"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.AGEN)
    roles = models.JSONField(_("peran"), default=list, blank=True)
    term_start = models.DateField(_("awal masa tugas"))
    term_end = models.DateField(_("akhir masa tugas"))
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    decree_signatory = models.CharField(_("penanda tangan SK"), max_length=150)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    ended_on = models.DateField(_("berakhir pada"), null=True, blank=True)
    end_reason = models.TextField(_("alasan berakhir"), blank=True)
    renewed_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="renewal", verbose_name=_("perpanjangan dari"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ChangeAgentQuerySet.as_manager()

    class Meta:
        verbose_name = _("agen perubahan")
        verbose_name_plural = _("agen perubahan")
        ordering = ["agency__name", "employee__name", "-term_start"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "kind", "period"], name="one_designation_per_period"),
        ]
        indexes = [models.Index(fields=["agency", "kind", "status"])]

    def __str__(self):
        return f"{self.employee.name} ({self.get_kind_display()}, {self.agency})"

    @property
    def is_role_model(self) -> bool:
        return self.kind == self.Kind.ROLE_MODEL

    @property
    def role_labels(self) -> list[str]:
        labels = dict(AgentRole.choices)
        return [str(labels.get(r, r)) for r in self.roles]

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.ACTIVE and self.term_end >= timezone.localdate()

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            errors["term_end"] = _("Akhir masa tugas harus sesudah awal masa tugas.")
        bad = [r for r in (self.roles or []) if r not in AgentRole.values]
        if bad:
            errors["roles"] = _("Peran tidak dikenal: %(roles)s.") % {"roles": ", ".join(bad)}
        if self.kind == self.Kind.AGEN and not self.roles:
            errors["roles"] = _("Pilih minimal satu peran agen perubahan.")
        if errors:
            raise ValidationError(errors)


# --- change projects ------------------------------------------------------------------------------------------

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


def weighted_total(scores_by_criterion: dict[int, float], weights: dict[int, int]) -> Decimal | None:
    """Weighted mean of criterion scores (1–5) expressed on 0–100. None until every criterion is scored."""
    if not weights or any(c not in scores_by_criterion for c in weights):
        return None
    total_weight = sum(weights.values())
    mean = sum(Decimal(str(scores_by_criterion[c])) * w for c, w in weights.items()) / total_weight
    return (mean / 5 * 100).quantize(Decimal("0.01"))
