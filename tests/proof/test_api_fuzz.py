"""API fuzzing with schemathesis: every operation of /api/schema/, signed in as several roles.

No response is a server error, and every response (including the documented 4xx answers) matches the schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from organization.models import User

ROLES = ["tim.rb", "operator.diskominfo", "agen.diskominfo", "pegawai.diskominfo"]
MAX_EXAMPLES = 12
# Every documented property of a response; "ignored_auth" is left out because each role's token is valid by design.
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


@pytest.fixture(autouse=True)
def _keep_test_connection(keep_test_connection):
    """Every call goes through the WSGI application (see keep_test_connection in tests/conftest.py)."""


@pytest.fixture
def api_schema(db):
    return schemathesis.from_wsgi("/api/schema/", get_wsgi_application())


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.fixture
def token_headers(db):
    headers = []
    for username in ROLES:
        token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
        headers.append({"Authorization": f"Token {token.key}"})
    return headers


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_api_operation_never_fails_and_matches_schema(case, token_headers):
    for headers in token_headers:
        response = case.call_wsgi(headers=headers)
        case.validate_response(response, checks=CHECKS)
