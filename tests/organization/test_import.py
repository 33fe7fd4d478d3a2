"""Employee import from SIMPEG: upload → preview → confirm → apply, as the agency's HR operator sees it."""

from __future__ import annotations

import csv
import io
from html import unescape

import pytest
from django.urls import reverse

from organization import nip as nip_rules
from organization.importing import reader
from organization.importing.columns import ERR_NIP_AS_NUMBER
from organization.importing.services import ERR_HAS_ERRORS, import_job_create
from organization.models import Employee, ImportJob
from organization.tasks import apply_employee_import

from .import_files import HEADERS, csv_bytes, nip_for, person, team, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

START = reverse("organization:import_start")


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


def preview(client, agency, data: bytes, name: str = "pegawai.csv"):
    """Upload a file; returns (response, job or None)."""
    response = client.post(START, {"agency": agency.pk, "file": upload(data, name)})
    job = ImportJob.objects.order_by("-pk").first() if response.status_code == 302 else None
    return response, job


def confirm(client, job, only_valid=False):
    data = {"only_valid": "on"} if only_valid else {}
    return client.post(reverse("organization:import_confirm", args=[job.pk]), data)


def errors_of(job, row=None):
    return [(e["row"], e["column"], e["message"]) for e in job.errors if row is None or e["row"] == row]


# --- a good file --------------------------------------------------------------------------------------------

def test_operator_previews_a_good_csv_file_and_nothing_is_written_before_confirming(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = team(3)
    response, job = preview(client, diskominfo, csv_bytes(rows))
    assert response.status_code == 302
    assert response["Location"] == reverse("organization:import_detail", args=[job.pk])
    assert (job.status, job.total_rows, job.to_create, job.error_rows) == ("preview", 3, 3, 0)
    assert not Employee.objects.filter(nip__in=[r["NIP"] for r in rows]).exists()
    page = client.get(response["Location"])  # the preview survives a reload: it is stored on the job
    assert page.status_code == 200
    assert rows[1]["NAMA"] in page.content.decode()
    assert "Terapkan impor (3 baru, 0 diubah)" in page.content.decode()


def test_confirming_a_good_file_creates_the_employees_with_units_superiors_and_history(
        login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = team(3)
    _response, job = preview(client, diskominfo, csv_bytes(rows))
    response = confirm(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.confirmed_by) == ("done", 3, 0, operator_diskominfo)
    head = Employee.objects.get(nip=rows[0]["NIP"])
    staff = Employee.objects.get(nip=rows[1]["NIP"])
    assert staff.superior == head
    assert staff.agency == diskominfo and staff.unit.code == "DISKOMINFO-APTIKA"
    assert (staff.rank, staff.position_type, staff.skp_predikat, staff.is_active) == ("III/a", "pelaksana", "baik", True)
    assert staff.appointment_date == nip_rules.parse_nip(staff.nip).appointment_date
    record = staff.history.get()
    assert record.history_user == operator_diskominfo
    assert record.history_change_reason == f"Impor SIMPEG #{job.pk}"
    assert "3 pegawai dibuat" in client.get(response["Location"]).content.decode()


def test_an_xlsx_file_with_lowercase_and_variant_headers_is_read(login, operator_diskominfo, diskominfo):
    rows = team(2)
    written = ["nip baru", "Nama Lengkap", "Jenis Pegawai", "JK", "Tgl. Lahir", "Gol. Ruang", "jenis_jabatan",
               "Jenjang", "Jabatan", "Kode Unit", "NIP Atasan Langsung", "E-mail", "Predikat SKP", "HUKDIS", "Status Aktif"]
    _response, job = preview(login(operator_diskominfo), diskominfo, xlsx_bytes(rows, written, HEADERS), "simpeg.xlsx")
    assert job.file_format == "xlsx"
    assert (job.to_create, job.error_rows) == (2, 0), job.errors


def test_cells_in_the_forms_people_type_are_understood(login, operator_diskominfo, diskominfo):
    row = person(7, GOLONGAN="Penata Muda (III/a)", JENIS_KELAMIN="Perempuan", TANGGAL_LAHIR="",
                 JENIS_JABATAN="Fungsional", JENJANG_JABATAN="Ahli Muda", PREDIKAT_SKP="sangat baik",
                 HUKUMAN_DISIPLIN="tidak", AKTIF="", KODE_UNIT="diskominfo-ikp", NIP="'" + nip_rules.format_nip(nip_for(7, "P")))
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes([row], delimiter=";"))
    assert job.error_rows == 0, job.errors
    confirm(client, job)
    e = Employee.objects.get(nip=nip_for(7, "P"))
    assert (e.rank, e.sex, e.position_type, e.position_level, e.skp_predikat, e.unit.code) == (
        "III/a", "P", "fungsional_keahlian", "ahli_muda", "sangat_baik", "DISKOMINFO-IKP")
    assert e.birth_date == nip_rules.parse_nip(e.nip).birth_date  # an empty birth date is taken from the NIP


def test_a_windows_excel_csv_with_semicolons_and_cp1252_is_read(login, operator_diskominfo, diskominfo):
    rows = [person(11, NAMA="Dédé Suryana")]
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes(rows, delimiter=";", encoding="cp1252"))
    assert (job.to_create, job.error_rows) == (1, 0)
    assert job.preview[0]["name"] == "Dédé Suryana"


