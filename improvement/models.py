"""Improvement plans tied to an agency's weakest BerAKHLAK value (issue 17; docs/improvement.md).

A published cycle names each agency's weak values (``WeakValue``, from the disclosed figures only); the kepala or
operator writes one ``ImprovementPlan`` per weak value with its actions and progress; the next published cycle of
the same instrument re-checks the plan (score before and after, change, target met).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel


class ImprovementSettings(SingletonModel):
    """The rule's settings, one row editable in the admin (``ImprovementSettings.get_solo()``)."""

    lowest_count = models.PositiveSmallIntegerField(
        _("jumlah nilai terendah"), default=1, validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("Berapa nilai dengan skor terbuka terendah yang dinamai per perangkat daerah."))
    fallen_count = models.PositiveSmallIntegerField(
        _("jumlah nilai yang paling turun"), default=1, validators=[MaxValueValidator(7)],
        help_text=_("Berapa nilai yang turun paling banyak sejak siklus terbit sebelumnya ikut dinamai (0: tidak)."))
    min_drop = models.DecimalField(
        _("penurunan minimum"), max_digits=5, decimal_places=2, default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("Penurunan skor (0–100) paling sedikit agar sebuah nilai dianggap turun."))
    stale_days = models.PositiveSmallIntegerField(
        _("batas hari tanpa kemajuan"), default=30, validators=[MinValueValidator(1)],
        help_text=_("Rencana tanpa laporan kemajuan selama ini diingatkan."))

    # The rater-bias analytics (improvement/rater_quality.py), on the instrument's scale.
    leniency_points = models.DecimalField(
        _("batas murah/pelit (poin skala)"), max_digits=3, decimal_places=2, default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.05"))],
        help_text=_("Sebuah pengisian dianggap murah (atau pelit) bila rata-ratanya sekian poin di atas (di bawah) "
                    "rata-rata penilai lain untuk orang yang sama."))
    central_spread = models.DecimalField(
        _("batas kecenderungan tengah"), max_digits=3, decimal_places=2, default=Decimal("0.5"),
        help_text=_("Pengisian tanpa jawaban ekstrem dengan simpangan baku di bawah ini dianggap cenderung tengah."))
    halo_spread = models.DecimalField(
        _("batas efek halo"), max_digits=3, decimal_places=2, default=Decimal("0.25"),
        help_text=_("Pengisian (tidak seragam) yang rata-rata per nilainya bersimpangan di bawah ini dianggap halo."))

    # Role-model proposals (improvement/recognition.py), on 0–100.
    recognition_min_score = models.DecimalField(
        _("skor minimum teladan"), max_digits=5, decimal_places=1, default=Decimal("85"),
        help_text=_("Skor nilai (terbuka) paling rendah agar seseorang diusulkan sebagai teladan nilai itu."))
    recognition_min_group_score = models.DecimalField(
        _("skor minimum tiap kelompok anonim"), max_digits=5, decimal_places=1, default=Decimal("80"),
        help_text=_("Setiap kelompok anonim (rekan, bawahan) yang menilai harus tampil sendiri (cukup penilai) "
                    "dengan skor sedikitnya ini."))
    recognition_max_gap = models.DecimalField(
        _("selisih maksimum antarkelompok"), max_digits=5, decimal_places=1, default=Decimal("15"),
        help_text=_("Selisih skor terbesar antarkelompok penilai (selain diri sendiri) agar dianggap konsisten."))

    class Meta:
        verbose_name = _("pengaturan rencana perbaikan")
        verbose_name_plural = _("pengaturan rencana perbaikan")

    def __str__(self):
        return str(_("Pengaturan rencana perbaikan"))


