"""Agent writes are all-or-nothing: a failure after the first row a service writes leaves nothing behind (no
transition without its status, no agent without its role, no report without its project's progress)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agents import services
from agents.models import ChangeAgent, ChangeProject, ProgramPeriod
from tests.atomicity import failing_after_first_write

from .conftest import JUSTIFICATION, make_agent, make_employee, make_period, make_project, today

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(nominate, period, operator_diskominfo, kepala_diskominfo, tim_rb, agen_diskominfo, diskominfo):
    make_agent(agen_diskominfo.employee)
    return SimpleNamespace(nominate=nominate, period=period, operator=operator_diskominfo, kepala=kepala_diskominfo,
                           tim_rb=tim_rb, agen=agen_diskominfo, agency=diskominfo)


def _following(w):
    p = w.period
    return make_period(w.tim_rb, nomination_opens=p.nomination_opens, nomination_closes=p.nomination_closes,
                       term_start=p.term_end + dt.timedelta(days=1), term_end=p.term_end + dt.timedelta(days=366))


def _renew(w):
    agent, following = ChangeAgent.objects.get(nomination=w.nominate("approved")), _following(w)
    return lambda: services.agent_renew(agent=agent, by=w.tim_rb, period=following, decree_number="800/2/BKPSDM",
                                        decree_date=today())


def _end_term(w):
    agent = ChangeAgent.objects.get(nomination=w.nominate("approved"))
    return lambda: services.agent_end_term(agent=agent, by=w.tim_rb, reason="Mutasi ke perangkat daerah lain.")


def _expire(w):
    for _n in range(2):
        make_agent(make_employee(w.agency), term_start=today() - dt.timedelta(days=400),
                   term_end=today() - dt.timedelta(days=2))
    return lambda: services.expire_terms()


def _score(w):
    nomination = w.nominate("endorsed")
    scores = {c.pk: (4, "Baik") for c in w.period.criteria.all()}
    return lambda: services.nomination_score(nomination=nomination, by=w.tim_rb, scores=scores)


def _project(w):
    agent = w.agen.employee.change_agents.get()
    project = ChangeProject(agent=agent, agency_id=agent.agency_id, title="Antrean daring", reform_area="pelayanan_publik",
                            problem="Antre lama.", proposed_change="Antrean daring.", target="< 30 menit",
                            indicator="Menit tunggu", start_date=today(), end_date=today() + dt.timedelta(days=90),
                            status=ChangeProject.Status.PLANNED)
    members = [make_employee(w.agency)]
    return lambda: services.project_save(project=project, by=w.agen, members=members)


def _integrate(w):
    project = make_project(w.agen.employee.change_agents.get(), status=ChangeProject.Status.DONE,
                           completed_on=today() - dt.timedelta(days=5), result="Tunggu turun ke 20 menit.")
    return lambda: services.project_integrate(project=project, by=w.agen, kind="sop", reference="SOP 12/2026")


def _report(w):
    project = make_project(w.agen.employee.change_agents.get(), status=ChangeProject.Status.PLANNED)
    return lambda: services.report_submit(project=project, by=w.agen, month=today(), progress=40,
                                          activities="Uji coba loket.",
                                          files=[SimpleUploadedFile("daftar-hadir.pdf", PDF)])


def _new_period(w):
    t = today()
    period = ProgramPeriod(name="Periode atomik", nomination_opens=t, nomination_closes=t + dt.timedelta(days=20),
                           term_start=t + dt.timedelta(days=30), term_end=t + dt.timedelta(days=395),
                           default_quota=3, employee_types=["PNS"], min_years_of_service=2)
    return lambda: services.period_save(period=period, by=w.tim_rb, quotas={w.agency.pk: 5})


def _create(w):
    candidate = make_employee(w.agency)
    return lambda: services.nomination_create(by=w.operator, period=w.period, candidate=candidate,
                                              justification=JUSTIFICATION, files=[SimpleUploadedFile("sk.pdf", PDF)])


def _step(status, service, **kwargs):
    def scenario(w):
        nomination = w.nominate(status)
        actor = {"operator": w.operator, "kepala": w.kepala, "tim_rb": w.tim_rb}[kwargs.pop("by")]
        return lambda: getattr(services, service)(nomination=nomination, by=actor, **kwargs)
    return scenario


SCENARIOS = {
    "nomination_create": _create,
    "nomination_submit": _step("draft", "nomination_submit", by="operator"),
    "nomination_endorse": _step("submitted", "nomination_endorse", by="kepala", comment="Layak."),
    "nomination_approve": _step("endorsed", "nomination_approve", by="tim_rb", decree_number="800/1/BKPSDM/2026",
                                decree_date=today(), confirm_unscored=True),
    "nomination_reject": _step("endorsed", "nomination_reject", by="tim_rb", reason="Belum ada perubahan nyata."),
    "nomination_return": _step("submitted", "nomination_return", by="kepala", comment="Lengkapi bukti."),
    "nomination_score": _score,
    "period_save": _new_period,
    "role_model_designate": lambda w: lambda: services.role_model_designate(
        employee=w.kepala.employee, by=w.tim_rb, decree_number="800/30/Org/2026", decree_date=today(),
        decree_signatory="Wali Kota", term_start=today(), term_end=today() + dt.timedelta(days=365)),
    "agent_end_term": _end_term,
    "agent_renew": _renew,
    "expire_terms": _expire,
    "project_save": _project,
    "project_integrate": _integrate,
    "report_submit": _report,
}


@pytest.mark.parametrize("service", SCENARIOS)
def test_a_failure_after_the_first_write_leaves_nothing_written(world, service, media_root):
    call = SCENARIOS[service](world)
    with failing_after_first_write():
        call()
