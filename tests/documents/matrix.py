"""Entries of the staff vote and the documents app for the access matrices (tests/proof/matrix.py and
tests/proof/api_matrix.py merge them).

Rules (agents/permissions.py, documents/permissions.py, docs/documents.md): every signed-in employee with an active
employee record votes once in their own agency; the shortlist and turnout of an agency are for its staff and the city
readers (404 for others); minutes and SK drafts are for city readers; a signed SK is for city readers and the staff
roles (operators, kepala, agents, role models); Tim RB closes the scoring, drafts and uploads. The verification page
is public.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.proof.api_expect import ANON, allowed, expect

CITY = ("admin", "tim.rb", "sekda")
TIM_RB = ("admin", "tim.rb")
STAFF = ("kepala.diskominfo", "operator.diskominfo", "agen.diskominfo", "kepala.dinkes", "operator.dinkes",
         "agen.dinkes")
# Users with an active employee record of Diskominfo (voters there) and the agency's operator and kepala.
DISKOMINFO_VOTERS = ("kepala.diskominfo", "operator.diskominfo", "agen.diskominfo", "pegawai.diskominfo")
# tim.rb and sekda are ASN with an employee record too: they vote in their own agency.
VOTERS = (*DISKOMINFO_VOTERS, "kepala.dinkes", "operator.dinkes", "agen.dinkes", "tim.rb", "sekda")
VOTE_PERIOD = "Matriks akses: periode pemungutan suara"
DOCS_PERIOD = "Matriks akses: periode dokumen"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _user(username):
    from organization.models import User

    return User.objects.select_related("employee").get(username=username)


def _diskominfo():
    from organization.models import Agency

    return Agency.objects.get(code="DISKOMINFO")


def vote_period():
    """A period whose staff vote is open now (made on first use)."""
    from agents.models import ProgramPeriod
    from tests.agents.conftest import make_period

    now = timezone.now()
    return ProgramPeriod.objects.filter(name=VOTE_PERIOD).first() or make_period(
        _user("tim.rb"), name=VOTE_PERIOD, vote_enabled=True, vote_opens=now - dt.timedelta(hours=1),
        vote_closes=now + dt.timedelta(days=1), vote_weight=20)


def docs_period():
    """A period with one Diskominfo agent, an SK draft and the signed SK uploaded."""
    from agents.models import ChangeAgent, ProgramPeriod
    from documents import services
    from tests.agents.conftest import make_agent, make_employee, make_period

    found = ProgramPeriod.objects.filter(name=DOCS_PERIOD).first()
    if found is not None:
        return found
    period = make_period(_user("tim.rb"), name=DOCS_PERIOD)
    make_agent(make_employee(_diskominfo(), name="Matriks akses: agen ber-SK"), period=period)
    tim_rb = _user("tim.rb")
    services.decree_draft(period=period, by=tim_rb)
    services.decree_signed_upload(period=period, by=tim_rb, number="800/1/Matriks", date=timezone.localdate(),
                                  upload=SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"))
    assert ChangeAgent.objects.filter(period=period).exists()
    return period


def _document(kind):
    from documents.models import Document

    return Document.objects.filter(period=docs_period(), kind=kind).order_by("-version").first()


def signed_sk():
    return _document("sk_signed")


def sk_draft():
    return _document("sk_draft")


def decree_agent():
    from agents.models import ChangeAgent

    return ChangeAgent.objects.get(period=docs_period())


def page_only(allowed_: dict, *, default=403) -> dict:
    return {"anonymous": "login", "*": default, **allowed_}


DOCUMENTS_MATRIX: dict[str, dict] = {
    "agents:vote": {
        "url": lambda o: reverse("agents:vote", args=[vote_period().pk]) + f"?agency={_diskominfo().pk}",
        "expect": page_only(dict.fromkeys((*CITY, *DISKOMINFO_VOTERS), 200), default=404),
    },
    "documents:period_documents": {
        "url": lambda o: reverse("documents:period_documents", args=[docs_period().pk]),
        "expect": page_only(dict.fromkeys((*CITY, *STAFF), 200)),
    },
    "documents:download": {
        "url": lambda o: reverse("documents:download", args=[signed_sk().pk]),
        "expect": page_only(dict.fromkeys((*CITY, *STAFF), 200), default=404),
    },
    "documents:agent_decree": {
        "url": lambda o: reverse("documents:agent_decree", args=[decree_agent().pk]),
        "expect": page_only(dict.fromkeys((*CITY, "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo"),
                                          200), default=404),
    },
    "verify": {"url": lambda o: reverse("verify", args=[sk_draft().verification_code]),
               "expect": {"anonymous": 200, "*": 200}},
}

V1 = "/api/v1"

DOCUMENTS_API: dict[str, dict] = {
    "GET /api/v1/periods/{id}/vote/": {
        "url": lambda: f"{V1}/periods/{vote_period().pk}/vote/?agency={_diskominfo().pk}",
        "expect": allowed((*CITY, *DISKOMINFO_VOTERS)),
    },
    "POST /api/v1/periods/{id}/vote/": {
        "url": lambda: f"{V1}/periods/{vote_period().pk}/vote/", "data": {"nomination": 0},
        "expect": allowed(VOTERS, 400, default=403),
    },
    "GET /api/v1/documents/": {
        "url": lambda: f"{V1}/documents/?period={docs_period().pk}", "expect": expect({}, default=200),
        "sees": (lambda: signed_sk().pk, (*CITY, *STAFF)),
    },
    "GET /api/v1/documents/{id}/": {"url": lambda: f"{V1}/documents/{signed_sk().pk}/",
                                    "expect": allowed((*CITY, *STAFF))},
    "GET /api/v1/documents/{id}/download/": {"url": lambda: f"{V1}/documents/{signed_sk().pk}/download/",
                                             "expect": allowed((*CITY, *STAFF))},
    "GET /api/v1/verifications/{code}/": {"url": lambda: f"{V1}/verifications/{sk_draft().verification_code}/",
                                          "expect": {ANON: 200, "*": 200}},
}
