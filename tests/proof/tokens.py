"""API tokens for tests: a fresh knox token for a user (the secret is only known when it is made)."""

from knox.models import AuthToken


def token_for(user) -> str:
    _instance, token = AuthToken.objects.create(user=user)
    return token


def token_headers_for(user) -> dict:
    return {"Authorization": f"Token {token_for(user)}"}


def schema_headers() -> dict:
    """Headers that may read /api/schema/ (it is for signed-in callers only)."""
    from organization.models import User

    return token_headers_for(User.objects.get(username="admin"))
