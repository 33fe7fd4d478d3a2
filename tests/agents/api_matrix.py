"""Agents entries for the API access matrix (tests/proof/api_matrix.py: ``API_MATRIX.update(AGENTS_API)``).

Same rules and the same objects as the page entries (tests/agents/matrix.py): Tim RB (and admin) manage periods,
score, approve, reject, designate role models and end or renew terms; an agency's operator prepares its nominations
and its kepala endorses or returns them; city readers read everything; agents run their own change projects. A
Diskominfo object is out of scope (404) for Dinkes staff and for pegawai; in scope but not allowed answers 403.
"""

from __future__ import annotations

from tests.agents.matrix import (
    AGENCY_SCOPE,
    NOMINATION_SCOPE,
    both_agents,
    change_agent,
    claimed_project,
    nomination,
    open_period,
    project,
)
from tests.proof.api_expect import AGENTS, ALL_SIGNED_IN, OPERATORS, TIM_RB, allowed, expect

V1 = "/api/v1"
INVALID_DATE = "bukan-tanggal"


def ineligible_draft():
    """A Diskominfo draft whose candidate is a PPPK while the period takes PNS only: submitting it is refused with
    the eligibility message (400), so the draft stays a draft."""
    from agents import services
    from agents.models import Nomination
    from organization.models import Employee, User
    from tests.agents.conftest import JUSTIFICATION, make_employee

    name = "Matriks akses: calon PPPK"
    found = Nomination.objects.filter(candidate__name=name).first()
    if found is not None:
        return found
    operator = User.objects.get(username="operator.diskominfo")
    candidate = make_employee(operator.employee.agency, name=name, employee_type=Employee.Type.PPPK)
    return services.nomination_create(by=operator, period=open_period(), candidate=candidate,
                                      justification=JUSTIFICATION)


def _nomination_url(status, action=""):
    return lambda: f"{V1}/nominations/{nomination(status).pk}/{action}"


def _agent_url(action=""):
    return lambda: f"{V1}/agents/{change_agent().pk}/{action}"


def _project_url(action=""):
    return lambda: f"{V1}/projects/{project().pk}/{action}"


