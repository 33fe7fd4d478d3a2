"""ZI entries for the API access matrix (tests/proof/api_matrix.py: ``API_MATRIX.update(ZI_API)``).

The pack of a Diskominfo period: its own people (kepala, operator, agent) and Tim RB/admin get it (202 while a
build is queued: the matrix's requests queue one and it is not run inside the test's transaction); anyone else 404.
"""

from __future__ import annotations

from tests.proof.api_expect import TIM_RB, allowed
from tests.zi.matrix import _diskominfo, draft_period

V1 = "/api/v1"

ZI_API: dict[str, dict] = {
    "GET /api/v1/agencies/{id}/zi-pack/": {
        "url": lambda: f"{V1}/agencies/{_diskominfo().pk}/zi-pack/?period={draft_period().pk}",
        "expect": allowed((*TIM_RB, "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo"), 202)},
}
