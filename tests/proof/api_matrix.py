"""The table of the API access matrix (tests/proof/test_api_access_matrix.py): one entry per operation of the
OpenAPI schema, keyed ``"METHOD /api/v1/path/{template}/"`` exactly as the schema names it.

Each entry:

- ``url``: a function without arguments returning the concrete path (query string allowed). Objects are made on
  first use through the app's services (the builders of tests/<app>/matrix.py, shared with the page matrix), and
  each test starts from a clean database, so a builder finds what an earlier call of the same test made.
- ``expect``: demo username (or "anonymous", or "*" for every other signed-in user) → status code. Build it with
  :func:`tests.proof.api_expect.expect`: allowed roles as given, ``in_scope`` → 403, everyone else ``default``
  (404 out of scope). Anonymous requests answer 403 (docs/api.md).
- ``data`` (optional): the body, or a function returning it; sent as JSON unless ``format`` says "multipart".
  Writes send a body that is invalid or harmless, so the table checks the rule, not the effect: a role that may
  act gets 400 (its field error), a role that may not gets 403 whatever it sent.
- ``per_role`` (optional): build the URL again for each role (destructive actions get a fresh object each).
- ``sees`` (optional, lists): ``(function returning an object id, roles)``: the list (narrowed by the URL's
  query string) contains that object for exactly these roles and for no other role that gets 200.

Each app keeps its own entries beside its tests (tests/<app>/api_matrix.py); they are merged here.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from tests.agents.api_matrix import AGENTS_API
from tests.documents.matrix import DOCUMENTS_API
from tests.evaluations.api_matrix import EVALUATIONS_API
from tests.forums.api_matrix import FORUMS_API
from tests.proof.api_expect import ALL_SIGNED_IN, ANON, CITY, KEPALAS, OPERATORS, TIM_RB, allowed, expect

V1 = "/api/v1"
# The agency's employees: city readers, the agency's kepala and operator (others see only their own record).
EMPLOYEE_SCOPE = (*CITY, "kepala.diskominfo", "operator.diskominfo")
REPORT_SCOPE = (*CITY, "kepala.diskominfo")


def _diskominfo():
    from organization.models import Agency

    return Agency.objects.get(code="DISKOMINFO")


def employee():
    """The first Diskominfo employee (not a demo account's own record), as in the page matrix."""
    from organization.models import Employee

    return Employee.objects.filter(agency=_diskominfo()).order_by("pk").first()


def notification():
    """A notification for agen.diskominfo (only its recipient sees it)."""
    from notifications.models import Notification
    from notifications.services import notify
    from organization.models import User

    title = "Matriks akses: pemberitahuan uji"
    found = Notification.objects.filter(title=title).first()
    if found is not None:
        return found
    return notify(recipients=[User.objects.get(username="agen.diskominfo")], kind="matrix", title=title,
                  email=False)[0]


def report():
    """A monthly summary report of Diskominfo with both its files."""
    from notifications.models import Report

    found = Report.objects.filter(agency=_diskominfo(), period_label="matriks").first()
    if found is not None:
        return found
    made = Report(kind=Report.Kind.MONTHLY, agency=_diskominfo(), period_label="matriks",
                  period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 10, 31))
    made.pdf.save("laporan-matriks.pdf", ContentFile(b"%PDF-1.4 matriks"), save=False)
    made.xlsx.save("laporan-matriks.xlsx", ContentFile(b"PK matriks"), save=False)
    made.save()
    return made


def acting_head():
    """The demo's Plt. of the head of Dinas Perhubungan (organization/demo.py)."""
    from organization.models import ActingHead

    return ActingHead.objects.filter(agency__code="DISHUB").order_by("pk").first()


def _agent_token_key() -> str:
    from knox.models import AuthToken

    from organization.models import User

    found = AuthToken.objects.filter(user__username="agen.diskominfo").first()
    if found is None:
        found, _token = AuthToken.objects.create(user=User.objects.get(username="agen.diskominfo"))
    return found.token_key


