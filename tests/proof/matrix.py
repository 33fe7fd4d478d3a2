"""The table for the access matrix (tests/proof/test_access_matrix.py).

Each entry: ``url`` builds the path from the objects of :func:`build_objects`; ``expect`` maps a demo username
(or "anonymous", or "*" for everyone else) to the status code. GET unless ``method`` says otherwise; write
actions are exercised with data that is invalid or harmless so the matrix checks the rule, not the effect.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from notifications.models import Report
from organization.models import Agency, Employee

SKIPPED_PREFIXES = ("admin/", "static/", "media/", "i18n/", "accounts/", "api/", "bench/", "healthz", "__debug__")

ALL_SIGNED_IN = {"anonymous": "login", "*": 200}
CITY = ("admin", "tim.rb", "sekda")


def build_objects() -> dict:
    diskominfo = Agency.objects.get(code="DISKOMINFO")
    report = Report(kind=Report.Kind.MONTHLY, agency=diskominfo, period_label="2026-10",
                    period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 10, 31))
    report.pdf.save("laporan.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
    report.save()
    return {
        "diskominfo": diskominfo,
        "employee_diskominfo": Employee.objects.filter(agency=diskominfo).order_by("pk").first(),
        "report_diskominfo": report,
    }


def only(allowed: dict, default=403) -> dict:
    return {"anonymous": "login", "*": default, **allowed}


MATRIX: dict[str, dict] = {
    "home": {"url": lambda o: reverse("home"), "expect": ALL_SIGNED_IN},
    "organization:employee_list": {
        "url": lambda o: reverse("organization:employee_list"),
        "expect": only(dict.fromkeys(
            (*CITY, "kepala.diskominfo", "operator.diskominfo", "kepala.dinkes", "operator.dinkes"), 200)),
    },
    "organization:employee_detail": {
        "url": lambda o: reverse("organization:employee_detail", args=[o["employee_diskominfo"].pk]),
        "expect": only(dict.fromkeys((*CITY, "kepala.diskominfo", "operator.diskominfo"), 200), default=404),
    },
    "organization:employee_edit": {
        "url": lambda o: reverse("organization:employee_edit", args=[o["employee_diskominfo"].pk]),
        "expect": only({"admin": 200, "operator.diskominfo": 200, "tim.rb": 403, "sekda": 403,
                        "kepala.diskominfo": 403}, default=404),
    },
    # The history of an employee record: Tim RB (and admin), the agency's operator and kepala; sekda reads the
    # record but not its history.
    "organization:employee_history": {
        "url": lambda o: reverse("organization:employee_history", args=[o["employee_diskominfo"].pk]),
        "expect": only({"admin": 200, "tim.rb": 200, "operator.diskominfo": 200, "kepala.diskominfo": 200,
                        "sekda": 403}, default=404),
    },
    "organization:employee_create": {
        "url": lambda o: reverse("organization:employee_create"),
        "expect": only({"admin": 200, "operator.diskominfo": 200, "operator.dinkes": 200}),
    },
    "organization:institution_edit": {
        "url": lambda o: reverse("organization:institution_edit"),
        "expect": only({"admin": 200, "tim.rb": 200}),
    },
    "organization:employee_search": {"url": lambda o: reverse("organization:employee_search") + "?q=ab",
                                      "expect": ALL_SIGNED_IN},
    # Plt./Plh. of agency heads: Tim RB and admin record them (a POST with an empty form answers 400)
    "organization:acting_head_list": {"url": lambda o: reverse("organization:acting_head_list"),
                                      "expect": only(dict.fromkeys(("admin", "tim.rb"), 200))},
    "organization:acting_head_list#post": {"url": lambda o: reverse("organization:acting_head_list"),
                                           "method": "post", "data": {},
                                           "expect": only(dict.fromkeys(("admin", "tim.rb"), 400))},
    "notifications:index": {"url": lambda o: reverse("notifications:index"), "expect": ALL_SIGNED_IN},
    "notifications:preferences": {"url": lambda o: reverse("notifications:preferences"), "expect": ALL_SIGNED_IN},
    "notifications:read_all": {"url": lambda o: reverse("notifications:read_all"), "method": "post",
                               "expect": {"anonymous": "login", "*": 302}},
    "notifications:open": {"url": lambda o: reverse("notifications:open", args=[999999]),
                           "expect": {"anonymous": "login", "*": 404}},
    "agents:index": {"url": lambda o: reverse("agents:index"), "expect": ALL_SIGNED_IN},
    "dashboards:index": {
        "url": lambda o: reverse("dashboards:index"),
        "expect": only({**dict.fromkeys(CITY, 200), "kepala.diskominfo": 302, "kepala.dinkes": 302}),
    },
    "dashboards:export": {
        "url": lambda o: reverse("dashboards:export", args=["xlsx"]),
        "expect": only({**dict.fromkeys(CITY, 200), "kepala.diskominfo": 302, "kepala.dinkes": 302}),
    },
    "dashboards:agency": {
        "url": lambda o: reverse("dashboards:agency", args=[o["diskominfo"].pk]),
        "expect": only({**dict.fromkeys((*CITY, "kepala.diskominfo"), 200), "kepala.dinkes": 404}),
    },
    "dashboards:agencies": {
        "url": lambda o: reverse("dashboards:agencies"),
        "expect": only({**dict.fromkeys(CITY, 200), "kepala.diskominfo": 302, "kepala.dinkes": 302}),
    },
    "dashboards:agency_list": {
        "url": lambda o: reverse("dashboards:agency_list", args=[o["diskominfo"].pk, "agen"]),
        "expect": only({**dict.fromkeys((*CITY, "kepala.diskominfo"), 200), "kepala.dinkes": 404}),
    },
    "dashboards:agency_export": {
        "url": lambda o: reverse("dashboards:agency_export", args=[o["diskominfo"].pk, "pdf"]),
        "expect": only({**dict.fromkeys((*CITY, "kepala.diskominfo"), 200), "kepala.dinkes": 404}),
    },
    "notifications:reports": {
        "url": lambda o: reverse("notifications:reports"),
        "expect": only(dict.fromkeys((*CITY, "kepala.diskominfo", "kepala.dinkes"), 200), default=404),
    },
    "notifications:report_download": {
        "url": lambda o: reverse("notifications:report_download", args=[o["report_diskominfo"].pk, "pdf"]),
        "expect": only(dict.fromkeys((*CITY, "kepala.diskominfo"), 200), default=404),
    },
}


# Each app keeps its own entries beside its tests; they are checked here together.
from tests.evaluations.matrix import EVALUATIONS_MATRIX  # noqa: E402
from tests.forums.matrix import FORUM_MATRIX  # noqa: E402

MATRIX.update(FORUM_MATRIX)
MATRIX.update(EVALUATIONS_MATRIX)

from tests.agents.matrix import AGENTS_MATRIX  # noqa: E402
from tests.organization.matrix import IDENTITY_MATRIX, IMPORT_MATRIX  # noqa: E402

MATRIX.update(AGENTS_MATRIX)
MATRIX.update(IMPORT_MATRIX)
MATRIX.update(IDENTITY_MATRIX)

from tests.documents.matrix import DOCUMENTS_MATRIX  # noqa: E402

MATRIX.update(DOCUMENTS_MATRIX)

from tests.zi.matrix import ZI_MATRIX  # noqa: E402

MATRIX.update(ZI_MATRIX)

from tests.improvement.matrix import IMPROVEMENT_MATRIX  # noqa: E402

MATRIX.update(IMPROVEMENT_MATRIX)
