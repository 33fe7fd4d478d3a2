"""The evaluations API answers real objects as its schema says (the fuzz test only reaches missing objects).

Every evaluations operation is called on the access matrix's objects (a draft, an open and a published cycle,
the 360° instrument, pegawai.diskominfo's assignment) as several roles; no answer is a server error and every
answer (2xx and the documented 4xx) matches the OpenAPI schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

from organization.models import User
from tests.proof.test_api_fuzz import CHECKS
from tests.proof.tokens import schema_headers, token_headers_for

from . import matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]

ROLES = ["tim.rb", "sekda", "kepala.diskominfo", "kepala.dinkes", "agen.diskominfo", "agen.dinkes",
         "pegawai.diskominfo"]


@pytest.fixture
def schema(db):
    return schemathesis.from_wsgi("/api/schema/", get_wsgi_application(), headers=schema_headers())


def _headers(username):
    return token_headers_for(User.objects.get(username=username))


def _calls():
    """(path, method, path parameters, query, body) for each call, built from the matrix objects."""
    draft, opened, published = matrix.draft_cycle(), matrix.open_cycle(), matrix.published_cycle()
    instrument = matrix.used_instrument()
    assignment = matrix.pegawai_assignment()
    agen = matrix._user("agen.diskominfo").employee_id
    unanswered = matrix._user("agen.dinkes").employee_id      # a subject nobody has rated yet
    peer = matrix._user("operator.diskominfo").employee_id
    diskominfo = matrix._diskominfo_id()
    first = matrix.first_item()
    calls = [("/api/v1/instruments/", "GET", {}, {}, None),
             ("/api/v1/instruments/{id}/", "GET", {"id": instrument.pk}, {}, None),
             ("/api/v1/instruments/{id}/", "PATCH", {"id": instrument.pk}, {}, {"name": "Nama baru"}),
             ("/api/v1/instruments/{id}/new-version/", "POST", {"id": instrument.pk}, {}, None),
             ("/api/v1/instruments/", "POST", {}, {}, {
                 "code": "uji-skema", "name": "Uji skema", "kind": "360", "scale_max": 4, "scale_labels": list("abcd"),
                 "dimensions": [{"code": "a", "name": "A", "kind": "value", "order": 1}],
                 "new_items": [{"dimension": "a", "text": "Butir.", "rater_groups": ["self"]}]}),
             ("/api/v1/cycles/", "GET", {}, {}, None),
             ("/api/v1/cycles/", "GET", {}, {"status": "published", "search": "Matriks"}, None),
             ("/api/v1/cycles/", "POST", {}, {}, {"name": "Siklus uji skema", "instrument": instrument.pk,
                                                  "opens_on": "2026-12-01", "closes_on": "2026-12-15",
                                                  "rater_groups": [{"group": "peer", "min_count": 2}]}),
             ("/api/v1/assignments/", "GET", {}, {"status": "all"}, None),
             ("/api/v1/assignments/{id}/", "GET", {"id": assignment.pk}, {}, None),
             ("/api/v1/assignments/{id}/response/", "POST", {"id": assignment.pk}, {},
              {"answers": [{"item": first.pk, "score": 4}], "submit": False}),
             ("/api/v1/assignments/{id}/response/", "POST", {"id": assignment.pk}, {}, {"submit": True})]
    for cycle in (draft, opened, published):
        calls += [("/api/v1/cycles/{id}/", "GET", {"id": cycle.pk}, {}, None),
                  ("/api/v1/cycles/{id}/assignments/", "GET", {"id": cycle.pk}, {}, None),
                  ("/api/v1/cycles/{id}/results/", "GET", {"id": cycle.pk}, {}, None),
                  ("/api/v1/cycles/{id}/results/", "GET", {"id": cycle.pk}, {"agency": diskominfo}, None),
                  ("/api/v1/cycles/{id}/results/", "GET", {"id": cycle.pk}, {"subject": agen}, None),
                  ("/api/v1/cycles/{id}/results/", "GET", {"id": cycle.pk}, {"subject": unanswered}, None),
                  ("/api/v1/cycles/{id}/my-report/", "GET", {"id": cycle.pk}, {}, None)]
    calls += [("/api/v1/cycles/{id}/", "PATCH", {"id": draft.pk}, {}, {"name": "Nama lain"}),
              ("/api/v1/cycles/{id}/generate/", "POST", {"id": draft.pk}, {}, None),
              ("/api/v1/cycles/{id}/assignments/", "POST", {"id": draft.pk}, {},
               {"subject": agen, "rater": peer, "group": "peer"}),
              ("/api/v1/cycles/{id}/open/", "POST", {"id": draft.pk}, {}, None),
              ("/api/v1/cycles/{id}/publish/", "POST", {"id": opened.pk}, {}, None),
              ("/api/v1/cycles/{id}/close/", "POST", {"id": opened.pk}, {}, None),
              ("/api/v1/cycles/{id}/assignments/{assignment_id}/", "DELETE",
               {"id": opened.pk, "assignment_id": assignment.pk}, {}, None)]
    return calls


def test_every_evaluations_answer_on_real_objects_matches_the_schema(schema):
    failures = []
    for path, method, params, query, body in _calls():
        operation = schema[path][method]
        for username in ROLES:
            kwargs = {"path_parameters": params, "query": query or None}
            if body is not None:
                kwargs.update(body=body, media_type="application/json")
            case = operation.make_case(**kwargs)
            response = case.call_wsgi(headers=_headers(username))
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as exc:  # noqa: BLE001 — collect every failure, then report them together
                failures.append(f"{method} {path} {params} {query} as {username} → {response.status_code}: "
                                f"{str(exc).strip().splitlines()[:12]}")
    assert failures == [], "\n".join(failures)
