"""Shared fixtures: a small Kota Bandung with the demo cast, seeded once per test database.

The cast are the demo accounts of ARCHITECTURE.md (``tim_rb``, ``sekda``, ``operator_diskominfo`` …): tests read
like sentences about them.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.test import APIClient

from organization import demo as org_demo
from organization.models import Agency, User

SMALL_CITY_EMPLOYEES = 300


def seed_small_city():
    org_demo.seed(employees=SMALL_CITY_EMPLOYEES, seed=2026)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_small_city()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _user(username: str) -> User:
    return User.objects.select_related("employee").get(username=username)


@pytest.fixture
def admin_user(db):
    return _user("admin")


@pytest.fixture
def tim_rb(db):
    return _user("tim.rb")


@pytest.fixture
def sekda(db):
    return _user("sekda")


@pytest.fixture
def kepala_diskominfo(db):
    return _user("kepala.diskominfo")


@pytest.fixture
def operator_diskominfo(db):
    return _user("operator.diskominfo")


@pytest.fixture
def agen_diskominfo(db):
    return _user("agen.diskominfo")


@pytest.fixture
def pegawai_diskominfo(db):
    return _user("pegawai.diskominfo")


@pytest.fixture
def kepala_dinkes(db):
    return _user("kepala.dinkes")


@pytest.fixture
def operator_dinkes(db):
    return _user("operator.dinkes")


@pytest.fixture
def agen_dinkes(db):
    return _user("agen.dinkes")


@pytest.fixture
def diskominfo(db):
    return Agency.objects.get(code="DISKOMINFO")


@pytest.fixture
def dinkes(db):
    return Agency.objects.get(code="DINKES")


DEMO_USERNAMES = [
    "admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
    "pegawai.diskominfo", "kepala.dinkes", "operator.dinkes", "agen.dinkes",
]


@pytest.fixture
def login(client):
    """``login(user)`` signs the Django test client in as ``user`` and returns it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api():
    """``api(user)`` returns a DRF APIClient authenticated as ``user`` (or anonymous with None)."""

    def _api(user=None):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return _api


@pytest.fixture
def keep_test_connection():
    """For tests that call the WSGI application directly (schemathesis). Like Django's test client: a request must
    not close the test's database connection (on PostgreSQL the connection holds the test transaction; closing it
    ends the test with "connection already closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
