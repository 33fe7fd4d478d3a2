"""API fuzzing with schemathesis: every operation of /api/schema/, signed in as several roles.

No response is a server error, and every response (including the documented 4xx answers) matches the schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from organization.models import User
from tests.proof.tokens import schema_headers, token_headers_for

ROLES = ["tim.rb", "operator.diskominfo", "agen.diskominfo", "pegawai.diskominfo"]
MAX_EXAMPLES = 12
# Every documented property of a response; "ignored_auth" is left out because each role's token is valid by design.
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


@pytest.fixture(autouse=True)
def _keep_test_connection(keep_test_connection):
    """Every call goes through the WSGI application (see keep_test_connection in tests/conftest.py)."""


@pytest.fixture
def api_schema(db):
    return schemathesis.from_wsgi("/api/schema/", get_wsgi_application(), headers=schema_headers())


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.fixture
def token_headers(db):
    headers = []
    for username in ROLES:
        headers.append(token_headers_for(User.objects.get(username=username)))
    return headers


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_operation_never_fails_and_matches_schema(case, token_headers):
    for headers in token_headers:
        response = case.call_wsgi(headers=headers)
        case.validate_response(response, checks=CHECKS)