def test_a_title_above_the_header_row_is_skipped_and_row_numbers_match_the_sheet(login, operator_diskominfo, diskominfo):
    data = b"DAFTAR PEGAWAI DISKOMINFO\r\n\r\n" + csv_bytes([person(1), person(2, JENIS_KELAMIN="X")])
    _response, job = preview(login(operator_diskominfo), diskominfo, data)
    assert [r["row"] for r in job.preview] == [4, 5]
    assert errors_of(job)[0][:2] == (5, "JENIS_KELAMIN")


# --- bad rows -----------------------------------------------------------------------------------------------

def test_bad_rows_are_reported_with_row_column_and_the_same_message_as_the_form(login, operator_diskominfo, diskominfo):
    good = person(1)
    bad_month = person(2, NIP=nip_for(2, "P")[:12] + "13" + nip_for(2, "P")[14:])
    wrong_sex = person(3, JENIS_KELAMIN="L")           # the NIP says P
    pppk_rank = person(4, JENIS_PEGAWAI="PPPK", GOLONGAN="III/a")
    bad_unit = person(5, KODE_UNIT="GUDANG")
    bad_email = person(6, EMAIL="bukan-email")
    bad_date = person(8, TANGGAL_LAHIR="31-02-1990")
    no_name = person(9, NAMA="")
    _response, job = preview(login(operator_diskominfo), diskominfo,
                             csv_bytes([good, bad_month, wrong_sex, pppk_rank, bad_unit, bad_email, bad_date, no_name]))
    assert (job.to_create, job.error_rows) == (1, 7)
    assert (3, "NIP", str(nip_rules.ERR_APPOINTMENT_MONTH)) in errors_of(job)
    assert (4, "JENIS_KELAMIN", "Jenis kelamin tidak sesuai dengan digit ke-15 NIP.") in errors_of(job)
    assert (5, "GOLONGAN", "Golongan III/a tidak berlaku untuk PPPK.") in errors_of(job)
    assert errors_of(job, 6)[0][1] == "KODE_UNIT" and "APTIKA" in errors_of(job, 6)[0][2]
    assert errors_of(job, 7)[0][1] == "EMAIL"
    assert errors_of(job, 8)[0][1:] == ("TANGGAL_LAHIR", "Tanggal '31-02-1990' tidak ada di kalender (mis. 31 "
                                        "Februari). Periksa tanggal dan bulannya.")
    assert errors_of(job, 9) == [(9, "NAMA", "NAMA wajib diisi untuk pegawai baru.")]


def test_the_preview_page_lists_every_error_row(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes([person(1), person(3, JENIS_KELAMIN="L")]))
    html = client.get(reverse("organization:import_detail", args=[job.pk])).content.decode()
    assert "Jenis kelamin tidak sesuai dengan digit ke-15 NIP." in html
    assert "1 baris bermasalah" in html
    csv_errors = client.get(reverse("organization:import_errors_csv", args=[job.pk])).content.decode("utf-8-sig")
    assert "3;" in csv_errors and "JENIS_KELAMIN" in csv_errors