AGENTS_API: dict[str, dict] = {
    # --- periods: everyone reads them; Tim RB manages them ---
    "GET /api/v1/periods/": {"url": lambda: f"{V1}/periods/?search={open_period().name}", "expect": ALL_SIGNED_IN,
                             "sees": (lambda: open_period().pk, "*")},
    "POST /api/v1/periods/": {"url": lambda: f"{V1}/periods/", "data": {},
                              "expect": allowed(TIM_RB, 400, default=403)},
    "GET /api/v1/periods/{id}/": {"url": lambda: f"{V1}/periods/{open_period().pk}/", "expect": ALL_SIGNED_IN},
    "PATCH /api/v1/periods/{id}/": {"url": lambda: f"{V1}/periods/{open_period().pk}/", "data": {"default_quota": -1},
                                    "expect": allowed(TIM_RB, 400, default=403)},
    # --- nominations: lists and drafts ---
    "GET /api/v1/nominations/": {
        "url": lambda: f"{V1}/nominations/?search={nomination('draft').candidate.nip}", "expect": ALL_SIGNED_IN,
        "sees": (lambda: nomination("draft").pk, NOMINATION_SCOPE)},
    "POST /api/v1/nominations/": {"url": lambda: f"{V1}/nominations/", "data": {},
                                  "expect": allowed(OPERATORS, 400, default=403)},
    "GET /api/v1/nominations/{id}/": {"url": _nomination_url("draft"), "expect": allowed(NOMINATION_SCOPE)},
    "GET /api/v1/nominations/{id}/history/": {"url": _nomination_url("draft", "history/"),
                                              "expect": allowed(NOMINATION_SCOPE)},
    "GET /api/v1/nominations/{id}/eligibility/": {"url": _nomination_url("draft", "eligibility/"),
                                                  "expect": allowed(NOMINATION_SCOPE)},
    "PATCH /api/v1/nominations/{id}/": {"url": _nomination_url("draft"), "data": {"justification": ""},
                                        "expect": expect({"operator.diskominfo": 400}, in_scope=NOMINATION_SCOPE)},
    # No file: the operator gets the field error.
    "POST /api/v1/nominations/{id}/evidence/": {
        "url": _nomination_url("draft", "evidence/"), "data": {"note": "tanpa berkas"}, "format": "multipart",
        "expect": expect({"operator.diskominfo": 400}, in_scope=NOMINATION_SCOPE)},
    "POST /api/v1/nominations/{id}/submit/": {
        "url": lambda: f"{V1}/nominations/{ineligible_draft().pk}/submit/",
        "expect": expect({"operator.diskominfo": 400}, in_scope=NOMINATION_SCOPE)},
    # --- nominations: the workflow (a comment that is not text; an empty reason; a malformed decree date) ---
    "POST /api/v1/nominations/{id}/endorse/": {
        "url": _nomination_url("submitted", "endorse/"), "data": {"comment": ["bukan", "teks"]},
        "expect": expect({"kepala.diskominfo": 400}, in_scope=NOMINATION_SCOPE)},
    # An endorsed nomination goes back from Tim RB only (the kepala returns submitted ones).
    "POST /api/v1/nominations/{id}/return/": {"url": _nomination_url("endorsed", "return/"), "data": {"comment": ""},
                                              "expect": allowed(TIM_RB, 400, in_scope=NOMINATION_SCOPE)},
    "POST /api/v1/nominations/{id}/reject/": {"url": _nomination_url("endorsed", "reject/"), "data": {"reason": ""},
                                              "expect": allowed(TIM_RB, 400, in_scope=NOMINATION_SCOPE)},
    "POST /api/v1/nominations/{id}/approve/": {
        "url": _nomination_url("endorsed", "approve/"), "data": {"decree_date": INVALID_DATE},
        "expect": allowed(TIM_RB, 400, in_scope=NOMINATION_SCOPE)},
    # tim.rb works in Setda, so scoring a Diskominfo candidate is no conflict of interest.
    "POST /api/v1/nominations/{id}/score/": {"url": _nomination_url("endorsed", "score/"), "data": {"scores": "x"},
                                             "expect": allowed(TIM_RB, 400, in_scope=NOMINATION_SCOPE)},
    # --- the registry of change agents ---
    "GET /api/v1/agents/": {"url": lambda: f"{V1}/agents/?q={change_agent().employee.nip}", "expect": ALL_SIGNED_IN,
                            "sees": (lambda: change_agent().pk, AGENCY_SCOPE)},
    "GET /api/v1/agents/{id}/": {"url": _agent_url(), "expect": allowed(AGENCY_SCOPE)},
    "GET /api/v1/agents/{id}/history/": {"url": _agent_url("history/"), "expect": allowed(AGENCY_SCOPE)},
    "POST /api/v1/agents/{id}/end-term/": {"url": _agent_url("end-term/"), "data": {"ended_on": INVALID_DATE},
                                           "expect": allowed(TIM_RB, 400, in_scope=AGENCY_SCOPE)},
    "POST /api/v1/agents/{id}/renew/": {"url": _agent_url("renew/"), "data": {},
                                        "expect": allowed(TIM_RB, 400, in_scope=AGENCY_SCOPE)},
    "POST /api/v1/agents/role-models/": {"url": lambda: f"{V1}/agents/role-models/", "data": {},
                                         "expect": allowed(TIM_RB, 400, default=403)},
    # --- change projects: current agents write their own; Tim RB may correct; only the owner reports ---
    "GET /api/v1/projects/": {"url": lambda: f"{V1}/projects/?search={project().title}", "expect": ALL_SIGNED_IN,
                              "sees": (lambda: project().pk, AGENCY_SCOPE)},
    "POST /api/v1/projects/": {"url": lambda: (both_agents(), f"{V1}/projects/")[1], "data": {},
                               "expect": allowed(AGENTS, 400, default=403)},
    "GET /api/v1/projects/{id}/": {"url": _project_url(), "expect": allowed(AGENCY_SCOPE)},
    "PATCH /api/v1/projects/{id}/": {"url": _project_url(), "data": {"end_date": INVALID_DATE},
                                     "expect": allowed((*TIM_RB, "agen.diskominfo"), 400, in_scope=AGENCY_SCOPE)},
    "POST /api/v1/projects/{id}/integrate/": {
        "url": _project_url("integrate/"), "data": {},
        "expect": allowed((*TIM_RB, "agen.diskominfo"), 400, in_scope=AGENCY_SCOPE)},
    # The agency's kepala and operator (and an administrator) verify what the agent certified; not the agent.
    "POST /api/v1/projects/{id}/verify/": {
        "url": lambda: f"{V1}/projects/{claimed_project().pk}/verify/", "per_role": True,
        "expect": allowed(("admin", "kepala.diskominfo", "operator.diskominfo"), 200, in_scope=AGENCY_SCOPE)},
    "POST /api/v1/projects/{id}/reports/": {"url": _project_url("reports/"), "data": {},
                                            "expect": expect({"agen.diskominfo": 400}, in_scope=AGENCY_SCOPE)},
}
