"""Change agents and role models (the registry)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from organization.models import Agency, Employee

from .common import AgentRole
from .nominations import Nomination
from .periods import ProgramPeriod

#: Role code -> label (lazy: translated when shown), built once rather than for every row of the registry.
ROLE_LABELS = dict(AgentRole.choices)


class ChangeAgentQuerySet(models.QuerySet):
    """The one rule of who is an agent on a day; every figure, list and permission asks it.

    - ``active(on=day)``: serving that day: not ended, and a term that covers it (term_start <= day <= term_end);
    - ``upcoming(on=day)``: appointed for a term that starts later (not counted in quotas or ZI figures yet);
    - ``ended(on=day)``: ended early, or a term that ran out before that day;
    - ``appointed()``: not ended early, whatever the dates (for overlaps, renewals and expiry).
    """

    def appointed(self):
        return self.filter(status=ChangeAgent.Status.ACTIVE)

    def active(self, on: dt.date | None = None):
        day = on or timezone.localdate()
        return self.appointed().filter(term_start__lte=day, term_end__gte=day)

    def upcoming(self, on: dt.date | None = None):
        day = on or timezone.localdate()
        return self.appointed().filter(term_start__gt=day)

    def ended(self, on: dt.date | None = None):
        day = on or timezone.localdate()
        return self.filter(models.Q(status=ChangeAgent.Status.ENDED) | models.Q(term_end__lt=day))

    def agents(self):
        return self.filter(kind=ChangeAgent.Kind.AGEN)

    def role_models(self):
        return self.filter(kind=ChangeAgent.Kind.ROLE_MODEL)


class ChangeAgent(models.Model):
    """An appointed agen perubahan, or a role model (a separate designation with its own decree)."""

    class Kind(models.TextChoices):
        AGEN = "agen", pgettext_lazy("peran", "Agen perubahan")
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
        return [str(ROLE_LABELS.get(r, r)) for r in self.roles]

    def state_on(self, day: dt.date | None = None) -> str:
        """"active", "upcoming" or "ended" on ``day`` (default today): the row-level twin of the queryset rule."""
        day = day or timezone.localdate()
        if self.status != self.Status.ACTIVE or self.term_end < day:
            return "ended"
        return "upcoming" if self.term_start > day else "active"

    @property
    def is_current(self) -> bool:
        return self.state_on() == "active"

    @property
    def is_upcoming(self) -> bool:
        return self.state_on() == "upcoming"

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
