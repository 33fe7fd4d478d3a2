"""Selection minutes (versioned, never overwritten), the SK draft (names, NIP, QR codes), the signed SK upload,
the public verification page (no NIP, unknown codes answer 404) and who may do what."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agents import services as agent_services
from agents.models import ChangeAgent, Nomination
from documents import permissions, services
from documents.models import AppointmentCode, Document
from documents.selectors import documents_for
from tests.pdf_checks import read, text_of

from .conftest import PDF, close_vote, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(voting_period, nominate, second_panel_member, pegawai_diskominfo):
    """Two endorsed Diskominfo candidates, scored by the panel, one voted for; the vote then closed."""
    first, second = (nominate("endorsed", on_period=voting_period) for _ in range(2))
    score_all(first, second_panel_member, 5)
    score_all(second, second_panel_member, 3)
    agent_services.vote_cast(period=voting_period, by=pegawai_diskominfo, nomination_id=first.pk)
    return close_vote(voting_period), first, second


@pytest.fixture
def appointed(scored, tim_rb, django_capture_on_commit_callbacks):
    period, first, second = scored
    services.scoring_close(period=period, by=tim_rb)
    with django_capture_on_commit_callbacks(execute=True):
        agent_services.nomination_approve(nomination=first, by=tim_rb, decree_number="800/12/BKPSDM/2026",
                                          decree_date=timezone.localdate())
    return period, ChangeAgent.objects.get(nomination=first), second


def test_closing_the_scoring_issues_the_minutes_with_scores_votes_and_ranking(scored, tim_rb):
    period, first, second = scored
    minutes = services.scoring_close(period=period, by=tim_rb)
    assert (minutes.kind, minutes.version, minutes.superseded_by_id) == (Document.Kind.MINUTES, 1, None)
    text = text_of(minutes.file.read())
    assert "Berita Acara Seleksi" in text and period.name in text
    assert first.candidate.name in text and second.candidate.name in text
    assert "panel.dua" in text  # the panel member present
    assert "Konflik kepentingan" in text
    assert text.index(first.candidate.name) < text.index(second.candidate.name)  # ranked
    assert "Suara" in text and "100,00" in text


def test_a_changed_decision_reissues_the_minutes_as_a_new_version(appointed, tim_rb, django_capture_on_commit_callbacks):
    period, agent, second = appointed
    versions = list(Document.objects.filter(period=period, kind=Document.Kind.MINUTES).order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert versions[0].superseded_by_id == versions[1].pk and versions[0].file.name != versions[1].file.name
    assert "Ditetapkan" in text_of(versions[1].file.read()) and "Belum diputuskan" in text_of(versions[0].file.read())
    with django_capture_on_commit_callbacks(execute=True):
        agent_services.nomination_reject(nomination=second, by=tim_rb, reason="Belum ada contoh perubahan nyata.")
    latest = Document.objects.filter(period=period, kind=Document.Kind.MINUTES).current().get()
    assert latest.version == 3 and "Belum ada contoh perubahan nyata." in text_of(latest.file.read())


def test_the_sk_draft_lists_the_names_with_nip_and_carries_qr_codes(appointed, tim_rb):
    period, agent, _second = appointed
    services.decree_text_save(period=period, by=tim_rb, number="800/77/BKPSDM/2026", date=timezone.localdate(),
                              menimbang="bahwa perlu ditetapkan agen perubahan <b>uji</b>;",
                              mengingat="Peraturan Menteri PANRB Nomor 27 Tahun 2014;")
    draft = services.decree_draft(period=period, by=tim_rb)
    content = draft.file.read()
    text = text_of(content)
    assert "Menimbang" in text and "Mengingat" in text and "MEMUTUSKAN" in text
    assert "<b>uji</b>" in text  # user text printed literally
    assert agent.employee.name in text and agent.employee.nip in text and agent.agency.name in text
    assert "800/77/BKPSDM/2026" in text
    # QR codes are drawn as many small filled rectangles: one for the SK, one per appointment.
    streams = [page.get_contents().get_data() for page in read(content).pages]
    assert all(len(re.findall(rb" re\b", s)) > 200 for s in streams)
    assert AppointmentCode.objects.filter(document=draft, agent=agent).exists()
    assert len(draft.verification_code) >= 32


def test_no_sk_draft_before_anyone_is_appointed(scored, tim_rb):
    with pytest.raises(ValidationError):
        services.decree_draft(period=scored[0], by=tim_rb)


def test_only_tim_rb_drafts_and_uploads(appointed, operator_diskominfo, tim_rb):
    period = appointed[0]
    assert permissions.can_draft_decree(tim_rb) and not permissions.can_draft_decree(operator_diskominfo)
    with pytest.raises(PermissionDenied):
        services.decree_draft(period=period, by=operator_diskominfo)
    with pytest.raises(PermissionDenied):
        services.scoring_close(period=period, by=operator_diskominfo)


def _upload(content=PDF, name="sk.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_signed_sk_must_be_a_pdf_by_its_content(appointed, tim_rb, settings):
    period = appointed[0]
    with pytest.raises(ValidationError) as exc:
        services.decree_signed_upload(period=period, by=tim_rb, upload=_upload(b"<html>not a pdf</html>"),
                                      number="800/1", date=timezone.localdate())
    assert services.NOT_A_PDF in str(exc.value)
    settings.MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError) as exc:
        services.decree_signed_upload(period=period, by=tim_rb, upload=_upload(), number="800/1",
                                      date=timezone.localdate())
    assert "terlalu besar" in str(exc.value)
    assert not Document.objects.filter(kind=Document.Kind.SK_SIGNED).exists()


def test_the_registry_links_the_signed_sk(appointed, tim_rb, agen_diskominfo, login):
    period, agent, _second = appointed
    url = reverse("documents:agent_decree", args=[agent.pk])
    assert login(tim_rb).get(url).status_code == 404  # nothing uploaded yet
    services.decree_signed_upload(period=period, by=tim_rb, upload=_upload(), number="800/12/BKPSDM/2026",
                                  date=timezone.localdate())
    response = login(tim_rb).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert url in login(tim_rb).get(reverse("agents:agent_detail", args=[agent.pk])).content.decode()


def test_the_verification_page_confirms_names_and_status_and_shows_no_nip(appointed, tim_rb, client):
    period, agent, _second = appointed
    services.decree_text_save(period=period, by=tim_rb, number="800/77/BKPSDM/2026", date=timezone.localdate(),
                              menimbang="bahwa …", mengingat="Permen PANRB 27/2014")
    draft = services.decree_draft(period=period, by=tim_rb)
    page = client.get(reverse("verify", args=[draft.verification_code]))
    html = page.content.decode()
    assert page.status_code == 200
    # The period's term starts after the nominations close: the appointment is confirmed as upcoming, not active.
    assert agent.employee.name in html and "800/77/BKPSDM/2026" in html and "Akan bertugas mulai" in html
    assert agent.employee.nip not in html and str(agent.nomination.score_total) not in html
    code = AppointmentCode.objects.get(document=draft, agent=agent).code
    agent_services.agent_end_term(agent=agent, by=tim_rb, ended_on=timezone.localdate(), reason="Mutasi.")
    html = client.get(reverse("verify", args=[code])).content.decode()
    assert agent.employee.name in html and "Tidak aktif lagi" in html and agent.employee.nip not in html


def test_an_unknown_or_forged_code_answers_404_in_indonesian(appointed, tim_rb, client, api):
    draft = services.decree_draft(period=appointed[0], by=tim_rb)
    forged = draft.verification_code[:-1] + ("A" if draft.verification_code[-1] != "A" else "B")
    page = client.get(reverse("verify", args=[forged]))
    assert page.status_code == 404 and "Kode verifikasi tidak dikenal" in page.content.decode()
    assert api().get(f"/api/v1/verifications/{forged}/").status_code == 404
    body = api().get(f"/api/v1/verifications/{draft.verification_code}/").json()
    assert "nip" not in str(body).lower() and body["people"][0]["name"] == appointed[1].employee.name


def test_minutes_codes_are_not_verifiable_publicly(appointed, client):
    minutes = Document.objects.filter(kind=Document.Kind.MINUTES).first()
    assert client.get(reverse("verify", args=[minutes.verification_code])).status_code == 404


def test_the_verification_page_is_rate_limited(client, settings, monkeypatch):
    from documents import views

    monkeypatch.setattr(views, "VERIFY_RATE", 2)
    answers = [client.get(reverse("verify", args=["tidak-ada"])).status_code for _ in range(3)]
    assert answers == [404, 404, 429]


def test_documents_for_gives_the_current_versions_of_a_period(appointed, diskominfo):
    period = appointed[0]
    found = list(documents_for(agency=diskominfo, period=period))
    assert [(d.kind, d.version) for d in found] == [(Document.Kind.MINUTES, 2)]


def test_minutes_and_drafts_are_for_city_readers_signed_sk_for_staff(appointed, tim_rb, operator_diskominfo,
                                                                     pegawai_diskominfo, login):
    period = appointed[0]
    signed = services.decree_signed_upload(period=period, by=tim_rb, upload=_upload(), number="800/12",
                                           date=timezone.localdate())
    minutes = Document.objects.filter(kind=Document.Kind.MINUTES).first()
    operator = login(operator_diskominfo)
    assert operator.get(reverse("documents:download", args=[minutes.pk])).status_code == 404
    assert operator.get(reverse("documents:download", args=[signed.pk])).status_code == 200
    assert login(pegawai_diskominfo).get(reverse("documents:download", args=[signed.pk])).status_code == 404
    assert login(tim_rb).get(reverse("documents:download", args=[minutes.pk])).status_code == 200


def test_the_period_documents_page_runs_the_whole_path(scored, tim_rb, login, nominate):
    period, first, _second = scored
    client = login(tim_rb)
    url = reverse("documents:period_documents", args=[period.pk])
    assert client.post(url, {"action": "close"}).status_code == 302
    agent_services.nomination_approve(nomination=Nomination.objects.get(pk=first.pk), by=tim_rb,
                                      decree_number="800/12", decree_date=timezone.localdate())
    assert client.post(url, {"action": "text", "sk-number": "800/12", "sk-date": timezone.localdate().isoformat(),
                             "sk-menimbang": "bahwa …", "sk-mengingat": "Permen"}).status_code == 302
    assert client.post(url, {"action": "draft"}).status_code == 302
    bad = client.post(url, {"action": "upload", "signed-number": "800/12",
                            "signed-date": timezone.localdate().isoformat(),
                            "signed-file": _upload(b"GIF89a not a pdf", "sk.pdf")})
    assert bad.status_code == 400 and "Berkas SK harus PDF" in bad.content.decode()
    assert client.post(url, {"action": "upload", "signed-number": "800/12",
                             "signed-date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
                             "signed-file": _upload()}).status_code == 302
    kinds = set(Document.objects.filter(period=period).values_list("kind", flat=True))
    assert kinds == {Document.Kind.MINUTES, Document.Kind.SK_DRAFT, Document.Kind.SK_SIGNED}
    page = client.get(url).content.decode()
    assert "SK bertanda tangan" in page


def test_the_documents_page_lists_in_a_fixed_number_of_queries(appointed, tim_rb, login,
                                                              django_assert_max_num_queries):
    period = appointed[0]
    client = login(tim_rb)
    url = reverse("documents:period_documents", args=[period.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _ in range(5):
        services.decree_draft(period=period, by=tim_rb)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
