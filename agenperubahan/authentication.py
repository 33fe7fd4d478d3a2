"""API authentication classes (kept apart from api_base: DRF imports these while it loads its own views)."""

from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, refusing a malformed token before it reaches the database (PostgreSQL answered
    a NUL character in ``Authorization: Token …`` with a server error)."""

    def authenticate_credentials(self, key):
        if not (isinstance(key, str) and 0 < len(key) <= 40 and key.isascii() and key.isalnum()):
            raise exceptions.AuthenticationFailed("Token tidak valid.")
        return super().authenticate_credentials(key)