def test_a_nip_that_excel_turned_into_a_number_gets_a_message_that_says_how_to_fix_it(
        login, operator_diskominfo, diskominfo):
    rows = [person(1, NIP="1.98609E+17")]
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes(rows))
    assert errors_of(job) == [(2, "NIP", str(ERR_NIP_AS_NUMBER))]


def test_a_file_with_errors_writes_nothing_unless_the_operator_imports_only_the_valid_rows(
        login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = [person(1), person(2), person(3, JENIS_KELAMIN="L")]
    _response, job = preview(client, diskominfo, csv_bytes(rows))
    response = confirm(client, job)
    assert response.status_code == 400
    assert str(ERR_HAS_ERRORS % {"n": "1"}) in unescape(response.content.decode())
    assert not Employee.objects.filter(nip__in=[r["NIP"] for r in rows]).exists()
    job.refresh_from_db()
    assert job.status == "preview"

    confirm(client, job, only_valid=True)
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == ("done", 2, 1)
    assert Employee.objects.filter(nip__in=[r["NIP"] for r in rows]).count() == 2


# --- duplicates ---------------------------------------------------------------------------------------------

def test_a_nip_twice_in_the_file_is_an_error_on_both_rows(login, operator_diskominfo, diskominfo):
    rows = [person(1), person(2), person(1, NAMA="Orang Lain")]
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes(rows))
    assert job.error_rows == 2 and job.to_create == 1
    assert {(r, c) for r, c, _m in errors_of(job)} == {(2, "NIP"), (4, "NIP")}
    assert "baris 2, 4" in errors_of(job, 2)[0][2]


def test_a_nip_of_another_agencys_employee_is_an_error(login, operator_diskominfo, diskominfo, dinkes):
    theirs = Employee.objects.filter(agency=dinkes).first()
    rows = [person(1, NIP=theirs.nip, JENIS_KELAMIN=theirs.sex, TANGGAL_LAHIR=theirs.birth_date.strftime("%d-%m-%Y"))]
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes(rows))
    assert job.error_rows == 1
    (row, column, message), = errors_of(job)
    assert (row, column) == (2, "NIP")
    assert "perangkat daerah lain" in message
    assert "Dinkes" not in message and "Kesehatan" not in message  # issue 14: where it is is not the operator's


