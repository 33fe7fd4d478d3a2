"""Evidence uploads are checked by content (PDF, JPG, PNG) and size, never by their name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agents.models import NominationEvidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


def upload(client, nomination, name, content, content_type="application/pdf"):
    return client.post(reverse("agents:nomination_evidence_add", args=[nomination.pk]),
                       {"evidence": SimpleUploadedFile(name, content, content_type=content_type)})


def test_a_pdf_is_accepted_and_stored_under_a_random_name(nominate, login, operator_diskominfo, media_root):
    nomination = nominate("draft")
    response = upload(login(operator_diskominfo), nomination, "sk-penghargaan.pdf", PDF)
    assert response.status_code == 302
    evidence = NominationEvidence.objects.get(nomination=nomination)
    assert evidence.original_name == "sk-penghargaan.pdf" and evidence.content_type == "application/pdf"
    assert "sk-penghargaan" not in evidence.file.name and evidence.file.name.endswith(".pdf")


def test_adding_evidence_without_a_file_is_a_field_error_and_not_a_success(nominate, login, operator_diskominfo):
    nomination = nominate("draft")
    response = login(operator_diskominfo).post(reverse("agents:nomination_evidence_add", args=[nomination.pk]), {})
    assert response.status_code == 400
    assert response.context["evidence_form"].errors["evidence"] == ["Pilih minimal satu berkas."]
    assert not NominationEvidence.objects.filter(nomination=nomination).exists()


def test_a_png_is_accepted(nominate, login, operator_diskominfo, media_root):
    nomination = nominate("draft")
    assert upload(login(operator_diskominfo), nomination, "foto.png", PNG, "image/png").status_code == 302


def test_a_renamed_executable_is_refused(nominate, login, operator_diskominfo, media_root):
    nomination = nominate("draft")
    response = upload(login(operator_diskominfo), nomination, "bukti.pdf", EXE)
    assert response.status_code == 400
    assert "bukan PDF, JPG, atau PNG" in str(response.context["evidence_form"].errors["evidence"])
    assert not NominationEvidence.objects.filter(nomination=nomination).exists()


def test_a_renamed_executable_is_refused_by_the_api_with_a_field_error(nominate, api, operator_diskominfo, media_root):
    nomination = nominate("draft")
    response = api(operator_diskominfo).post(f"/api/v1/nominations/{nomination.pk}/evidence/",
                                             {"evidence": SimpleUploadedFile("scan.jpg", EXE)}, format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()


def test_a_file_over_the_size_limit_is_refused(nominate, login, operator_diskominfo, media_root, settings):
    settings.MAX_UPLOAD_MB = 1
    nomination = nominate("draft")
    response = upload(login(operator_diskominfo), nomination, "besar.pdf", PDF + b"0" * (1024 * 1024 + 1))
    assert response.status_code == 400
    assert "maksimal 1 MB" in str(response.context["evidence_form"].errors["evidence"])


def test_a_bad_file_in_the_create_form_saves_nothing(period, candidate, login, operator_diskominfo, media_root):
    from agents.models import Nomination

    from .conftest import JUSTIFICATION

    response = login(operator_diskominfo).post(reverse("agents:nomination_create"), {
        "period": period.pk, "candidate": candidate.nip, "justification": JUSTIFICATION,
        "evidence": [SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("virus.png", EXE)]})
    assert response.status_code == 400
    assert not Nomination.objects.filter(candidate=candidate).exists()


def test_evidence_is_downloaded_only_within_scope(nominate, login, operator_diskominfo, operator_dinkes, tim_rb, media_root):
    nomination = nominate("draft")
    upload(login(operator_diskominfo), nomination, "bukti.pdf", PDF)
    evidence = NominationEvidence.objects.get(nomination=nomination)
    url = reverse("agents:nomination_evidence", args=[nomination.pk, evidence.pk])
    ok = login(tim_rb).get(url)
    assert ok.status_code == 200 and ok["Content-Disposition"].startswith("attachment")
    assert login(operator_dinkes).get(url).status_code == 404


def test_evidence_cannot_be_added_after_submission(nominate, login, operator_diskominfo, media_root):
    nomination = nominate("submitted")
    assert upload(login(operator_diskominfo), nomination, "bukti.pdf", PDF).status_code == 403


def test_a_bad_file_among_good_ones_adds_no_evidence_at_all(nominate, login, operator_diskominfo, media_root):
    nomination = nominate("draft")
    response = login(operator_diskominfo).post(
        reverse("agents:nomination_evidence_add", args=[nomination.pk]),
        {"evidence": [SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
                      SimpleUploadedFile("bukti2.pdf", b"<html><script>alert(1)</script></html>")]})
    assert response.status_code == 400
    assert not NominationEvidence.objects.filter(nomination=nomination).exists()


def test_a_bad_file_among_good_ones_adds_no_evidence_through_the_api(nominate, api, operator_diskominfo, media_root):
    nomination = nominate("draft")
    response = api(operator_diskominfo).post(
        f"/api/v1/nominations/{nomination.pk}/evidence/",
        {"evidence": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", EXE)]}, format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()
    assert not NominationEvidence.objects.filter(nomination=nomination).exists()


def test_evidence_stored_as_html_is_downloaded_as_plain_bytes(nominate, login, operator_diskominfo, media_root):
    from django.core.files.base import ContentFile

    nomination = nominate("draft")
    # A row written around the upload check (the admin, an old import): it must still never render in the browser.
    evidence = NominationEvidence(nomination=nomination, original_name="x.html", content_type="text/html", size=10)
    evidence.file.save("x.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = login(operator_diskominfo).get(reverse("agents:nomination_evidence", args=[nomination.pk, evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
