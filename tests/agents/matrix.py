"""Agents entries for the project's access matrix (tests/proof/matrix.py: ``MATRIX.update(AGENTS_MATRIX)``).

Same format as the forum entries: ``url`` gets the matrix objects (unused here: the agents objects are made on first
use, through the app's services and the factories of tests/agents/conftest.py); ``expect`` maps a demo username
("*" for everyone else, "anonymous") to the answer. Write actions use invalid or harmless data, so the table checks
the rule and not the effect.

The rules (agents/permissions.py, docs/agents.md): Tim RB (and administrators) manage periods, score, approve,
reject, designate role models and end or renew terms; the operator of an agency prepares its nominations and its
kepala endorses or returns them; city readers (admin, Tim RB, sekda) read everything; agents run their own change
projects. A Diskominfo object is out of scope (404) for Dinkes staff and for pegawai; in scope but not allowed
answers 403.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

CITY = ("admin", "tim.rb", "sekda")
TIM_RB = ("admin", "tim.rb")
OPERATORS = ("operator.diskominfo", "operator.dinkes")
KEPALAS = ("kepala.diskominfo", "kepala.dinkes")
AGENTS = ("agen.diskominfo", "agen.dinkes")
# Who sees a Diskominfo nomination: city readers and the agency's operator and kepala.
NOMINATION_SCOPE = (*CITY, "kepala.diskominfo", "operator.diskominfo")
# Who sees a Diskominfo change agent or change project: city readers, the agency's staff roles (the agent included).
AGENCY_SCOPE = (*NOMINATION_SCOPE, "agen.diskominfo")
ALL_SIGNED_IN = {"anonymous": "login", "*": 200}

PERIOD_NAME = "Matriks akses: periode uji"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _user(username):
    from organization.models import User

    return User.objects.select_related("employee").get(username=username)


def _diskominfo():
    from organization.models import Agency

    return Agency.objects.get(code="DISKOMINFO")


def open_period():
    """A period whose nomination window is open today (made on first use)."""
    from agents.models import ProgramPeriod
    from tests.agents.conftest import make_period

    period = ProgramPeriod.objects.filter(name=PERIOD_NAME).first()
    return period or make_period(_user("tim.rb"), name=PERIOD_NAME, default_quota=50)


def nomination(status: str):
    """A Diskominfo nomination in ``status`` (draft, submitted or endorsed), with one evidence file."""
    from agents import services
    from agents.models import Nomination
    from tests.agents.conftest import JUSTIFICATION, make_employee, walk

    name = f"Matriks akses: calon {status}"
    found = Nomination.objects.filter(candidate__name=name).first()
    if found is not None:
        return found
    operator = _user("operator.diskominfo")
    created = services.nomination_create(
        by=operator, period=open_period(), candidate=make_employee(_diskominfo(), name=name),
        justification=JUSTIFICATION, files=[SimpleUploadedFile("sk-kinerja.pdf", PDF, content_type="application/pdf")],
    )
    return walk(created, status, operator=operator, kepala=_user("kepala.diskominfo"), tim_rb=_user("tim.rb"))


def change_agent(username: str = "agen.diskominfo"):
    """The demo agent's current ChangeAgent record (the demo account already holds the agen role assignment)."""
    from agents.models import ChangeAgent
    from tests.agents.conftest import make_agent

    employee = _user(username).employee
    return ChangeAgent.objects.filter(employee=employee).first() or make_agent(employee)


def both_agents():
    """agen.diskominfo and agen.dinkes are agents in the demo: give both their ChangeAgent record."""
    change_agent("agen.dinkes")
    return change_agent("agen.diskominfo")


def project():
    """A change project of agen.diskominfo with one monthly report carrying one evidence file."""
    from agents import services
    from agents.models import ChangeProject
    from tests.agents.conftest import make_project, today

    title = "Matriks akses: rencana aksi uji"
    found = ChangeProject.objects.filter(title=title).first()
    if found is not None:
        return found
    created = make_project(change_agent(), title=title)
    services.report_submit(
        project=created, by=_user("agen.diskominfo"), month=today().replace(day=1), progress=40,
        activities="Sosialisasi antrean daring.", files=[SimpleUploadedFile("daftar-hadir.pdf", PDF,
                                                                            content_type="application/pdf")],
    )
    return created