def test_an_existing_employee_of_the_agency_is_updated_in_the_changed_fields_only(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    existing = Employee.objects.filter(agency=diskominfo, employee_type="PNS", unit__isnull=False).first()
    history_before = existing.history.count()
    row = {"NIP": existing.nip, "NAMA": existing.name, "JENIS_JABATAN": existing.get_position_type_display(),
           "NAMA_JABATAN": "Analis Sistem Informasi", "EMAIL": "", "GOLONGAN": existing.rank}
    _response, job = preview(client, diskominfo, csv_bytes([row], headers=list(row)))
    assert (job.to_update, job.to_create, job.error_rows) == (1, 0, 0), job.errors
    assert job.preview[0]["changes"] == [{"field": "position", "label": "nama jabatan", "old": existing.position,
                                          "new": "Analis Sistem Informasi"}]
    confirm(client, job)
    existing_after = Employee.objects.get(pk=existing.pk)
    assert existing_after.position == "Analis Sistem Informasi"
    assert existing_after.email == existing.email  # an empty cell keeps the current value
    assert existing_after.unit_id == existing.unit_id  # a column not in the file is not touched
    assert existing_after.history.count() == history_before + 1
    assert existing_after.history.first().history_type == "~"


def test_reimporting_the_same_file_changes_nothing(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    data = csv_bytes(team(4))
    _response, first = preview(client, diskominfo, data)
    confirm(client, first)
    before = {e.nip: (e.updated_at, e.history.count()) for e in Employee.objects.filter(nip__in=[r["NIP"] for r in team(4)])}
    _response, again = preview(client, diskominfo, data)
    assert (again.unchanged, again.to_create, again.to_update, again.error_rows) == (4, 0, 0, 0)
    confirm(client, again)
    again.refresh_from_db()
    assert (again.status, again.created_count, again.updated_count) == ("done", 0, 0)
    after = {e.nip: (e.updated_at, e.history.count()) for e in Employee.objects.filter(nip__in=before)}
    assert after == before


# --- superiors ----------------------------------------------------------------------------------------------

def test_a_superior_may_be_an_employee_already_in_the_portal(login, operator_diskominfo, diskominfo):
    head = Employee.objects.get(agency=diskominfo, superior__isnull=False, unit__isnull=True)  # the kepala dinas
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes([person(1, NIP_ATASAN=head.nip)]))
    confirm(client, job)
    assert Employee.objects.get(nip=person(1)["NIP"]).superior == head


def test_unknown_superiors_loops_and_superiors_on_bad_rows_are_errors(login, operator_diskominfo, diskominfo):
    a, b = person(1), person(2)
    a["NIP_ATASAN"], b["NIP_ATASAN"] = b["NIP"], a["NIP"]
    broken_boss = person(3, JENIS_KELAMIN="L")  # an error row
    follower = person(4, NIP_ATASAN=broken_boss["NIP"])
    stranger = person(5, NIP_ATASAN=nip_for(99))
    self_boss = person(6, NIP_ATASAN=nip_for(6))
    _response, job = preview(login(operator_diskominfo), diskominfo,
                             csv_bytes([a, b, broken_boss, follower, stranger, self_boss]))
    assert job.to_create == 0
    messages = {row: message for row, _c, message in errors_of(job)}
    assert "melingkar" in messages[2] and "melingkar" in messages[3]
    assert "baris 4 yang bermasalah" in messages[5]
    assert "tidak ditemukan" in messages[6]
    assert messages[7] == "Pegawai tidak bisa menjadi atasan dirinya sendiri."


# --- the file as a whole ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "name"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "pegawai.csv"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pegawai.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "pegawai.xlsx"),
])
def test_a_file_that_is_not_csv_or_xlsx_is_refused_by_its_content(login, operator_diskominfo, diskominfo, data, name):
    response, job = preview(login(operator_diskominfo), diskominfo, data, name)
    assert response.status_code == 400 and job is None
    errors = " ".join(response.context["form"].errors["file"])
    assert "Jenis file tidak didukung" in errors or "Excel lama (.xls)" in errors


def test_a_zip_that_is_not_a_workbook_is_refused(login, operator_diskominfo, diskominfo):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    response, _job = preview(login(operator_diskominfo), diskominfo, buf.getvalue(), "pegawai.xlsx")
    assert response.status_code == 400
    assert str(reader.ERR_TYPE) in response.context["form"].errors["file"]


def test_a_csv_named_xlsx_is_read_as_csv(login, operator_diskominfo, diskominfo):
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes([person(1)]), "pegawai.xlsx")
    assert (job.file_format, job.to_create) == ("csv", 1)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "File kosong"),
    (b"\xef\xbb\xbf\r\n  \r\n", "File kosong"),
    (csv_bytes([]), "hanya berisi judul kolom"),
    (b"Nama,Alamat\r\nBudi,Bandung\r\n", "Baris judul kolom tidak ditemukan"),
    (csv_bytes([person(1)], headers=["NIP", "NAMA", "GOLONGAN"]), "Kolom wajib tidak ada: JENIS_JABATAN, NAMA_JABATAN"),
])
def test_empty_files_and_missing_headers_get_a_clear_message(login, operator_diskominfo, diskominfo, data, message):
    response, job = preview(login(operator_diskominfo), diskominfo, data)
    assert response.status_code == 400 and job is None
    assert message in " ".join(response.context["form"].errors["file"])


def test_unknown_columns_are_ignored_and_named(login, operator_diskominfo, diskominfo):
    row = person(1, AGAMA="Islam")
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes([row], headers=[*HEADERS, "AGAMA"]))
    assert job.to_create == 1
    assert any("AGAMA" in n for n in job.notices)


# --- scope --------------------------------------------------------------------------------------------------

def test_an_operator_cannot_import_into_another_agency(login, operator_dinkes, diskominfo):
    response, job = preview(login(operator_dinkes), diskominfo, csv_bytes([person(1)]))
    assert response.status_code == 400 and job is None
    assert "agency" in response.context["form"].errors


