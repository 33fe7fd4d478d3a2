"""Issue 14: password-reset requests are limited per e-mail address and per client address, with a clear message."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _ask(client, email, address="198.51.100.20"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_same_email_is_sent_a_few_links_then_refused_with_a_message(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    for i in range(3):
        assert _ask(client, "admin@agenperubahan.local", address=f"198.51.100.{i}").status_code == 302
    refused = _ask(client, "ADMIN@agenperubahan.local", address="198.51.100.99")
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan atur ulang kata sandi" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_one_address_cannot_ask_for_many_emails(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
    for i in range(5):
        assert _ask(client, f"orang{i}@contoh.go.id").status_code == 302
    assert _ask(client, "orang9@contoh.go.id").status_code == 429
    assert _ask(client, "orang9@contoh.go.id", address="203.0.113.5").status_code == 302
