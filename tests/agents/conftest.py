"""Fixtures for the agents app: an open period, eligible employees made to order, nominations walked to a state."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from agents import services
from agents.models import ChangeAgent, ChangeProject, Nomination, ProgramPeriod
from organization.models import Employee, SkpPredikat, User
from organization.nip import build_nip

_seq = itertools.count(1)
JUSTIFICATION = "Teladan disiplin dan integritas; memprakarsai perbaikan alur layanan di unitnya."


def today() -> dt.date:
    return timezone.localdate()


def make_employee(agency, **overrides) -> Employee:
    """An eligible PNS (8 years of service, SKP Baik, no penalty) with a fresh valid NIP."""
    n = next(_seq)
    birth = dt.date(1985, 1 + n % 12, 1 + n % 27)
    appointed = (today().year - 8, 3)
    sex = "L" if n % 2 else "P"
    nip = build_nip(birth, appointed, sex, 100 + n % 800)
    while Employee.objects.filter(nip=nip).exists():
        n = next(_seq)
        nip = build_nip(birth, appointed, sex, 100 + n % 800)
    data = {
        "nip": nip, "name": f"Calon Uji {n}", "employee_type": Employee.Type.PNS, "sex": sex, "birth_date": birth,
        "appointment_date": dt.date(appointed[0], appointed[1], 1), "rank": "III/b", "position_type": "pelaksana",
        "position": "Analis Kebijakan", "agency": agency, "email": f"calon{n}@pegawai.bandung.go.id",
        "skp_predikat": SkpPredikat.BAIK, "disciplinary_penalty": False,
    }
    data.update(overrides)
    return Employee.objects.create(**data)


def make_period(by, **overrides) -> ProgramPeriod:
    t = today()
    fields = {
        "name": f"Periode uji {next(_seq)}", "nomination_opens": t - dt.timedelta(days=10),
        "nomination_closes": t + dt.timedelta(days=20), "term_start": t + dt.timedelta(days=30),
        "term_end": t + dt.timedelta(days=395), "default_quota": 3, "employee_types": ["PNS"],
        "min_years_of_service": 2,
    }
    fields.update(overrides)
    return services.period_save(period=ProgramPeriod(**fields), by=by)


@pytest.fixture
def period(tim_rb):
    return make_period(tim_rb, default_quota=50)


@pytest.fixture
def candidate(diskominfo):
    return make_employee(diskominfo)


def fresh(user: User) -> User:
    """Re-read a user so cached role assignments are current."""
    return User.objects.select_related("employee").get(pk=user.pk)


def walk(nomination: Nomination, to: str, *, operator, kepala, tim_rb) -> Nomination:
    """Move a draft along the workflow to ``to`` with the right actors."""
    assert to in ("draft", "submitted", "endorsed", "approved", "rejected")
    if to == "draft":
        return nomination
    services.nomination_submit(nomination=nomination, by=operator)
    if to == "submitted":
        return Nomination.objects.get(pk=nomination.pk)
    services.nomination_endorse(nomination=nomination, by=kepala)
    if to == "endorsed":
        return Nomination.objects.get(pk=nomination.pk)
    if to == "approved":
        services.nomination_approve(nomination=nomination, by=tim_rb, decree_number="800/1/BKPSDM/2026",
                                    decree_date=today(), confirm_unscored=True)
    elif to == "rejected":
        services.nomination_reject(nomination=nomination, by=tim_rb, reason="Belum ada contoh perubahan nyata.")
    return Nomination.objects.get(pk=nomination.pk)


@pytest.fixture
def nominate(period, operator_diskominfo, kepala_diskominfo, tim_rb, diskominfo):
    """``nominate(status="submitted", agency=..., operator=..., kepala=...)`` → a nomination in that state."""

    def _nominate(status="draft", *, employee=None, agency=None, operator=None, kepala=None, on_period=None):
        agency = agency or diskominfo
        employee = employee or make_employee(agency)
        nomination = services.nomination_create(
            by=operator or operator_diskominfo, period=on_period or period, candidate=employee,
            justification=JUSTIFICATION,
        )
        return walk(nomination, status, operator=operator or operator_diskominfo, kepala=kepala or kepala_diskominfo,
                    tim_rb=tim_rb)

    return _nominate


def make_agent(employee, *, period=None, kind=ChangeAgent.Kind.AGEN, term_start=None, term_end=None,
               status=ChangeAgent.Status.ACTIVE) -> ChangeAgent:
    t = today()
    return ChangeAgent.objects.create(
        employee=employee, agency_id=employee.agency_id, period=period, kind=kind,
        roles=["katalis"] if kind == ChangeAgent.Kind.AGEN else [],
        term_start=term_start or t - dt.timedelta(days=200), term_end=term_end or t + dt.timedelta(days=165),
        decree_number="800/9/Uji", decree_date=t - dt.timedelta(days=201), decree_signatory="Wali Kota Bandung",
        status=status,
    )


def make_project(agent, *, status=ChangeProject.Status.ONGOING, completed_on=None, integrated=False, verified=True,
                 **extra):
    """``verified``: the agency has verified what the agent certified (done / integrated), so it counts for ZI."""
    t = today()
    stamp = timezone.now() if verified else None
    fields = {
        "change_verified_at": stamp if status == ChangeProject.Status.DONE else None,
        "integration_verified_at": stamp if integrated else None,
        "agent": agent, "agency_id": agent.agency_id, "title": f"Perubahan {next(_seq)}",
        "reform_area": "pelayanan_publik", "problem": "Antrean panjang.", "proposed_change": "Antrean daring.",
        "target": "Tunggu < 30 menit", "indicator": "Menit tunggu", "start_date": t - dt.timedelta(days=150),
        "end_date": t + dt.timedelta(days=30), "status": status, "completed_on": completed_on,
        "result": "Berjalan." if completed_on else "", "integrated": integrated,
        "integration_kind": "sop" if integrated else "", "integration_reference": "SOP 1/2026" if integrated else "",
    }
    fields.update(extra)
    return ChangeProject.objects.create(**fields)
