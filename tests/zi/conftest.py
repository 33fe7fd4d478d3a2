"""A Diskominfo period with agents, a role model, change projects, monthly reports and their evidence files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from agents.models import ChangeAgent, ChangeProject, ProgressReport, ReportEvidence
from tests.agents.conftest import make_agent, make_employee, make_period, make_project, today

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def zi_period(tim_rb):
    t = today()
    return make_period(tim_rb, nomination_opens=t - dt.timedelta(days=240), nomination_closes=t - dt.timedelta(days=220),
                       term_start=t - dt.timedelta(days=200), term_end=t + dt.timedelta(days=165))


def fill_agency(agency, period, *, agents: int = 2, reports: int = 2) -> dict:
    """``agents`` agents (each with one project, done and integrated for the first), ``reports`` monthly reports per
    project, each with one evidence file; and a role model."""
    made = {"agents": [], "projects": [], "reports": [], "files": []}
    t = today()
    for n in range(agents):
        agent = make_agent(make_employee(agency), period=period)
        done = n == 0
        project = make_project(agent, status=ChangeProject.Status.DONE if done else ChangeProject.Status.ONGOING,
                               completed_on=t - dt.timedelta(days=10) if done else None, integrated=done,
                               progress=100 if done else 40)
        for m in range(reports):
            month = (t.replace(day=1) - dt.timedelta(days=31 * (m + 1))).replace(day=1)
            report = ProgressReport.objects.create(project=project, month=month, progress=20 * (m + 1),
                                                   activities=f"Kegiatan {m}", results="=HYPERLINK(\"x\")")
            ev = ReportEvidence(report=report, original_name=f"foto-{m}.pdf", content_type="application/pdf",
                                size=len(PDF))
            ev.file.save("x.pdf", ContentFile(PDF), save=False)
            ev.save()
            made["reports"].append(report)
            made["files"].append(ev)
        made["agents"].append(agent)
        made["projects"].append(project)
    made["role_model"] = make_agent(make_employee(agency), period=period, kind=ChangeAgent.Kind.ROLE_MODEL)
    return made


@pytest.fixture(autouse=True)
def indicator_tree(db):
    """The default tree (seeded by the migration; a transactional test elsewhere may have flushed it)."""
    from zi.defaults import seed_default_tree
    from zi.models import Indicator

    seed_default_tree(Indicator)


@pytest.fixture
def period(tim_rb):
    return zi_period(tim_rb)


@pytest.fixture
def world(period, diskominfo, media_root):
    return fill_agency(diskominfo, period)
