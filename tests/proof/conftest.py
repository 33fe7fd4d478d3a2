"""Fixtures shared by the proof tests that call the WSGI application directly (schemathesis)."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: a request must not close the test's database connection (on PostgreSQL the
    connection holds the test transaction; closing it ends the test with "connection already closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
