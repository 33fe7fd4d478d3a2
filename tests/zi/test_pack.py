import csv
import io
import zipfile

import pytest
from django.urls import reverse

from zi import pack
from zi.models import PackBuild

pytestmark = pytest.mark.django_db


def _url(agency, period):
    return f"/api/v1/agencies/{agency.pk}/zi-pack/?period={period.pk}"


def _build(api, user, agency, period, capture):
    with capture(execute=True):
        queued = api(user).get(_url(agency, period))
    assert queued.status_code == 202, queued.content
    done = api(user).get(_url(agency, period))
    assert done.status_code == 200, done.content
    assert done["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(done.streaming_content)))


def _csv(zf, name):
    return list(csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"))))


def test_the_pack_holds_every_decree_report_and_evidence_file_and_no_individual_result(
        world, diskominfo, period, api, kepala_diskominfo, django_capture_on_commit_callbacks, monkeypatch):
    from evaluations import selectors as ev

    monkeypatch.setattr(ev, "latest_published_cycle", lambda **kw: "Siklus 360 uji")
    monkeypatch.setattr(ev, "cycle_summary", lambda *, cycle, agency_ids: {"response_rate": 70.0, "scores": {},
        "by_agency": {diskominfo.pk: {"response_rate": 72.5, "scores": {"INT": 81.0, "KOL": None}}}})
    zf = _build(api, kepala_diskominfo, diskominfo, period, django_capture_on_commit_callbacks)
    names = zf.namelist()
    assert pack.INDEX_NAME in names and zf.read(pack.INDEX_NAME).startswith(b"%PDF")
    assert "01-lke/lke-area-1.xlsx" in names

    decrees = _csv(zf, "02-sk/daftar-sk-agen-dan-role-model.csv")
    listed = {row[3] + row[2] for row in decrees[1:]}
    for agent in [*world["agents"], world["role_model"]]:
        assert agent.decree_number + agent.employee.nip in listed

    reports = _csv(zf, "03-rencana-aksi/laporan-bulanan.csv")
    assert {int(row[0]) for row in reports[1:]} == {r.pk for r in world["reports"]}
    assert all(not row[6].startswith("=") for row in reports[1:])  # formulas neutralised
    for ev_file in world["files"]:
        assert any(n.endswith(f"/{ev_file.pk}-{ev_file.original_name}") for n in names)
    assert sum(n.endswith("rencana-aksi-dan-laporan.pdf") for n in names) == len(world["projects"])
    assert "04-perubahan/perubahan-dan-integrasi.csv" in names

    summary = _csv(zf, "05-penilaian-360/ringkasan-perangkat-daerah.csv")
    assert summary[0] == ["Siklus 360 uji", diskominfo.name] and summary[1][1] == "72.5"
    people = [a.employee.name for a in world["agents"]]
    text_360 = zf.read("05-penilaian-360/ringkasan-perangkat-daerah.csv").decode()
    assert not any(name in text_360 for name in people)
    assert [n for n in names if n.startswith("05-")] == ["05-penilaian-360/ringkasan-perangkat-daerah.csv"]

    build = PackBuild.objects.get(agency=diskominfo, period=period)
    assert (build.status, build.progress, build.files_count) == ("done", 100, len(names))


def test_a_registered_collector_adds_its_documents(world, diskominfo, period, api, tim_rb,
                                                   django_capture_on_commit_callbacks):
    def minutes(agency, period):
        yield "06-berita-acara/ba-seleksi.pdf", b"%PDF-1.4 minutes", "I.4.a"

    pack.register(minutes)
    try:
        zf = _build(api, tim_rb, diskominfo, period, django_capture_on_commit_callbacks)
    finally:
        pack.COLLECTORS.remove(minutes)
    assert zf.read("06-berita-acara/ba-seleksi.pdf") == b"%PDF-1.4 minutes"


def test_the_pack_is_404_outside_the_agency_and_needs_a_period(diskominfo, period, api, kepala_dinkes,
                                                               pegawai_diskominfo, sekda, tim_rb, client):
    for user in (kepala_dinkes, pegawai_diskominfo, sekda):
        assert api(user).get(_url(diskominfo, period)).status_code == 404
    assert api().get(_url(diskominfo, period)).status_code == 403
    bad = api(tim_rb).get(f"/api/v1/agencies/{diskominfo.pk}/zi-pack/?period=x")
    assert bad.status_code == 400 and "period" in bad.json()
    client.force_login(kepala_dinkes)
    assert client.get(reverse("zi:workspace", args=[diskominfo.pk])).status_code == 404


def test_a_build_button_on_the_workspace_queues_one_build_and_shows_its_progress(
        world, diskominfo, period, client, operator_diskominfo, django_capture_on_commit_callbacks):
    client.force_login(operator_diskominfo)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("zi:pack_build", args=[diskominfo.pk]), {"period": period.pk})
    build = PackBuild.objects.get(agency=diskominfo, period=period)
    assert build.status == "done"
    page = client.get(reverse("zi:workspace", args=[diskominfo.pk]) + f"?period={period.pk}").content.decode()
    assert reverse("zi:pack_download", args=[diskominfo.pk, build.pk]) in page
    response = client.get(reverse("zi:pack_download", args=[diskominfo.pk, build.pk]))
    assert response.status_code == 200 and response.streaming


def test_a_lost_build_is_not_waited_for(diskominfo, period, tim_rb):
    import datetime as dt

    from django.utils import timezone

    from zi import services

    lost = PackBuild.objects.create(agency=diskominfo, period=period, status=PackBuild.Status.RUNNING)
    PackBuild.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    fresh = services.pack_request(by=tim_rb, agency=diskominfo, period=period)
    assert fresh.pk != lost.pk
    assert services.pack_request(by=tim_rb, agency=diskominfo, period=period).pk == fresh.pk


def test_the_selection_minutes_and_the_signed_sk_of_the_period_are_in_the_pack(world, diskominfo, period, api, tim_rb,
                                                                              django_capture_on_commit_callbacks,
                                                                              media_root):
    from django.core.files.base import ContentFile

    from documents.models import Document

    minutes = Document(kind=Document.Kind.MINUTES, period=period, version=1)
    minutes.file.save("ba.pdf", ContentFile(b"%PDF-1.4 berita acara"), save=True)
    signed = Document(kind=Document.Kind.SK_SIGNED, period=period, version=1)
    signed.file.save("sk.pdf", ContentFile(b"%PDF-1.4 SK bertanda tangan"), save=True)
    zf = _build(api, tim_rb, diskominfo, period, django_capture_on_commit_callbacks)
    inside = {name: zf.read(name) for name in zf.namelist() if name.startswith("06-dokumen-seleksi/")}
    assert sorted(inside.values()) == [b"%PDF-1.4 SK bertanda tangan", b"%PDF-1.4 berita acara"]