API_MATRIX: dict[str, dict] = {
    # Exchanging a wrong password answers 400 for anyone (the endpoint is open; anonymous callers are throttled).
    "POST /api/v1/auth/token/": {"url": lambda: f"{V1}/auth/token/",
                                 "data": {"username": "admin", "password": "bukan-sandinya"},
                                 "expect": {ANON: 400, "*": 400}},
    # --- the caller's own tokens (knox): listed, revoked one by one, or all at once ---
    "GET /api/v1/auth/tokens/": {"url": lambda: f"{V1}/auth/tokens/", "expect": ALL_SIGNED_IN},
    # agen.diskominfo's token: only its owner revokes it; for everyone else it does not exist.
    "DELETE /api/v1/auth/tokens/{token_key}/": {"url": lambda: f"{V1}/auth/tokens/{_agent_token_key()}/",
                                                "expect": expect({"agen.diskominfo": 204}, default=404)},
    # The matrix signs in without a token (force_authenticate): nothing to revoke, a 400 that says so.
    "POST /api/v1/auth/logout/": {"url": lambda: f"{V1}/auth/logout/", "expect": expect({}, default=400)},
    "POST /api/v1/auth/logoutall/": {"url": lambda: f"{V1}/auth/logoutall/", "expect": expect({}, default=204)},
    # --- agencies: everyone signed in reads them; Tim RB (and admin) change them ---
    "GET /api/v1/agencies/": {"url": lambda: f"{V1}/agencies/?search=DISKOMINFO", "expect": ALL_SIGNED_IN,
                              "sees": (lambda: _diskominfo().pk, "*")},
    "POST /api/v1/agencies/": {"url": lambda: f"{V1}/agencies/", "data": {},
                               "expect": allowed(TIM_RB, 400, default=403)},
    "GET /api/v1/agencies/{id}/": {"url": lambda: f"{V1}/agencies/{_diskominfo().pk}/", "expect": ALL_SIGNED_IN},
    "PATCH /api/v1/agencies/{id}/": {"url": lambda: f"{V1}/agencies/{_diskominfo().pk}/", "data": {"code": ""},
                                     "expect": allowed(TIM_RB, 400, default=403)},
    # --- acting heads (Plt./Plh.): everyone signed in reads them; Tim RB (and admin) record and change them ---
    "GET /api/v1/acting-heads/": {"url": lambda: f"{V1}/acting-heads/?agency={acting_head().agency_id}",
                                  "expect": ALL_SIGNED_IN, "sees": (lambda: acting_head().pk, "*")},
    "POST /api/v1/acting-heads/": {"url": lambda: f"{V1}/acting-heads/", "data": {},
                                   "expect": allowed(TIM_RB, 400, default=403)},
    "GET /api/v1/acting-heads/{id}/": {"url": lambda: f"{V1}/acting-heads/{acting_head().pk}/",
                                       "expect": ALL_SIGNED_IN},
    "PATCH /api/v1/acting-heads/{id}/": {"url": lambda: f"{V1}/acting-heads/{acting_head().pk}/",
                                         "data": {"ends_on": "bukan-tanggal"},
                                         "expect": allowed(TIM_RB, 400, default=403)},
    # --- employees: operators manage their agency's, admin everyone's; city readers and the kepala read them ---
    "GET /api/v1/employees/": {"url": lambda: f"{V1}/employees/?search={employee().nip}", "expect": ALL_SIGNED_IN,
                               "sees": (lambda: employee().pk, EMPLOYEE_SCOPE)},
    "POST /api/v1/employees/": {"url": lambda: f"{V1}/employees/", "data": {},
                                "expect": allowed(("admin", *OPERATORS), 400, default=403)},
    "GET /api/v1/employees/{id}/": {"url": lambda: f"{V1}/employees/{employee().pk}/",
                                    "expect": allowed(EMPLOYEE_SCOPE)},
    "GET /api/v1/employees/{id}/history/": {"url": lambda: f"{V1}/employees/{employee().pk}/history/",
                                            "expect": allowed(("admin", "tim.rb", "kepala.diskominfo",
                                                               "operator.diskominfo"), in_scope=("sekda",))},
    "PATCH /api/v1/employees/{id}/": {"url": lambda: f"{V1}/employees/{employee().pk}/", "data": {"email": "bukan-surel"},
                                      "expect": allowed(("admin", "operator.diskominfo"), 400,
                                                        in_scope=EMPLOYEE_SCOPE)},
    # --- notifications: the caller's own ---
    "GET /api/v1/notifications/": {"url": lambda: f"{V1}/notifications/", "expect": ALL_SIGNED_IN,
                                   "sees": (lambda: notification().pk, ("agen.diskominfo",))},
    "GET /api/v1/notifications/{id}/": {"url": lambda: f"{V1}/notifications/{notification().pk}/",
                                        "expect": allowed(("agen.diskominfo",))},
    "POST /api/v1/notifications/{id}/read/": {"url": lambda: f"{V1}/notifications/{notification().pk}/read/",
                                              "expect": allowed(("agen.diskominfo",))},
    "POST /api/v1/notifications/read-all/": {"url": lambda: f"{V1}/notifications/read-all/",
                                             "expect": ALL_SIGNED_IN},
    # --- summary reports: kepala their agency's; pimpinan, Tim RB, admin all ---
    "GET /api/v1/reports/": {"url": lambda: f"{V1}/reports/", "expect": ALL_SIGNED_IN,
                             "sees": (lambda: report().pk, REPORT_SCOPE)},
    "GET /api/v1/reports/{id}/": {"url": lambda: f"{V1}/reports/{report().pk}/", "expect": allowed(REPORT_SCOPE)},
    "GET /api/v1/reports/{id}/pdf/": {"url": lambda: f"{V1}/reports/{report().pk}/pdf/",
                                      "expect": allowed(REPORT_SCOPE)},
    "GET /api/v1/reports/{id}/xlsx/": {"url": lambda: f"{V1}/reports/{report().pk}/xlsx/",
                                       "expect": allowed(REPORT_SCOPE)},
    # --- dashboard: city readers the city, a kepala their agency; nobody else has one ---
    "GET /api/v1/dashboard/": {"url": lambda: f"{V1}/dashboard/", "expect": allowed((*CITY, *KEPALAS), default=403)},
}

API_MATRIX.update(AGENTS_API)
API_MATRIX.update(FORUMS_API)
API_MATRIX.update(EVALUATIONS_API)
API_MATRIX.update(DOCUMENTS_API)

from tests.zi.api_matrix import ZI_API  # noqa: E402

API_MATRIX.update(ZI_API)

from tests.improvement.matrix import IMPROVEMENT_API  # noqa: E402

API_MATRIX.update(IMPROVEMENT_API)
