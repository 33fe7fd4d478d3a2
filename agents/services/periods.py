"""Program periods: dates, quota per agency (with overrides), eligibility rules and scoring criteria."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organization.models import Agency, User

from .. import permissions
from ..models import DEFAULT_CRITERIA, AgencyQuota, Criterion, ProgramPeriod
from .common import NOT_ALLOWED


@transaction.atomic
def period_save(
    *, period: ProgramPeriod, by: User, quotas: dict[int, int] | None = None,
    criteria: list[dict] | None = None,
) -> ProgramPeriod:
    """Create or update a period. ``quotas`` maps agency id → quota (replaces the overrides when given);
    ``criteria`` is a list of ``{"name", "description", "weight"}`` (replaces them when given). A new period
    without criteria gets the default five from DOMAIN.md, each weighted 20."""
    if not permissions.can_manage_periods(by):
        raise PermissionDenied(NOT_ALLOWED)
    creating = period.pk is None
    if creating and not period.employee_types:
        period.employee_types = ["PNS"]
    period.full_clean()
    if creating:
        period.created_by = by
    period._history_user = by
    period.save()
    if quotas is not None:
        top = set(Agency.objects.top_level().filter(pk__in=list(quotas)).values_list("pk", flat=True))
        unknown = [a for a in quotas if a not in top]
        if unknown:
            raise ValidationError({"quotas": _("Kuota hanya untuk perangkat daerah tingkat atas.")})
        if any(q is None or int(q) < 0 for q in quotas.values()):
            raise ValidationError({"quotas": _("Kuota tidak boleh negatif.")})
        AgencyQuota.objects.filter(period=period).delete()
        AgencyQuota.objects.bulk_create(
            [AgencyQuota(period=period, agency_id=a, quota=int(q)) for a, q in quotas.items()]
        )
    if criteria is None and creating:
        criteria = [{"name": str(n), "description": str(d), "weight": w} for n, d, w in DEFAULT_CRITERIA]
    if criteria is not None and not creating:
        current = [(c.name, c.description, c.weight) for c in period.criteria.all()]
        wanted = [((c.get("name") or "").strip(), c.get("description", "") or "", c.get("weight")) for c in criteria]
        if current == wanted:
            criteria = None  # unchanged: keep the rows (and any panel scores that refer to them)
    if criteria is not None:
        if not criteria:
            raise ValidationError({"criteria": _("Periode membutuhkan minimal satu kriteria penilaian.")})
        if period.nominations.filter(scores__isnull=False).exists():
            raise ValidationError({"criteria": _("Kriteria tidak dapat diubah setelah penilaian panel dimulai.")})
        rows = []
        for i, c in enumerate(criteria):
            name = (c.get("name") or "").strip()
            weight = c.get("weight")
            if not name:
                raise ValidationError({"criteria": _("Kriteria ke-%(n)d belum diberi nama.") % {"n": i + 1}})
            if not isinstance(weight, int) or weight < 1:
                raise ValidationError({"criteria": _("Bobot kriteria \"%(name)s\" harus bilangan bulat ≥ 1.")
                                       % {"name": name}})
            rows.append(Criterion(period=period, name=name, description=c.get("description", ""), weight=weight,
                                  order=i))
        period.criteria.all().delete()
        Criterion.objects.bulk_create(rows)
    return period
