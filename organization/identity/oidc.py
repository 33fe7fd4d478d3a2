"""Single sign-on through the institution's OpenID Connect provider (mozilla-django-oidc).

On when ``OIDC_RP_CLIENT_ID`` is set. Endpoints come from the settings, or from the provider's discovery document
(``OIDC_OP_DISCOVERY``, read once per process and kept for an hour). The person is matched by the NIP claim
(``OIDC_NIP_CLAIM``), never by e-mail: the NIP is the one identifier SIMPEG and the SSO share. Only active employees
get in; their account is created on the first sign-in.
"""

from __future__ import annotations

import logging
import time

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..models import Employee, User
from ..nip import normalize_nip
from .services import NO_NIP_CLAIM, NOT_AN_EMPLOYEE, account_ensure

log = logging.getLogger(__name__)

_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovery_cache: dict[str, tuple[float, dict]] = {}
DISCOVERY_TTL = 3600
SSO_UNAVAILABLE = _("Layanan SSO sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi, atau masuk dengan "
                    "kata sandi portal.")
SSO_FAILED = _("Masuk dengan SSO gagal. Coba lagi dari awal.")


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def _discovery() -> dict:
    url = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if not url:
        return {}
    cached = _discovery_cache.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    timeout = getattr(settings, "OIDC_TIMEOUT", None) or 10  # never None: a provider that hangs must not hang us
    response = requests.get(url, timeout=timeout, verify=getattr(settings, "OIDC_VERIFY_SSL", True))  # nosec B113
    response.raise_for_status()
    document = response.json()
    _discovery_cache[url] = (time.monotonic() + DISCOVERY_TTL, document)
    return document


def oidc_setting(attr, *default):
    """A setting, with the provider's endpoints filled in from discovery when not set explicitly."""
    if attr in _DISCOVERED and not getattr(settings, attr, ""):
        value = _discovery().get(_DISCOVERED[attr])
        if value:
            return value
        if default:
            return default[0]
        raise ImproperlyConfigured(f"{attr}: set it, or OIDC_OP_DISCOVERY")
    return import_from_settings(attr, *default)


class EmployeeOIDCBackend(OIDCAuthenticationBackend):
    """Matches the SSO account to an active employee by NIP and signs in that employee's account."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here, and Django builds a backend on each request of a signed-in user
        # (get_user): endpoints are read when a sign-in needs them, so no request waits on discovery.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT", None))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: oidc_setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: oidc_setting("OIDC_RP_SIGN_ALGO", "RS256"))
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: oidc_setting("OIDC_RP_IDP_SIGN_KEY", None))

    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _refuse(self, message) -> None:
        if getattr(self, "request", None) is not None:
            messages.error(self.request, message)

    def _nip(self, claims) -> str:
        return normalize_nip(str(claims.get(oidc_setting("OIDC_NIP_CLAIM", "nip")) or ""))

    def verify_claims(self, claims) -> bool:
        if not self._nip(claims):
            self._refuse(NO_NIP_CLAIM)
            return False
        return True

    def describe_user_by_claims(self, claims):
        return "NIP claim"  # the NIP is personal data: not written to the log

    def filter_users_by_claims(self, claims):
        employee = Employee.objects.filter(nip=self._nip(claims), is_active=True).first()
        if employee is None:
            self._refuse(NOT_AN_EMPLOYEE)
            return User.objects.none()
        user = account_ensure(employee=employee)
        if not user.is_active:
            self._refuse(NOT_AN_EMPLOYEE)
            return User.objects.none()
        return User.objects.filter(pk=user.pk)

    def get_or_create_user(self, access_token, id_token, payload):
        # Accounts are created for employees only (in filter_users_by_claims), never from the claims alone.
        user_info = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(user_info):
            return None
        users = list(self.filter_users_by_claims(user_info))
        return users[0] if users else None

    def get_user(self, user_id):
        """Every request re-reads the account: an employee switched off loses access at once."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, ImproperlyConfigured):
            log.exception("OIDC discovery failed")
            messages.error(request, SSO_UNAVAILABLE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class AuthenticationCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except requests.RequestException:
            log.exception("OIDC token exchange failed")
            messages.error(request, SSO_UNAVAILABLE)
            return self.login_failure()

    def login_failure(self):
        if not len(messages.get_messages(self.request)):
            messages.error(self.request, SSO_FAILED)
        return super().login_failure()
