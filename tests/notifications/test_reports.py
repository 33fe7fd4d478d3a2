import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from notifications import figures
from notifications.models import EmailPreference, Notification, Report
from notifications.report_services import build_period, period_bounds, report_build, report_deliver
from organization.models import Agency, Employee

pytestmark = pytest.mark.django_db


def sheet_rows(report, sheet):
    with report.xlsx.open("rb") as f:
        workbook = load_workbook(io.BytesIO(f.read()), read_only=True)
    return [list(r) for r in workbook[sheet].iter_rows(min_row=5, values_only=True)]


def pdf_text(report):
    with report.pdf.open("rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


def with_addresses(*users):
    for user in users:
        user.email = f"{user.username}@example.go.id"
        user.save()


# --- periods -----------------------------------------------------------------------------------------------------

def test_without_a_period_the_last_complete_month_and_week_are_reported():
    import datetime as dt

    saturday = dt.date(2026, 11, 28)
    assert period_bounds("monthly", today=saturday) == ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert period_bounds("weekly_digest", today=saturday) == ("2026-W47", dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    monday = dt.date(2026, 11, 30)
    assert period_bounds("weekly_digest", today=monday)[0] == "2026-W48"


@pytest.mark.parametrize(("kind", "label"), [("monthly", "2026-13"), ("monthly", "November"),
                                             ("weekly_digest", "2026-W60"), ("weekly_digest", "2026-11")])
def test_a_malformed_period_is_refused_with_the_expected_format(kind, label):
    with pytest.raises(ValidationError) as error:
        period_bounds(kind, label)
    assert "mis." in error.value.message_dict["period"][0]


def test_a_period_that_has_not_started_is_refused():
    with pytest.raises(ValidationError):
        period_bounds("monthly", "2099-01")


# --- figures -----------------------------------------------------------------------------------------------------

def test_figures_work_before_the_other_apps_land(monkeypatch, diskominfo):
    for name in ("agent_selectors", "forum_selectors", "evaluation_selectors"):
        monkeypatch.setattr(figures, name, None)
    import datetime as dt

    data = figures.build_figures(agency_ids=[diskominfo.pk], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    assert data["employees"]["total"] == Employee.objects.active().filter(agency=diskominfo).count()
    assert list(data["agencies"]) == [str(diskominfo.pk)]
    assert data["agents"] == {"available": False}
    assert data["forums"] == {"available": False} and data["evaluations"] == {"available": False}


def test_a_failing_selector_marks_its_section_unavailable_and_logs_it(monkeypatch, diskominfo, caplog):
    import datetime as dt
    import types

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(figures, "forum_selectors", types.SimpleNamespace(activity_summary=broken))
    data = figures.build_figures(agency_ids=[diskominfo.pk], start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    assert data["forums"] == {"available": False, "error": True}
    assert "section forums failed" in caplog.text


def test_city_figures_cover_every_agency(fake_selectors):
    import datetime as dt

    data = figures.build_figures(agency_ids=None, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    assert len(data["agencies"]) == Agency.objects.top_level().count()
    assert data["agents"]["total"]["agents"] == 14
    assert data["forums"]["topics"] == 7 and data["forums"]["posts"] == 38
    assert data["evaluations"]["cycle"] == {"id": 7, "name": "Evaluasi 360° Semester II 2026"}


# --- files -------------------------------------------------------------------------------------------------------

def test_an_agency_monthly_report_shows_its_figures_in_the_xlsx_and_the_pdf(fake_selectors, media_root, diskominfo):
    report = report_build(kind="monthly", agency_id=diskominfo.pk, period_label="2026-10")
    employees = Employee.objects.active().filter(agency=diskominfo).count()

    summary = {r[0]: r[1] for r in sheet_rows(report, "Ringkasan")}
    assert summary["Pegawai aktif"] == employees
    assert summary["Agen perubahan aktif"] == 10 and summary["Kuota agen"] == 12
    assert summary["Nominasi: Diajukan"] == 3 and summary["Nominasi: Didukung kepala PD"] == 1
    assert summary["Proyek terintegrasi (%)"] == 25.0 and summary["Predikat ZI"] == "WBK"
    assert summary["Topik forum baru"] == 5 and summary["Tanggapan forum baru"] == 31
    assert summary["Tingkat respons (%)"] == 87.5 and summary["Skor BerAKHLAK"] == 81.2
    [agency_row] = sheet_rows(report, "Perangkat daerah")
    assert agency_row[:4] == [diskominfo.name, employees, 10, 12]
    [scores] = sheet_rows(report, "Evaluasi")
    assert scores == [diskominfo.name, 87.5, 81.2, 77.0]

    text = pdf_text(report)
    assert f"Laporan bulanan Agen Perubahan — {diskominfo}" in text
    assert "Periode 2026-10: 1 Oktober 2026 s.d. 31 Oktober 2026" in text
    assert "Agen perubahan aktif" in text and "87,5" in text and "81,2" in text and diskominfo.name in text
    assert report.figures["agents"]["total"]["agents"] == 10


def test_the_city_report_has_one_row_per_agency(fake_selectors, media_root, diskominfo, dinkes):
    report = report_build(kind="monthly", agency_id=None, period_label="2026-10")
    rows = {r[0]: r for r in sheet_rows(report, "Perangkat daerah")}
    assert len(rows) == Agency.objects.top_level().count()
    assert rows[diskominfo.name][2] == 10 and rows[dinkes.name][2] == 4
    nominations = {r[0]: r[1:] for r in sheet_rows(report, "Nominasi")}
    assert nominations[dinkes.name] == [1, 3]  # endorsed, submitted (sorted by status code)
    assert "Seluruh kota" in pdf_text(report)


def test_a_report_without_the_other_apps_still_renders(monkeypatch, media_root, diskominfo):
    for name in ("agent_selectors", "forum_selectors", "evaluation_selectors"):
        monkeypatch.setattr(figures, name, None)
    report = report_build(kind="weekly_digest", agency_id=diskominfo.pk, period_label="2026-W47")
    summary = {r[0]: r[1] for r in sheet_rows(report, "Ringkasan")}
    assert summary["Agen perubahan"] == "Data belum tersedia."
    assert "Data belum tersedia." in pdf_text(report)


def test_rebuilding_a_period_replaces_the_report_and_its_files(fake_selectors, media_root, diskominfo):
    first = report_build(kind="monthly", agency_id=diskominfo.pk, period_label="2026-10")
    old_pdf = first.pdf.path
    second = report_build(kind="monthly", agency_id=diskominfo.pk, period_label="2026-10")
    assert second.pk == first.pk and Report.objects.count() == 1
    assert second.pdf.path != old_pdf


# --- delivery ----------------------------------------------------------------------------------------------------

def test_the_weekly_digest_goes_once_to_the_agencys_kepala_in_html_and_text(
        fake_selectors, media_root, diskominfo, kepala_diskominfo, kepala_dinkes, run_on_commit):
    with_addresses(kepala_diskominfo, kepala_dinkes)
    report = report_build(kind="weekly_digest", agency_id=diskominfo.pk, period_label="2026-W47")
    with run_on_commit():
        assert report_deliver(report=report) == 1
    with run_on_commit():
        assert report_deliver(report=report) == 0
    assert [m.to for m in mail.outbox] == [[kepala_diskominfo.email]]
    message = mail.outbox[0]
    assert "Ringkasan mingguan Agen Perubahan" in message.subject and "2026-W47" in message.subject
    assert "- Agen perubahan aktif: 10" in message.body and "/notifications/laporan/" in message.body
    html = message.alternatives[0][0]
    assert "Agen perubahan aktif" in html and f"/notifications/laporan/{report.pk}/pdf/" in html
    note = Notification.objects.get(recipient=kepala_diskominfo, kind="weekly_digest")
    assert note.url == reverse("notifications:reports") and note.email_status == Notification.EmailStatus.SENT


def test_the_city_digest_goes_to_pimpinan_and_tim_rb(fake_selectors, media_root, sekda, tim_rb, kepala_diskominfo,
                                                      run_on_commit):
    with_addresses(sekda, tim_rb, kepala_diskominfo)
    report = report_build(kind="weekly_digest", agency_id=None, period_label="2026-W47")
    with run_on_commit():
        report_deliver(report=report)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sekda.email, tim_rb.email])


def test_a_leader_who_turned_off_digests_gets_the_in_app_note_only(
        fake_selectors, media_root, diskominfo, kepala_diskominfo, run_on_commit):
    with_addresses(kepala_diskominfo)
    EmailPreference.objects.create(user=kepala_diskominfo, digests=False)
    report = report_build(kind="weekly_digest", agency_id=diskominfo.pk, period_label="2026-W47")
    with run_on_commit():
        report_deliver(report=report)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=kepala_diskominfo, kind="weekly_digest").exists()


def test_the_monthly_report_is_announced_once_with_a_link_to_the_reports_page(
        media_root, diskominfo, kepala_diskominfo, run_on_commit):
    with_addresses(kepala_diskominfo)
    with run_on_commit():
        build_period(kind="monthly", period_label="2026-10", agency_ids=[diskominfo.pk])
        build_period(kind="monthly", period_label="2026-10", agency_ids=[diskominfo.pk])
    assert len(mail.outbox) == 1
    assert "Laporan bulanan 2026-10 tersedia" in mail.outbox[0].subject
    assert "/notifications/laporan/" in mail.outbox[0].body


def test_build_reports_builds_the_city_and_every_agency_and_can_run_twice(media_root, capsys, run_on_commit):
    from notifications.report_services import report_recipients, report_scopes

    with run_on_commit():
        call_command("build_reports", "--period", "2026-10")
        call_command("build_reports", "--period", "2026-10")
    agencies = Agency.objects.top_level().active().count()
    assert Report.objects.filter(kind="monthly", period_label="2026-10").count() == agencies + 1
    assert Report.objects.filter(agency__isnull=True).count() == 1
    assert "laporan dibuat" in capsys.readouterr().out
    # Each leader is told once, although the command ran twice.
    leaders = sum(len(report_recipients(scope)) for scope in report_scopes())
    assert leaders > 0 and Notification.objects.filter(kind="report_monthly").count() == leaders


def test_build_reports_weekly_and_a_bad_period(media_root, run_on_commit, diskominfo):
    with pytest.raises(CommandError, match="TTTT-BB"):
        call_command("build_reports", "--period", "2026/10")
    from notifications import tasks

    with run_on_commit():
        tasks.build_report.delay("weekly_digest", diskominfo.pk, "2026-W47")
    assert Report.objects.get(kind="weekly_digest", agency=diskominfo).period_start.isoformat() == "2026-11-16"


# --- who sees what -----------------------------------------------------------------------------------------------

@pytest.fixture
def three_reports(media_root, diskominfo, dinkes):
    return {
        "diskominfo": report_build(kind="monthly", agency_id=diskominfo.pk, period_label="2026-10"),
        "dinkes": report_build(kind="monthly", agency_id=dinkes.pk, period_label="2026-10"),
        "city": report_build(kind="monthly", agency_id=None, period_label="2026-10"),
    }


def test_kepala_sees_and_downloads_only_their_agencys_reports(login, kepala_diskominfo, three_reports):
    client = login(kepala_diskominfo)
    page = client.get(reverse("notifications:reports")).context["page"]
    assert [r.pk for r in page.object_list] == [three_reports["diskominfo"].pk]
    response = client.get(reverse("notifications:report_download", args=[three_reports["diskominfo"].pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for other in ("dinkes", "city"):
        url = reverse("notifications:report_download", args=[three_reports[other].pk, "xlsx"])
        assert client.get(url).status_code == 404


def test_pimpinan_and_tim_rb_see_every_report(login, sekda, tim_rb, three_reports):
    for user in (sekda, tim_rb):
        page = login(user).get(reverse("notifications:reports")).context["page"]
        assert {r.pk for r in page.object_list} == {r.pk for r in three_reports.values()}
        url = reverse("notifications:report_download", args=[three_reports["city"].pk, "xlsx"])
        assert login(user).get(url).status_code == 200


def test_others_get_404_for_the_reports_page_and_files(login, operator_diskominfo, pegawai_diskominfo, agen_diskominfo,
                                                       three_reports):
    for user in (operator_diskominfo, pegawai_diskominfo, agen_diskominfo):
        client = login(user)
        assert client.get(reverse("notifications:reports")).status_code == 404
        url = reverse("notifications:report_download", args=[three_reports["diskominfo"].pk, "pdf"])
        assert client.get(url).status_code == 404


def test_city_readers_filter_reports_by_agency_and_city(login, sekda, diskominfo, three_reports):
    client = login(sekda)
    page = client.get(reverse("notifications:reports") + f"?agency={diskominfo.pk}").context["page"]
    assert [r.pk for r in page.object_list] == [three_reports["diskominfo"].pk]
    page = client.get(reverse("notifications:reports") + "?city=1").context["page"]
    assert [r.pk for r in page.object_list] == [three_reports["city"].pk]
    response = client.get(reverse("notifications:reports") + "?period=2099")
    assert "Tidak ada laporan yang cocok" in response.content.decode()


def test_the_reports_api_follows_the_same_scope(api, kepala_diskominfo, sekda, pegawai_diskominfo, three_reports):
    data = api(kepala_diskominfo).get("/api/v1/reports/").json()
    assert [r["id"] for r in data["results"]] == [three_reports["diskominfo"].pk]
    assert data["results"][0]["pdf_url"].endswith(f"/api/v1/reports/{three_reports['diskominfo'].pk}/pdf/")
    assert api(kepala_diskominfo).get(f"/api/v1/reports/{three_reports['city'].pk}/").status_code == 404
    detail = api(sekda).get(f"/api/v1/reports/{three_reports['city'].pk}/").json()
    assert detail["scope"] == "Seluruh kota" and "employees" in detail["figures"]
    response = api(sekda).get(f"/api/v1/reports/{three_reports['dinkes'].pk}/xlsx/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    assert api(pegawai_diskominfo).get("/api/v1/reports/").json()["count"] == 0
    assert api(pegawai_diskominfo).get(f"/api/v1/reports/{three_reports['diskominfo'].pk}/pdf/").status_code == 404


def _many_reports(n):
    agencies = list(Agency.objects.top_level().order_by("pk")[:n])
    Report.objects.bulk_create([Report(kind="monthly", agency=a, period_label="2026-10", period_start="2026-10-01",
                                       period_end="2026-10-31", pdf="reports/x.pdf", xlsx="reports/x.xlsx")
                                for a in agencies])


@pytest.mark.parametrize("size", [2, 20])
def test_the_reports_page_and_api_run_a_fixed_number_of_queries(login, api, sekda, size, django_assert_num_queries):
    _many_reports(size)
    client = login(sekda)
    # session, user, role assignments, unread count, agency choices, count, rows, and the institution (cold cache)
    with django_assert_num_queries(8):
        assert client.get(reverse("notifications:reports")).status_code == 200
    with django_assert_num_queries(3):  # role assignments, count, rows
        assert api(sekda).get("/api/v1/reports/").json()["count"] == size


def test_leaders_get_a_laporan_menu_entry_and_others_do_not(login, kepala_diskominfo, pegawai_diskominfo):
    url = reverse("notifications:reports")
    assert any(i["url"] == url for i in login(kepala_diskominfo).get("/").context["nav_items"])
    assert not any(i["url"] == url for i in login(pegawai_diskominfo).get("/").context["nav_items"])


def test_the_report_pdf_prints_markup_in_agency_names_literally(fake_selectors, media_root, diskominfo):
    from tests.pdf_checks import PAYLOADS, assert_literal

    diskominfo.name = f"Dinas {PAYLOADS['link']} {PAYLOADS['unbalanced']}"
    diskominfo.save()
    report = report_build(kind="monthly", agency_id=diskominfo.pk, period_label="2026-10")
    with report.pdf.open("rb") as f:
        assert_literal(f.read(), PAYLOADS["link"])


def test_formula_like_agency_names_are_text_in_the_report_workbook(fake_selectors, media_root, diskominfo):
    """Issue 14: the report workbook writes names as text, never as live formulas."""
    Agency.objects.filter(pk=diskominfo.pk).update(name="=HYPERLINK(\"https://evil.example\",\"x\")")
    report = report_build(kind="monthly", agency_id=None, period_label="2026-10")
    with report.xlsx.open("rb") as f:
        workbook = load_workbook(io.BytesIO(f.read()))
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "=HYPERLINK(\"https://evil.example\",\"x\")" and c.quotePrefix for c in cells)
