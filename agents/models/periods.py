"""Program periods: nomination window, term, quota (with per-agency overrides), eligibility, criteria."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import Agency, Employee, SkpPredikat

from .common import DEFAULT_QUOTA


class ChainStep(models.TextChoices):
    """A step of a period's approval chain. Endorsement steps are read from the organisation data (the head of the
    candidate's agency, the head of the Sekretariat Daerah); Tim RB decides last."""

    KEPALA_PD = "kepala_pd", _("Kepala perangkat daerah calon")
    SEKDA = "sekda", _("Sekretaris Daerah")
    TIM_RB = "tim_rb", _("Tim RB (keputusan)")


DEFAULT_CHAIN = [ChainStep.KEPALA_PD.value, ChainStep.TIM_RB.value]


def default_chain() -> list[str]:
    return list(DEFAULT_CHAIN)


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
    # The approval chain: endorsement steps in order, then Tim RB (the last step, which decides).
    approval_chain = models.JSONField(
        _("alur persetujuan"), default=default_chain,
        help_text=_("Urutan langkah: kepala PD calon, lalu (opsional) Sekretaris Daerah, terakhir Tim RB."),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("eskalasi nominasi tertahan setelah (hari)"), default=5, validators=[MinValueValidator(1)],
        help_text=_("Nominasi yang menunggu lebih lama ditandai tertahan: pengesahnya diingatkan, lalu Tim RB."),
    )
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
        chain_error = chain_errors(self.approval_chain)
        if chain_error:
            errors["approval_chain"] = chain_error
        types = self.employee_types or []
        if not types or any(t not in Employee.Type.values for t in types):
            errors["employee_types"] = _("Pilih minimal satu jenis pegawai (PNS dan/atau PPPK).")
        if errors:
            raise ValidationError(errors)

    @property
    def endorsement_steps(self) -> list[str]:
        """The steps before Tim RB's decision (kepala PD, Sekda), in order."""
        chain = self.approval_chain or DEFAULT_CHAIN
        return [step for step in chain if step != ChainStep.TIM_RB]

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


def chain_errors(chain) -> str:
    """The message for an invalid approval chain, or "" (a list of known steps, each once, ending with Tim RB)."""
    if not isinstance(chain, list) or not chain or any(not isinstance(s, str) for s in chain):
        return _("Alur persetujuan berupa daftar langkah, mis. [\"kepala_pd\", \"tim_rb\"].")
    unknown = [s for s in chain if s not in ChainStep.values]
    if unknown:
        return _("Langkah tidak dikenal: %(steps)s. Pilihan: kepala_pd, sekda, tim_rb.") % {"steps": ", ".join(unknown)}
    if len(set(chain)) != len(chain):
        return _("Setiap langkah hanya boleh muncul sekali dalam alur persetujuan.")
    if chain[-1] != ChainStep.TIM_RB or len(chain) < 2:
        return _("Alur persetujuan diakhiri keputusan Tim RB, setelah minimal satu langkah persetujuan.")
    return ""


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
