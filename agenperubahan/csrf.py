"""One masked CSRF token per response.

Django masks the CSRF secret anew at every ``get_token()`` call, so that the token differs between responses (the
BREACH defence). A page of this portal asked for it up to three times (the htmx header in ``base.html``, the forms
of the navbar and footer, the forms of a cached page body), and each masking draws 32 characters from the system's
random source. Within one response one masked value serves every form as well as three do: Django's own
``{% csrf_token %}`` repeats the one value of its context. So the value is worked out once per request here, for
the current secret (a rotated secret, e.g. at sign-in, gets a fresh value), and ``context_processor`` gives the
templates that same value.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject


def token(request) -> str:
    """The request's masked CSRF token: the same string for every form of one response."""
    secret = request.META.get("CSRF_COOKIE")
    memo = getattr(request, "_masked_csrf", None)
    if memo is None or memo[0] != secret or secret is None:
        value = get_token(request)
        request._masked_csrf = (request.META.get("CSRF_COOKIE"), value)
        return value
    return memo[1]


def context_processor(request) -> dict:
    """``csrf_token`` for templates, from ``token()`` (listed after Django's built-in one, which it replaces)."""
    return {"csrf_token": SimpleLazyObject(lambda: token(request))}
