"""The client's address, the one rule for everything that counts requests per address.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (each appends the address it saw to ``X-Forwarded-For``) the
client is the entry that many places from the right; with no trusted proxy (the default) it is ``REMOTE_ADDR``
and ``X-Forwarded-For`` is ignored, since anyone can send one. The same rule serves django-axes (its
``AXES_CLIENT_IP_CALLABLE``), DRF's throttles (``NUM_PROXIES``) and the password-reset limit.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(count, len(addresses))]
    return candidate if _valid(candidate) else remote
