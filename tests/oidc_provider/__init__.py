"""A real OpenID Connect provider for the SSO tests: a small Django project with django-oauth-toolkit, run in its own
process with its own settings and SQLite file (see process.py)."""
