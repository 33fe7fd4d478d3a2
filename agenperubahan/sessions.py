"""Database sessions that ignore a malformed session cookie.

Django's own keys are lowercase letters and digits. Any other cookie value (e.g. with a NUL character, which
PostgreSQL refuses in a query and would answer 500) is treated as no session at all.
"""

import string

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore

KEY_CHARS = frozenset(string.ascii_lowercase + string.digits)


class SessionStore(DbSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= KEY_CHARS