def test_the_import_service_refuses_another_agency_too(operator_dinkes, diskominfo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_job_create(by=operator_dinkes, agency=diskominfo, upload=upload(csv_bytes([person(1)])))


def test_another_agencys_import_answers_404(login, operator_diskominfo, operator_dinkes, diskominfo):
    _response, job = preview(login(operator_diskominfo), diskominfo, csv_bytes([person(1)]))
    client = login(operator_dinkes)
    for name in ("import_detail", "import_status", "import_errors_csv"):
        assert client.get(reverse(f"organization:{name}", args=[job.pk])).status_code == 404
    assert confirm(client, job).status_code == 404
    assert not Employee.objects.filter(nip=person(1)["NIP"]).exists()


@pytest.mark.parametrize("who", ["kepala_diskominfo", "pegawai_diskominfo", "sekda"])
def test_people_who_do_not_manage_employees_cannot_open_the_import(login, request, who):
    client = login(request.getfixturevalue(who))
    assert client.get(START).status_code == 403
    assert client.get(reverse("organization:import_template", args=["xlsx"])).status_code == 403


def test_an_operator_of_one_agency_does_not_choose_and_an_admin_does(login, operator_diskominfo, admin_user):
    html = login(operator_diskominfo).get(START).content.decode()
    assert 'type="hidden" name="agency"' in html and "Dinas Komunikasi dan Informatika" in html
    assert '<select name="agency"' in login(admin_user).get(START).content.decode()


def test_admin_imports_into_the_agency_they_choose(login, admin_user, dinkes):
    client = login(admin_user)
    _response, job = preview(client, dinkes, csv_bytes([person(1, KODE_UNIT="KESMAS")]))
    confirm(client, job)
    assert Employee.objects.get(nip=person(1)["NIP"]).agency == dinkes


def test_the_employee_list_offers_the_import_to_operators_only(login, operator_diskominfo, kepala_diskominfo):
    assert START in login(operator_diskominfo).get(reverse("organization:employee_list")).content.decode()
    assert START not in login(kepala_diskominfo).get(reverse("organization:employee_list")).content.decode()


# --- background processing ----------------------------------------------------------------------------------

def test_a_large_file_is_applied_in_the_background_with_a_progress_bar(
        login, operator_diskominfo, diskominfo, settings, django_capture_on_commit_callbacks):
    settings.EMPLOYEE_IMPORT_SYNC_MAX_ROWS = 5
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes(team(8)))
    with django_capture_on_commit_callbacks() as callbacks:
        confirm(client, job)
    job.refresh_from_db()
    assert job.status == "queued" and len(callbacks) == 1
    status = client.get(reverse("organization:import_status", args=[job.pk]))
    assert 'hx-trigger="every 2s"' in status.content.decode() and "HX-Refresh" not in status
    page = client.get(reverse("organization:import_detail", args=[job.pk])).content.decode()
    assert 'data-testid="import-progress"' in page

    callbacks[0]()  # the worker runs the task (eager in tests)
    job.refresh_from_db()
    assert (job.status, job.progress, job.created_count) == ("done", 100, 8)
    status = client.get(reverse("organization:import_status", args=[job.pk]))
    assert status["HX-Refresh"] == "true"
    assert Employee.objects.filter(nip__in=[r["NIP"] for r in team(8)]).count() == 8


def test_the_import_task_is_safe_to_run_twice(login, operator_diskominfo, diskominfo, settings):
    settings.EMPLOYEE_IMPORT_SYNC_MAX_ROWS = 1
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes(team(3)))
    confirm(client, job)  # queued; on_commit never fires inside the test transaction
    assert apply_employee_import(job.pk) == "done"
    assert apply_employee_import(job.pk) == "done"
    assert Employee.objects.filter(nip__in=[r["NIP"] for r in team(3)]).count() == 3