def report_evidence():
    from agents.models import ReportEvidence

    p = project()
    return p, ReportEvidence.objects.filter(report__project=p).first()


def claimed_project():
    """A fresh project of agen.diskominfo that the agent marked done and integrated, not verified yet."""
    import datetime as dt

    from agents.models import ChangeProject
    from tests.agents.conftest import make_project, today

    return make_project(change_agent(), status=ChangeProject.Status.DONE, completed_on=today() - dt.timedelta(days=3),
                        integrated=True, verified=False)


def only(allowed: dict, *, in_scope=(), default=403) -> dict:
    """``allowed`` as given; ``in_scope`` (not allowed) → 403; everyone else ``default``."""
    return {"anonymous": "login", "*": default, **dict.fromkeys(in_scope, 403), **allowed}


AGENTS_MATRIX: dict[str, dict] = {
    "agents:index": {"url": lambda o: reverse("agents:index"), "expect": ALL_SIGNED_IN},
    "agents:zi": {"url": lambda o: reverse("agents:zi"),
                  "expect": only(dict.fromkeys((*CITY, *KEPALAS, *OPERATORS), 200))},
    # periods: everyone reads them; Tim RB manages them
    "agents:period_list": {"url": lambda o: reverse("agents:period_list"), "expect": ALL_SIGNED_IN},
    "agents:period_detail": {"url": lambda o: reverse("agents:period_detail", args=[open_period().pk]),
                             "expect": ALL_SIGNED_IN},
    "agents:period_create": {"url": lambda o: reverse("agents:period_create"),
                             "expect": only(dict.fromkeys(TIM_RB, 200))},
    "agents:period_edit": {"url": lambda o: reverse("agents:period_edit", args=[open_period().pk]),
                           "expect": only(dict.fromkeys(TIM_RB, 200))},
    # nominations: pages without an object
    "agents:nomination_list": {"url": lambda o: reverse("agents:nomination_list"),
                               "expect": only(dict.fromkeys((*CITY, *KEPALAS, *OPERATORS), 200))},
    "agents:nomination_create": {"url": lambda o: reverse("agents:nomination_create"),
                                 "expect": only(dict.fromkeys(OPERATORS, 200))},
    "agents:candidate_search": {"url": lambda o: reverse("agents:candidate_search") + "?q=ab",
                                "expect": only(dict.fromkeys(OPERATORS, 200))},
    "agents:eligibility": {
        "url": lambda o: reverse("agents:eligibility") + f"?period={open_period().pk}&candidate=1",
        "expect": only(dict.fromkeys(OPERATORS, 200))},
    "agents:nomination_ranking": {"url": lambda o: reverse("agents:nomination_ranking"),
                                  "expect": only(dict.fromkeys(TIM_RB, 200))},
    "agents:nomination_stalled": {"url": lambda o: reverse("agents:nomination_stalled"),
                                  "expect": only(dict.fromkeys(TIM_RB, 200))},
    # one Diskominfo nomination: out of scope 404, in scope but not allowed 403
    "agents:nomination_detail": {
        "url": lambda o: reverse("agents:nomination_detail", args=[nomination("draft").pk]),
        "expect": only(dict.fromkeys(NOMINATION_SCOPE, 200), default=404)},
    "agents:nomination_history": {
        "url": lambda o: reverse("agents:nomination_history", args=[nomination("draft").pk]),
        "expect": only(dict.fromkeys(NOMINATION_SCOPE, 200), default=404)},
    "agents:nomination_edit": {
        "url": lambda o: reverse("agents:nomination_edit", args=[nomination("draft").pk]),
        "expect": only({"operator.diskominfo": 200}, in_scope=NOMINATION_SCOPE, default=404)},
    # No file: the operator gets the form back with its error (400).
    "agents:nomination_evidence_add": {
        "url": lambda o: reverse("agents:nomination_evidence_add", args=[nomination("draft").pk]), "method": "post",
        "expect": only({"operator.diskominfo": 400}, in_scope=NOMINATION_SCOPE, default=404)},
    "agents:nomination_evidence": {
        "url": lambda o: reverse("agents:nomination_evidence",
                                 args=[(n := nomination("draft")).pk, n.evidence.first().pk]),
        "expect": only(dict.fromkeys(NOMINATION_SCOPE, 200), default=404)},
    # Tim RB scores endorsed nominations (tim.rb works in Setda, not in the candidate's agency).
    "agents:nomination_score": {
        "url": lambda o: reverse("agents:nomination_score", args=[nomination("endorsed").pk]),
        "expect": only(dict.fromkeys(TIM_RB, 200), in_scope=NOMINATION_SCOPE, default=404)},
    # Approve with a malformed decree date: Tim RB get the field error (400); the others in scope are refused
    # before their data is read (403).
    "agents:nomination_action": {
        "url": lambda o: reverse("agents:nomination_action", args=[nomination("endorsed").pk, "approve"]),
        "method": "post", "data": {"approve-decree_date": "bukan-tanggal"},
        "expect": only(dict.fromkeys(TIM_RB, 400), in_scope=NOMINATION_SCOPE, default=404)},
    # the registry of change agents
    "agents:agent_list": {"url": lambda o: reverse("agents:agent_list"),
                          "expect": only(dict.fromkeys((*CITY, *KEPALAS, *OPERATORS, *AGENTS), 200))},
    "agents:agent_export": {"url": lambda o: reverse("agents:agent_export", args=["csv"]),
                            "expect": only(dict.fromkeys((*CITY, *KEPALAS, *OPERATORS, *AGENTS), 200))},
    "agents:role_model_create": {"url": lambda o: reverse("agents:role_model_create"),
                                 "expect": only(dict.fromkeys(TIM_RB, 200))},
    "agents:agent_detail": {"url": lambda o: reverse("agents:agent_detail", args=[change_agent().pk]),
                            "expect": only(dict.fromkeys(AGENCY_SCOPE, 200), default=404)},
    # Its history: city readers, the agency's operator and kepala, and the agent (this record is agen.diskominfo's).
    "agents:agent_history": {"url": lambda o: reverse("agents:agent_history", args=[change_agent().pk]),
                             "expect": only(dict.fromkeys(AGENCY_SCOPE, 200), default=404)},
    "agents:agent_end_term": {"url": lambda o: reverse("agents:agent_end_term", args=[change_agent().pk]),
                              "expect": only(dict.fromkeys(TIM_RB, 200), in_scope=AGENCY_SCOPE, default=404)},
    "agents:agent_renew": {"url": lambda o: reverse("agents:agent_renew", args=[change_agent().pk]),
                           "expect": only(dict.fromkeys(TIM_RB, 200), in_scope=AGENCY_SCOPE, default=404)},
    # change projects: every signed-in user has "my projects"; only current agents write one
    "agents:project_list": {"url": lambda o: reverse("agents:project_list"), "expect": ALL_SIGNED_IN},
    "agents:project_create": {"url": lambda o: (both_agents(), reverse("agents:project_create"))[1],
                              "expect": only(dict.fromkeys(AGENTS, 200))},
    "agents:project_detail": {"url": lambda o: reverse("agents:project_detail", args=[project().pk]),
                              "expect": only(dict.fromkeys(AGENCY_SCOPE, 200), default=404)},
    # The owner edits; Tim RB may correct.
    "agents:project_edit": {
        "url": lambda o: reverse("agents:project_edit", args=[project().pk]),
        "expect": only(dict.fromkeys((*TIM_RB, "agen.diskominfo"), 200), in_scope=AGENCY_SCOPE, default=404)},
    "agents:project_integrate": {
        "url": lambda o: reverse("agents:project_integrate", args=[project().pk]),
        "expect": only(dict.fromkeys((*TIM_RB, "agen.diskominfo"), 200), in_scope=AGENCY_SCOPE, default=404)},
    # The matrix project is running: nothing awaits verification, so nobody verifies it (in scope 403). Who may
    # verify a finished one is in the API matrix (a fresh claimed project per role).
    "agents:project_verify": {
        "url": lambda o: reverse("agents:project_verify", args=[project().pk]), "method": "post",
        "expect": only({}, in_scope=AGENCY_SCOPE, default=404)},
    # Only the owner reports progress.
    "agents:report_create": {
        "url": lambda o: reverse("agents:report_create", args=[project().pk]),
        "expect": only({"agen.diskominfo": 200}, in_scope=AGENCY_SCOPE, default=404)},
    "agents:report_evidence": {
        "url": lambda o: reverse("agents:report_evidence", args=[(pe := report_evidence())[0].pk, pe[1].pk]),
        "expect": only(dict.fromkeys(AGENCY_SCOPE, 200), default=404)},
}
