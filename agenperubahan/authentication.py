"""API authentication classes (kept apart from api_base: DRF imports these while it loads its own views)."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

# knox tokens: an optional prefix (up to 10 characters) and 64 hexadecimal characters.
MAX_TOKEN_LENGTH = 74


class TokenAuthentication(KnoxTokenAuthentication):
    """django-rest-knox tokens (hashed at rest, with an expiry, revocable; header ``Authorization: Token …``),
    refusing a malformed token before it reaches the database (PostgreSQL answered a NUL character in
    ``Authorization: Token …`` with a server error)."""

    def authenticate_credentials(self, token):
        key = token.decode("utf-8", "replace") if isinstance(token, bytes) else token
        if not (isinstance(key, str) and 0 < len(key) <= MAX_TOKEN_LENGTH and key.isascii() and key.isalnum()):
            raise exceptions.AuthenticationFailed("Token tidak valid.")
        return super().authenticate_credentials(key.encode())
