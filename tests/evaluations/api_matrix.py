"""Evaluation entries for the API access matrix (tests/proof/api_matrix.py: ``API_MATRIX.update(EVALUATIONS_API)``).

Same rules and the same cycles as the page entries (tests/evaluations/matrix.py): Tim RB (and admin) manage
instruments and cycles (nobody else sees an instrument or a draft cycle: 404); readers (pimpinan, kepala, operator)
see a cycle once it has opened but may not manage it (403); a rater sees only their own assignment; a subject reads
their own report of a published cycle. A lifecycle step out of order is refused (403) for everyone in scope.
"""

from __future__ import annotations

from tests.evaluations.matrix import (
    DISKOMINFO_READERS,
    MANAGERS,
    READERS,
    _diskominfo_id,
    draft_cycle,
    instrument_360,
    open_cycle,
    pegawai_assignment,
    published_comment_id,
    published_cycle,
)
from tests.proof.api_expect import AGENTS, ALL_SIGNED_IN, allowed

V1 = "/api/v1"
RATER = "pegawai.diskominfo"
IN_SCOPE_REFUSED = allowed((*MANAGERS, *READERS), 403)


def _cycle_url(cycle, action=""):
    return lambda: f"{V1}/cycles/{cycle().pk}/{action}"


EVALUATIONS_API: dict[str, dict] = {
    # --- instruments: Tim RB only ---
    "GET /api/v1/instruments/": {"url": lambda: f"{V1}/instruments/?code={instrument_360().code}",
                                 "expect": ALL_SIGNED_IN, "sees": (lambda: instrument_360().pk, MANAGERS)},
    "POST /api/v1/instruments/": {"url": lambda: f"{V1}/instruments/", "data": {},
                                  "expect": allowed(MANAGERS, 400, default=403)},
    "GET /api/v1/instruments/{id}/": {"url": lambda: f"{V1}/instruments/{instrument_360().pk}/",
                                      "expect": allowed(MANAGERS)},
    "PATCH /api/v1/instruments/{id}/": {"url": lambda: f"{V1}/instruments/{instrument_360().pk}/",
                                        "data": {"scale_max": "lima"}, "expect": allowed(MANAGERS, 400)},
    # Harmless: a copy as a new version (each manager makes one).
    "POST /api/v1/instruments/{id}/new-version/": {
        "url": lambda: f"{V1}/instruments/{instrument_360().pk}/new-version/", "expect": allowed(MANAGERS, 201)},
    # --- cycles ---
    # A draft is listed for managers only.
    "GET /api/v1/cycles/": {"url": lambda: f"{V1}/cycles/?search={draft_cycle().name}", "expect": ALL_SIGNED_IN,
                            "sees": (lambda: draft_cycle().pk, MANAGERS)},
    "POST /api/v1/cycles/": {"url": lambda: f"{V1}/cycles/", "data": {},
                             "expect": allowed(MANAGERS, 400, default=403)},
    "GET /api/v1/cycles/{id}/": {"url": _cycle_url(open_cycle), "expect": allowed((*MANAGERS, *READERS))},
    "PATCH /api/v1/cycles/{id}/": {"url": _cycle_url(draft_cycle), "data": {"closes_on": "bukan-tanggal"},
                                   "expect": allowed(MANAGERS, 400)},
    # Nobody deletes a cycle.
    "DELETE /api/v1/cycles/{id}/": {"url": _cycle_url(open_cycle), "expect": IN_SCOPE_REFUSED},
    # Who rates whom: managers; readers see the cycle, not its raters.
    "GET /api/v1/cycles/{id}/assignments/": {"url": _cycle_url(open_cycle, "assignments/"),
                                             "expect": allowed(MANAGERS, in_scope=READERS)},
    "POST /api/v1/cycles/{id}/assignments/": {"url": _cycle_url(open_cycle, "assignments/"), "data": {},
                                              "expect": allowed(MANAGERS, 400, in_scope=READERS)},
    # Once a cycle is open its raters are fixed.
    "DELETE /api/v1/cycles/{id}/assignments/{assignment_id}/": {
        "url": lambda: f"{V1}/cycles/{open_cycle().pk}/assignments/{pegawai_assignment().pk}/",
        "expect": IN_SCOPE_REFUSED},
    # Harmless: rebuilds the automatic raters of the draft.
    "POST /api/v1/cycles/{id}/generate/": {"url": _cycle_url(draft_cycle, "generate/"), "expect": allowed(MANAGERS)},
    # Refused with a message (the draft's instrument has no statements), so the cycle stays a draft.
    "POST /api/v1/cycles/{id}/open/": {"url": _cycle_url(draft_cycle, "open/"), "expect": allowed(MANAGERS, 400)},
    "POST /api/v1/cycles/{id}/close/": {"url": _cycle_url(published_cycle, "close/"), "expect": IN_SCOPE_REFUSED},
    "POST /api/v1/cycles/{id}/publish/": {"url": _cycle_url(open_cycle, "publish/"), "expect": IN_SCOPE_REFUSED},
    # Narrowed to Diskominfo: Dinkes's kepala and operator asked for another agency → 404.
    "GET /api/v1/cycles/{id}/history/": {"url": _cycle_url(open_cycle, "history/"),
                                         "expect": allowed(MANAGERS, in_scope=READERS)},
    "GET /api/v1/cycles/{id}/results/": {
        "url": lambda: f"{V1}/cycles/{published_cycle().pk}/results/?agency={_diskominfo_id()}",
        "expect": allowed((*MANAGERS, *DISKOMINFO_READERS))},
    # Comment review: managers; readers see the cycle, not its comments. An unknown status is a field error.
    "GET /api/v1/cycles/{id}/comments/": {"url": _cycle_url(published_cycle, "comments/"),
                                          "expect": allowed(MANAGERS, in_scope=READERS)},
    "POST /api/v1/cycles/{id}/comments/{comment_id}/": {
        "url": lambda: f"{V1}/cycles/{published_cycle().pk}/comments/{published_comment_id()}/",
        "data": {"status": "terbit"}, "expect": allowed(MANAGERS, 400, in_scope=READERS)},
    # The subjects of the published cycle (the active agents) read their own report.
    "GET /api/v1/cycles/{id}/my-report/": {"url": _cycle_url(published_cycle, "my-report/"),
                                           "expect": allowed(AGENTS)},
    # --- the caller's assignments ---
    "GET /api/v1/assignments/": {"url": lambda: f"{V1}/assignments/?cycle={open_cycle().pk}", "expect": ALL_SIGNED_IN,
                                 "sees": (lambda: pegawai_assignment().pk, (RATER,))},
    # The caller's own rating pattern (issue 17): every signed-in user gets their own (an empty list if none).
    "GET /api/v1/assignments/my-pattern/": {"url": lambda: f"{V1}/assignments/my-pattern/", "expect": ALL_SIGNED_IN},
    "GET /api/v1/assignments/{id}/": {"url": lambda: f"{V1}/assignments/{pegawai_assignment().pk}/",
                                      "expect": allowed((RATER,))},
    # Submitting without answers: the rater gets the errors per statement.
    "POST /api/v1/assignments/{id}/response/": {
        "url": lambda: f"{V1}/assignments/{pegawai_assignment().pk}/response/", "data": {"submit": True},
        "expect": allowed((RATER,), 400)},
}
