"""The session engine: Django's database sessions, refusing session keys Django could never have issued.

A cookie like ``sessionid="\000\000\000\000\000\000\000\000"`` (the octal escape is decoded by the cookie parser)
reached the session query and PostgreSQL refused the NUL characters with a server error on every page. Keys Django
generates are lowercase letters and digits; anything else is treated as no session at all.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_VALID = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= _VALID
