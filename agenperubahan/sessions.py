"""The session engine: Django's cached database sessions (``cached_db``), refusing session keys Django could never
have issued.

Sessions are read on every request: ``cached_db`` reads them from the cache (Redis, shared by every web process in
production: ``CACHE_URL``) and falls back to the database, where every write still goes, so a cache flush signs
nobody out.

A cookie like ``sessionid="\000\000\000\000\000\000\000\000"`` (the octal escape is decoded by the cookie parser)
reached the session query and PostgreSQL refused the NUL characters with a server error on every page. Keys Django
generates are lowercase letters and digits; anything else is treated as no session at all.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore

_VALID = frozenset(VALID_KEY_CHARS)


class SessionStore(CachedDatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= _VALID
