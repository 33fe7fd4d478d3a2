"""A second institution, a regency, proves the portal names no city of its own: every main page of each demo role,
the e-mails, the PDFs and the exports say "Kabupaten Contoh" / "Bupati Contoh" and never "Bandung".

The demo data (agency names, addresses) is Kota Bandung's, so the fixture first gives the regency its own data: what
a regency's installation holds. What remains is what the code and templates write themselves.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse
from openpyxl import load_workbook

from agents.forms import ApproveForm
from forums.models import Forum
from forums.services import forum_sync_all
from notifications.report_services import report_build
from notifications.services import notify
from organization.institution import Institution
from organization.models import Agency, Employee, User
from organization.services import institution_update
from tests.pdf_checks import text_of

pytestmark = pytest.mark.django_db

DEMO_USERS = ["admin", "tim.rb", "sekda", "kepala.diskominfo", "operator.diskominfo", "agen.diskominfo",
              "pegawai.diskominfo", "kepala.dinkes", "operator.dinkes", "agen.dinkes"]
CITY = re.compile("bandung", re.IGNORECASE)


def _rename(model, *fields):
    for field in fields:
        for old, new in (("Bandung", "Contoh"), ("bandung", "contoh"), ("BANDUNG", "CONTOH")):
            model.objects.filter(**{f"{field}__contains": old}).update(**{field: Replace(field, Value(old), Value(new))})


@pytest.fixture
def regency(db, media_root):
    institution = Institution.get_solo()
    for field, value in {"kind": "kabupaten", "name": "Pemerintah Kabupaten Contoh", "short_name": "Kabupaten Contoh",
                         "head_title": "Bupati Contoh", "address": "Jalan Raya Contoh No. 1",
                         "website": "contohkab.go.id", "email": "humas@contohkab.go.id", "signatory_title": "",
                         "reform_team_name": "Tim RB Kabupaten Contoh"}.items():
        setattr(institution, field, value)
    institution_update(institution=institution, by=User.objects.get(username="admin"))
    # The regency's own data (the demo's is Kota Bandung's).
    _rename(Agency, "code", "name", "abbreviation")
    for field in ("name", "email"):
        _rename(Employee, field)
    _rename(User, "email")
    Forum.objects.filter(kind=Forum.Kind.CITY).delete()
    forum_sync_all()  # the city forum anew, and the agency forums renamed after their agencies
    _rename(Forum, "description")
    return institution


def assert_no_city(label: str, text: str):
    match = CITY.search(text)
    assert match is None, f"{label} says {text[max(0, match.start() - 60):match.end() + 60]!r}"


def _main_urls(client) -> list[str]:
    context = client.get("/").context
    urls = ["/"]
    for item in context["nav_items"]:
        urls += [child["url"] for child in item.get("children", [])] or [item["url"]]
    return urls


@pytest.mark.parametrize("username", DEMO_USERS)
def test_no_main_page_of_any_role_names_bandung(regency, client, username):
    client.force_login(User.objects.get(username=username))
    urls = _main_urls(client)
    assert len(urls) >= 2
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_no_city(url, html)
    assert "Pemerintah Kabupaten Contoh" in client.get("/").content.decode()


def test_the_dashboards_pdfs_and_exports_name_the_regency(regency, client):
    client.force_login(User.objects.get(username="sekda"))
    pdf = text_of(client.get(reverse("dashboards:export", args=["pdf"])).content)
    assert "PEMERINTAH KABUPATEN CONTOH" in pdf and "Dasbor Kabupaten Contoh" in pdf
    assert_no_city("dashboard PDF", pdf)
    workbook = load_workbook(io.BytesIO(client.get(reverse("dashboards:export", args=["xlsx"])).content))
    cells = " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    assert_no_city("dashboard XLSX", cells)

    diskominfo = Agency.objects.get(code="DISKOMINFO")
    client.force_login(User.objects.get(username="kepala.diskominfo"))
    assert_no_city("agency PDF", text_of(client.get(reverse("dashboards:agency_export",
                                                            args=[diskominfo.pk, "pdf"])).content))
    client.force_login(User.objects.get(username="operator.diskominfo"))
    template = load_workbook(io.BytesIO(client.get(reverse("organization:import_template", args=["xlsx"])).content))
    assert_no_city("import template", " ".join(str(c) for ws in template for row in ws.iter_rows(values_only=True)
                                               for c in row if c))


def test_the_monthly_report_is_on_the_regencys_letterhead(regency):
    report = report_build(kind="monthly", agency_id=None)
    with report.pdf.open("rb") as f:
        pdf = text_of(f.read())
    assert "PEMERINTAH KABUPATEN CONTOH" in pdf and "Jalan Raya Contoh No. 1" in pdf
    assert_no_city("monthly report PDF", pdf)
    with report.xlsx.open("rb") as f:
        workbook = load_workbook(io.BytesIO(f.read()))
    assert_no_city("monthly report XLSX", " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True)
                                                   for c in row if c))


def test_e_mails_and_the_sk_default_name_the_regency(regency, client, django_capture_on_commit_callbacks):
    pegawai = User.objects.get(username="pegawai.diskominfo")
    pegawai.email = "pegawai@contohkab.go.id"
    pegawai.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[pegawai], kind="test", title="Uji", body="Isi uji", url="/")
    client.post(reverse("password_reset"), {"email": pegawai.email})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
        assert any("Pemerintah Kabupaten Contoh" in body for body in bodies), message.subject
        for body in bodies:
            assert_no_city(message.subject, body)
    assert ApproveForm()["decree_signatory"].value() == "Bupati Contoh"
