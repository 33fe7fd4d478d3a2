"""Issue 14: the client's address cannot be spoofed with X-Forwarded-For, and one attacker's failed logins do not
lock the account for everyone else (axes locks on username and address, behind the trusted proxies too)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from agenperubahan.client_ip import client_ip
from agenperubahan.tokens import TokenThrottle

pytestmark = pytest.mark.django_db

PASSWORD = "demo-agen-2026"


def _request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/api/v1/auth/token/", **extra)


def test_without_a_trusted_proxy_a_forwarded_header_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    spoofed = _request(forwarded="203.0.113.99")
    assert client_ip(spoofed) == "10.0.0.5"
    assert TokenThrottle().get_ident(spoofed) == "10.0.0.5"


def test_behind_one_trusted_proxy_the_address_it_saw_counts_not_what_the_client_sent(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(remote="10.0.0.1", forwarded="198.51.100.66, 203.0.113.7")  # client's lie, proxy's entry
    assert client_ip(request) == "203.0.113.7"
    assert TokenThrottle().get_ident(request) == "203.0.113.7"
    assert client_ip(_request(remote="10.0.0.1", forwarded="bukan-alamat")) == "10.0.0.1"


def _login(client, password, **meta):
    return client.post(reverse("login"), {"username": "sekda", "password": password}, **meta)


def test_an_attackers_failures_do_not_lock_the_account_from_another_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(6):
        _login(client, "salah", REMOTE_ADDR="198.51.100.1")
    assert _login(client, PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert _login(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_the_proxy_an_attackers_failures_do_not_lock_the_account_for_others(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        _login(client, "salah", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _login(client, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert _login(client, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_a_spoofed_forwarded_header_does_not_escape_the_lock(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for i in range(6):
        _login(client, "salah", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert _login(client, PASSWORD, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.77").status_code == 429
