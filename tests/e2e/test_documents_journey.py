"""In Chromium: staff vote → the panel's scores → Tim RB closes the scoring (minutes) → SK text and draft → signed
SK upload → anyone checks the QR code's page without signing in (no NIP there)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agents import services
from agents.models import ChangeAgent, Nomination, ProgramPeriod
from documents.models import Document
from organization.models import Role, RoleAssignment, User
from tests.agents.conftest import JUSTIFICATION, make_employee

from .conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def voting_period(tim_rb) -> ProgramPeriod:
    today, now = timezone.localdate(), timezone.now()
    return services.period_save(period=ProgramPeriod(
        name="Periode Pilihan Pegawai", nomination_opens=today - dt.timedelta(days=5),
        nomination_closes=today + dt.timedelta(days=20), term_start=today + dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=395), employee_types=["PNS"], vote_enabled=True,
        vote_opens=now - dt.timedelta(hours=1), vote_closes=now + dt.timedelta(hours=3), vote_weight=20), by=tim_rb)


def endorsed(period, agency, name) -> Nomination:
    users = {u.username: u for u in User.objects.select_related("employee").filter(
        username__in=["operator.diskominfo", "kepala.diskominfo"])}
    nomination = services.nomination_create(by=users["operator.diskominfo"], period=period,
                                            candidate=make_employee(agency, name=name), justification=JUSTIFICATION)
    services.nomination_submit(nomination=nomination, by=users["operator.diskominfo"])
    services.nomination_endorse(nomination=nomination, by=users["kepala.diskominfo"])
    return Nomination.objects.get(pk=nomination.pk)


def test_vote_scoring_minutes_sk_draft_signed_upload_and_public_check(live, new_page, browser):
    tim_rb = User.objects.select_related("employee").get(username="tim.rb")
    voter = User.objects.select_related("employee").get(username="pegawai.diskominfo")
    period = voting_period(tim_rb)
    first = endorsed(period, voter.employee.agency, "Rina Pilihan")
    endorsed(period, voter.employee.agency, "Budi Kedua")
    base = live.url

    # 1. An employee reads the shortlist (work programme) and votes once; turnout counts it, results stay hidden.
    page = new_page("pegawai.diskominfo")
    page.goto(f"{base}/agents/periode/{period.pk}/pemungutan-suara/")
    expect(page.get_by_text("Program kerja").first).to_be_visible()
    page.get_by_role("button", name="Pilih Rina Pilihan").click()
    expect(page.get_by_text("Anda sudah memberikan suara").first).to_be_visible()
    expect(page.locator("#turnout")).to_contain_text("Partisipasi: 1 dari")
    expect(page.locator("#vote-results")).to_have_count(0)
    screenshot(page, "documents-01-vote")

    # 2. The window closes; a panel member (not of Diskominfo) scores both candidates.
    ProgramPeriod.objects.filter(pk=period.pk).update(vote_closes=timezone.now() - dt.timedelta(minutes=1))
    panel = User.objects.create_user("panel.e2e", password="x")
    RoleAssignment.objects.create(user=panel, role=Role.TIM_RB)
    panel = User.objects.get(pk=panel.pk)
    for n, value in ((first, 4), (Nomination.objects.exclude(pk=first.pk).get(period=period), 3)):
        services.nomination_score(nomination=n, by=panel, scores={c.pk: (value, "") for c in period.criteria.all()})

    # 3. Tim RB closes the scoring: the minutes appear as version 1.
    page = new_page("tim.rb")
    page.goto(f"{base}/agents/periode/{period.pk}/")
    page.get_by_role("link", name="Dokumen seleksi").click()
    page.get_by_role("button", name="Tutup penilaian dan terbitkan berita acara").click()
    expect(page.locator("#documents")).to_contain_text("Berita acara seleksi")

    # 4. Approves the first candidate, writes the SK text and drafts the SK.
    services.nomination_approve(nomination=Nomination.objects.get(pk=first.pk), by=tim_rb,
                                decree_number="800/16/BKPSDM/2026", decree_date=timezone.localdate())
    page.reload()
    page.fill("#id_sk-number", "800/16/BKPSDM/2026")
    page.fill("#id_sk-date", timezone.localdate().isoformat())
    page.get_by_role("button", name="Simpan teks SK").click()
    expect(page.get_by_text("Teks SK disimpan.")).to_be_visible()
    page.get_by_role("button", name="Buat draf SK (PDF)").click()
    expect(page.locator("#documents")).to_contain_text("Draf SK")

    # 5. Uploads the signed SK (a PDF); the registry's agent page links it.
    ARTIFACTS.mkdir(exist_ok=True)
    signed = ARTIFACTS / "sk-ditandatangani.pdf"
    signed.write_bytes(PDF)
    page.set_input_files("#id_signed-file", str(signed))
    page.get_by_role("button", name="Unggah SK").click()
    expect(page.locator("#documents")).to_contain_text("SK bertanda tangan")
    screenshot(page, "documents-02-period-documents")
    agent = ChangeAgent.objects.select_related("employee").get(nomination=first)
    page.goto(f"{base}/agents/daftar/{agent.pk}/")
    expect(page.get_by_role("link", name="Unduh SK bertanda tangan")).to_be_visible()

    # 6. Anyone scanning the SK's QR code sees the number, the names and the status; never the NIP.
    draft = Document.objects.get(period=period, kind=Document.Kind.SK_DRAFT)
    public = browser.new_context(locale="id-ID").new_page()
    public.goto(f"{base}/verifikasi/{draft.verification_code}/")
    expect(public.locator("#verify-ok")).to_be_visible()
    expect(public.locator("#verify-people")).to_contain_text("Rina Pilihan")
    expect(public.locator("#verify-people")).to_contain_text("Akan bertugas mulai")
    assert agent.employee.nip not in public.content()
    public.goto(f"{base}/verifikasi/{draft.verification_code[:-2]}xx/")
    expect(public.locator("#verify-unknown")).to_be_visible()
    screenshot(public, "documents-03-verification")
    public.context.close()
