"""Shared pieces of the API access matrix (tests/proof/api_matrix.py and the tests/<app>/api_matrix.py parts).

Kept apart from api_matrix.py so each app's part can import them without importing the table it is merged into.
"""

from __future__ import annotations

ANON = "anonymous"
# Session authentication is tried first and has no WWW-Authenticate challenge, so DRF answers an unauthenticated
# request 403, not 401 (docs/api.md, "Authentication").
ANONYMOUS = 403

CITY = ("admin", "tim.rb", "sekda")
TIM_RB = ("admin", "tim.rb")
KEPALAS = ("kepala.diskominfo", "kepala.dinkes")
OPERATORS = ("operator.diskominfo", "operator.dinkes")
AGENTS = ("agen.diskominfo", "agen.dinkes")


def expect(allowed: dict, *, in_scope=(), default=404) -> dict:
    """``allowed`` as given; ``in_scope`` (may see the object, may not do this) → 403; every other signed-in user
    ``default``; anonymous 403."""
    return {ANON: ANONYMOUS, "*": default, **dict.fromkeys(in_scope, 403), **allowed}


def allowed(roles, code=200, **kw) -> dict:
    return expect(dict.fromkeys(roles, code), **kw)


ALL_SIGNED_IN = expect({}, default=200)
