"""Neutral usernames: ``budi.santoso`` (from the name), ``budi.santoso2`` on a collision. Never the NIP: a username
is shown on every forum post and in the API, and the NIP is personal data (visible to HR scope only)."""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.db.models import Q

#: Academic and honorific titles that are not part of a handle ("Dr. Budi Santoso, S.Kom., M.T.").
_PREFIX_TITLES = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "rd", "r"}
MAX_BASE = 30


def username_base(name: str) -> str:
    """``Dr. Budi Santoso, S.Kom.`` → ``budi.santoso``; at most three name parts, ASCII letters and digits only."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = text.split(",")[0]  # titles after the name ("…, S.Kom., M.T.") come after a comma
    parts = []
    for raw in re.split(r"[\s]+", text):
        word = raw.strip(".'-")
        if not word or (raw.endswith(".") and word.replace(".", "") in _PREFIX_TITLES):
            continue
        word = re.sub(r"[^a-z0-9]", "", word)
        if word and not word.isdigit():
            parts.append(word)
    base = ".".join(parts[:3])[:MAX_BASE].strip(".")
    return base or f"pegawai.{secrets.token_hex(3)}"


def unique_username(name: str, *, taken: set[str] | None = None) -> str:
    """A free username for ``name``: the base, else the base with the smallest free number (2, 3, …).

    ``taken`` lets a batch reserve names it has already handed out (one query per call otherwise)."""
    from organization.models import User

    base = username_base(name)
    pattern = rf"^{re.escape(base)}[0-9]*$"
    used = set(User.objects.filter(Q(username=base) | Q(username__regex=pattern)).values_list("username", flat=True))
    used |= {u for u in (taken or ()) if re.match(pattern, u)}
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}{n}"
    if taken is not None:
        taken.add(candidate)
    return candidate


def looks_like_nip(username: str) -> bool:
    """An 18-digit NIP, possibly with the ``-<pk>`` suffix the old account code added on a collision."""
    return bool(re.fullmatch(r"\d{18}(-\d+)?", username or ""))
