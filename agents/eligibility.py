"""Eligibility of a candidate under a period's rules: every rule with pass/fail and a message a person can act on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Employee, SkpPredikat

from .models import ChangeAgent, Nomination, ProgramPeriod


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    passed: bool
    detail: str


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def check_eligibility(
    period: ProgramPeriod, employee: Employee, *, exclude_nomination_id: int | None = None,
    today: dt.date | None = None,
) -> list[RuleResult]:
    """Each rule of the period for this employee (two queries)."""
    today = today or timezone.localdate()
    results: list[RuleResult] = []

    results.append(RuleResult(
        "active", _("Pegawai aktif"), employee.is_active,
        _("Pegawai aktif.") if employee.is_active else _("Pegawai tidak aktif; perbarui data kepegawaian dahulu."),
    ))

    allowed = period.employee_types or []
    ok = employee.employee_type in allowed
    results.append(RuleResult(
        "employee_type", _("Jenis pegawai: %(types)s") % {"types": ", ".join(allowed)}, ok,
        _("Pegawai berstatus %(type)s.") % {"type": employee.employee_type} if ok else
        _("Periode ini hanya untuk %(types)s; pegawai berstatus %(type)s.")
        % {"types": ", ".join(allowed), "type": employee.employee_type},
    ))

    minimum = period.min_years_of_service
    if employee.appointment_date:
        years = _years_between(employee.appointment_date, today)
        ok = years >= minimum
        detail = (_("Masa kerja %(years)d tahun (TMT %(date)s).")
                  % {"years": years, "date": employee.appointment_date.strftime("%m-%Y")})
        if not ok:
            detail += " " + _("Kurang dari %(min)d tahun.") % {"min": minimum}
    else:
        ok = minimum == 0
        detail = _("TMT pengangkatan belum tercatat; lengkapi data pegawai.")
    results.append(RuleResult("years_of_service", _("Masa kerja minimal %(min)d tahun") % {"min": minimum}, ok, detail))

    needed = SkpPredikat(period.min_skp_predikat)
    have = SkpPredikat.rank(employee.skp_predikat)
    ok = have >= SkpPredikat.rank(needed)
    current = SkpPredikat(employee.skp_predikat).label if employee.skp_predikat else _("belum tercatat")
    results.append(RuleResult(
        "skp", _("Predikat SKP terakhir minimal %(p)s") % {"p": needed.label}, ok,
        _("Predikat SKP terakhir: %(p)s.") % {"p": current},
    ))

    if period.require_no_penalty or period.penalty_free_years:
        ok = not employee.disciplinary_penalty
        detail = _("Tidak sedang menjalani hukuman disiplin.") if ok else _("Sedang menjalani hukuman disiplin.")
        label = _("Tidak sedang menjalani hukuman disiplin")
        if period.penalty_free_years:
            label = _("Bebas hukuman disiplin %(n)d tahun terakhir") % {"n": period.penalty_free_years}
            last = employee.last_penalty_date
            if last and _years_between(last, today) < period.penalty_free_years:
                ok = False
                detail = _("Hukuman disiplin terakhir %(date)s.") % {"date": last.strftime("%d-%m-%Y")}
        results.append(RuleResult("penalty", label, ok, detail))

    if period.max_age:
        age = _years_between(employee.birth_date, period.term_start)
        ok = age <= period.max_age
        results.append(RuleResult(
            "max_age", _("Usia paling tinggi %(n)d tahun pada awal masa tugas") % {"n": period.max_age}, ok,
            _("Usia %(age)d tahun pada %(date)s.") % {"age": age, "date": period.term_start.strftime("%d-%m-%Y")},
        ))

    if period.exclude_active_agents:
        overlapping = ChangeAgent.objects.appointed().agents().filter(
            employee=employee, term_start__lte=period.term_end, term_end__gte=period.term_start,
        ).order_by("term_start").first()
        ok = overlapping is None
        results.append(RuleResult(
            "not_active_agent", _("Bukan agen perubahan aktif pada masa tugas periode ini"), ok,
            _("Belum menjadi agen pada masa tugas ini.") if ok else
            _("Sudah menjadi agen perubahan sampai %(date)s (SK %(sk)s).")
            % {"date": overlapping.term_end.strftime("%d-%m-%Y"), "sk": overlapping.decree_number},
        ))

    others = Nomination.objects.filter(period=period, candidate=employee, status__in=Nomination.OPEN_STATUSES)
    if exclude_nomination_id:
        others = others.exclude(pk=exclude_nomination_id)
    other = others.select_related("agency").first()
    results.append(RuleResult(
        "one_open_nomination", _("Belum diusulkan pada periode ini"), other is None,
        _("Belum ada usulan lain.") if other is None else
        _("Sudah diusulkan oleh %(agency)s (status: %(status)s).")
        % {"agency": other.agency, "status": other.get_status_display()},
    ))
    return results


def failures(results: list[RuleResult]) -> list[RuleResult]:
    return [r for r in results if not r.passed]