class WeakValue(models.Model):
    """A value named weak for an agency when a cycle was published (the scores are disclosed figures)."""

    cycle = models.ForeignKey("evaluations.Cycle", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("kode nilai"), max_length=40)
    name = models.CharField(_("nilai"), max_length=120)
    score = models.FloatField(_("skor"))
    previous_cycle = models.ForeignKey("evaluations.Cycle", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    previous_score = models.FloatField(_("skor siklus sebelumnya"), null=True, blank=True)
    is_lowest = models.BooleanField(_("terendah"), default=False)
    has_fallen = models.BooleanField(_("turun"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nilai terlemah")
        verbose_name_plural = _("nilai terlemah")
        ordering = ["-cycle__published_at", "agency__name", "score"]
        constraints = [models.UniqueConstraint(fields=["cycle", "agency", "code"], name="one_weak_value_per_cell")]

    def __str__(self):
        return f"{self.name} — {self.agency_id} ({self.cycle_id})"

    @property
    def drop(self) -> float | None:
        if self.previous_score is None:
            return None
        return round(self.previous_score - self.score, 1)


class ImprovementPlan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Berjalan")
        RECHECKED = "rechecked", _("Sudah diperiksa ulang")

    weak_value = models.OneToOneField(WeakValue, on_delete=models.PROTECT, related_name="plan")
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("ringkasan rencana"), max_length=4000)
    target_score = models.DecimalField(_("target skor"), max_digits=5, decimal_places=1,
                                       validators=[MinValueValidator(0), MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0, validators=[MaxValueValidator(100)])
    last_progress_at = models.DateTimeField(_("laporan terakhir"), null=True, blank=True)
    actions_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The re-check at the next published cycle of the same instrument.
    rechecked_cycle = models.ForeignKey("evaluations.Cycle", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    score_after = models.FloatField(_("skor sesudah"), null=True, blank=True)
    target_met = models.BooleanField(_("target tercapai"), null=True, blank=True)
    rechecked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rencana perbaikan")
        verbose_name_plural = _("rencana perbaikan")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.weak_value.name} — {self.agency}"

    @property
    def change(self) -> float | None:
        if self.score_after is None:
            return None
        return round(self.score_after - self.weak_value.score, 1)


class PlanAction(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("tindakan"), max_length=300)
    owner = models.ForeignKey("organization.Employee", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("penanggung jawab"))
    due_date = models.DateField(_("tenggat"))
    indicator = models.CharField(_("indikator yang dipantau"), max_length=300)
    agents = models.ManyToManyField("agents.ChangeAgent", blank=True, related_name="+",
                                    verbose_name=_("agen perubahan terkait"))
    done = models.BooleanField(_("selesai"), default=False)

    class Meta:
        verbose_name = _("tindakan")
        verbose_name_plural = _("tindakan")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.what


class PlanProgress(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="reports")
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("kegiatan dan hasil"), max_length=4000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laporan kemajuan rencana")
        verbose_name_plural = _("laporan kemajuan rencana")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.plan_id}: {self.progress}%"


class RecognitionProposal(models.Model):
    """A person proposed as a role model of one value from a published cycle (the rule: docs/improvement.md)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        ACCEPTED = "accepted", _("Diterima")
        DECLINED = "declined", _("Ditolak")

    cycle = models.ForeignKey("evaluations.Cycle", on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey("organization.Employee", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("kode nilai"), max_length=40)
    name = models.CharField(_("nilai"), max_length=120)
    score = models.FloatField(_("skor"))
    group_scores = models.JSONField(_("skor per kelompok"), default=dict)
    previous_score = models.FloatField(_("skor siklus sebelumnya"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField(_("alasan"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    role_model = models.ForeignKey("agents.ChangeAgent", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("penetapan role model"))
    # The certificate's public verification code (/verifikasi/<code>/), given when the proposal is accepted:
    # random (192 bits, as the SK codes), never derived from ids.
    verification_code = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("usulan teladan")
        verbose_name_plural = _("usulan teladan")
        ordering = ["-cycle__published_at", "name", "-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "employee", "code"], name="one_proposal_per_value")]

    def __str__(self):
        return f"{self.employee_id} — {self.name} ({self.cycle_id})"
