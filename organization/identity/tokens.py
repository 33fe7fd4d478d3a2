"""One-time activation links. The token is an HMAC of the account's state (password hash, last sign-in, active flag)
and a timestamp, like Django's password-reset token: setting a password or signing in spends it, and it expires
after ``ACTIVATION_LINK_HOURS``. Nothing is stored, so a leaked database holds no usable link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "organization.identity.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{login}{user.is_active}{timestamp}"

    def check_token(self, user, token):
        """Django's check with our own lifetime (the password-reset timeout is a separate setting)."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= lifetime_seconds()


def lifetime_seconds() -> int:
    return int(getattr(settings, "ACTIVATION_LINK_HOURS", 72)) * 3600


activation_tokens = ActivationTokenGenerator()


def encode_uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def decode_uid(uidb64: str) -> int | None:
    try:
        value = force_str(urlsafe_base64_decode(uidb64))
        return int(value) if value.isdigit() and len(value) <= 18 else None
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
