"""The role-model certificate's QR code points at the public verification page, which says the recognition is
valid (name, value, cycle, date) and shows no NIP."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from agents.services import agent_end_term
from improvement import recognition
from improvement.models import RecognitionProposal
from tests.pdf_checks import read, text_of

from .builders import published_with_weak_values, subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(diskominfo, agen_diskominfo):
    me = agen_diskominfo.employee
    cycle = published_with_weak_values("Siklus Kinerja 2026", {diskominfo.pk: {}}, subjects={
        me.pk: subject(diskominfo.pk, {"kompeten": (91.0, {"superior": 93.0, "peer": 90.0})},
                       {"peer": 4, "superior": 1})})
    return RecognitionProposal.objects.get(cycle=cycle)


def accepted(proposal, tim_rb):
    return recognition.proposal_review(proposal=proposal, by=tim_rb, accept=True)


def test_accepting_gives_a_random_code_and_declining_gives_none(proposal, tim_rb, diskominfo, agen_diskominfo):
    done = accepted(proposal, tim_rb)
    assert len(done.verification_code) >= 32
    other = RecognitionProposal.objects.create(cycle=proposal.cycle, employee=agen_diskominfo.employee,
                                               code="loyal", name="Loyal", score=90.0)
    declined = recognition.proposal_review(proposal=other, by=tim_rb, accept=False, reason="Belum konsisten")
    assert declined.verification_code is None


def test_the_certificate_qr_points_at_the_public_verification_page(proposal, tim_rb, agen_diskominfo, login):
    code = accepted(proposal, tim_rb).verification_code
    pdf = login(agen_diskominfo).get(reverse("improvement:recognition_certificate", args=[proposal.pk])).content
    url = settings.SITE_URL.rstrip("/") + f"/verifikasi/{code}/"
    text = re.sub(r"\s+", "", text_of(pdf))
    assert re.sub(r"\s+", "", url) in text
    assert "/pegawai/" not in text and "employee" not in text      # no longer the profile address
    # The QR code is drawn (many small filled rectangles).
    assert len(re.findall(rb" re\b", read(pdf).pages[0].get_contents().get_data())) > 200


def test_the_verification_page_says_the_recognition_is_valid_without_nip(proposal, tim_rb, agen_diskominfo, client):
    code = accepted(proposal, tim_rb).verification_code
    today = timezone.localdate()
    recognition.proposal_designate(proposal=proposal, by=tim_rb, decree_number="800/RM-07/2026", decree_date=today,
                                   decree_signatory="Wali Kota", term_start=today,
                                   term_end=today + dt.timedelta(days=365))
    response = client.get(f"/verifikasi/{code}/")
    body = response.content.decode()
    assert response.status_code == 200
    employee = agen_diskominfo.employee
    assert employee.name in body and "Kompeten" in body and "Siklus Kinerja 2026" in body
    assert "800/RM-07/2026" in body and "Sah" in body and "Masih aktif" in body
    assert employee.nip not in body and employee.agency.name not in body and "91.0" not in body
    data = client.get(f"/api/v1/verifications/{code}/").json()
    assert data["people"][0]["name"] == employee.name and data["details"]["Nilai"] == "Kompeten"
    assert employee.nip not in str(data)


def test_an_ended_designation_shows_as_no_longer_active(proposal, tim_rb, client):
    code = accepted(proposal, tim_rb).verification_code
    today = timezone.localdate()
    done = recognition.proposal_designate(proposal=proposal, by=tim_rb, decree_number="800/RM-08/2026",
                                          decree_date=today, decree_signatory="Wali Kota", term_start=today,
                                          term_end=today + dt.timedelta(days=365))
    agent_end_term(agent=done.role_model, by=tim_rb, reason="Mutasi")
    assert "Tidak aktif lagi" in client.get(f"/verifikasi/{code}/").content.decode()


def test_a_forged_code_answers_404(client):
    assert client.get("/verifikasi/bukan-kode-yang-benar-sama-sekali/").status_code == 404