def test_data_that_changed_since_the_preview_is_checked_again_before_writing(
        login, operator_diskominfo, diskominfo, dinkes):
    client = login(operator_diskominfo)
    row = person(1)
    _response, job = preview(client, diskominfo, csv_bytes([row, person(2)]))
    assert job.error_rows == 0
    # Meanwhile the same person was registered in Dinkes.
    info = nip_rules.parse_nip(row["NIP"])
    Employee.objects.create(nip=row["NIP"], name="X", sex=info.sex, birth_date=info.birth_date, agency=dinkes,
                            position_type="pelaksana", position="Staf")
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == "preview" and job.error_rows == 1
    assert "berubah sejak pratinjau" in job.message
    assert not Employee.objects.filter(nip=person(2)["NIP"]).exists()


def test_a_second_click_on_apply_does_not_import_twice(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes(team(2)))
    confirm(client, job)
    assert confirm(client, job).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 2)


def test_an_operator_can_cancel_a_preview(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes([person(1)]))
    client.post(reverse("organization:import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled"
    response = confirm(client, job)
    assert response.status_code == 302  # back to the page, with a message: nothing to confirm any more
    assert "tidak lagi menunggu konfirmasi" in unescape(client.get(response["Location"]).content.decode())
    assert not Employee.objects.filter(nip=person(1)["NIP"]).exists()


# --- template -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_downloadable_template_imports_cleanly(login, operator_diskominfo, diskominfo, fmt):
    client = login(operator_diskominfo)
    response = client.get(reverse("organization:import_template", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'templat-impor-pegawai.{fmt}"')
    _response, job = preview(client, diskominfo, response.content, f"templat.{fmt}")
    assert (job.file_format, job.to_create, job.error_rows) == (fmt, 2, 0), job.errors


# --- query counts -------------------------------------------------------------------------------------------

def test_the_import_page_lists_recent_imports_in_a_fixed_number_of_queries(login, operator_diskominfo, diskominfo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(operator_diskominfo)
    preview(client, diskominfo, csv_bytes([person(1)]))
    client.get(START)
    with CaptureQueriesContext(connection) as small:
        client.get(START)
    for i in range(5):
        preview(client, diskominfo, csv_bytes([person(10 + i)]))
    with CaptureQueriesContext(connection) as large:
        response = client.get(START)
    assert len(response.context["recent"]) == 6
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_checking_and_writing_a_file_take_a_few_batched_queries_not_one_per_row(
        operator_diskominfo, diskominfo, media_root):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organization.importing.services import import_job_apply

    counts = []
    for start, size in ((0, 10), (100, 300)):
        job = import_job_create(by=operator_diskominfo, agency=diskominfo, upload=upload(csv_bytes(team(size, start))))
        ImportJob.objects.filter(pk=job.pk).update(status="queued", confirmed_by=operator_diskominfo)
        with CaptureQueriesContext(connection) as ctx:
            import_job_apply(job_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.created_count) == ("done", size)
        counts.append(len(ctx.captured_queries))
    # Only the INSERT batches grow with the file (SQLite takes ~45 rows per INSERT, PostgreSQL 1,000): 300 rows
    # cost a handful of extra batches, never a query per row.
    assert counts[1] - counts[0] <= 2 * (300 // 40)
    assert counts[1] < 50


def test_nul_characters_in_a_file_are_dropped_before_anything_is_stored():
    """Found by the robustness test on PostgreSQL: a NUL in a cell made storing the preview a 500."""
    row = team(1)[0]
    row["NAMA"] = "Siti\x00 Rahma"
    table = reader.read_csv(csv_bytes([row]))
    assert "\x00" not in repr(table.rows)
    assert "Siti Rahma" in table.rows[0][1]


def test_the_error_report_writes_formula_like_cells_as_text(login, operator_diskominfo, diskominfo):
    """Issue 14: what came from the file (NIP, column, message) cannot become a formula in the error CSV."""
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, csv_bytes(team(2)))
    job.errors = [{"row": 2, "nip": "=1+1", "column": "-NIP", "message": "@SUM(A1)"},
                  {"row": 3, "nip": "\t=2", "column": "+x", "message": "\r=3"}]
    job.save()
    response = client.get(reverse("organization:import_errors_csv", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["2", "'=1+1", "'-NIP", "'@SUM(A1)"]
    assert rows[2] == ["3", "'\t=2", "'+x", "'\r=3"]
