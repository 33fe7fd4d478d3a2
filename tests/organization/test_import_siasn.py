"""What SIMPEG and SIASN really export, tried in an Excel file: titles kept, UNIT KERJA mapped to sub-units (fuzzy
matches shown for confirmation), the jenjang read from the job title, PPPK masa kerja from the NI PPPK, a date that
does not exist named as such, and every error of every row listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organization.importing.columns import split_titles
from organization.models import Employee
from organization.tasks import apply_employee_import

from .import_files import nip_for, person, xlsx_bytes
from .test_import import confirm, errors_of, preview

pytestmark = pytest.mark.django_db

# Headers as an SIASN "data utama" export writes them (spaces, not underscores).
SIASN = ["NIP BARU", "GELAR DEPAN", "NAMA", "GELAR BELAKANG", "JENIS PEGAWAI", "TGL LAHIR", "GOL AKHIR",
         "JENIS JABATAN", "JABATAN", "UNIT KERJA", "AKTIF"]


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


def siasn_row(i: int, **overrides) -> dict:
    p = person(i)
    row = {"NIP BARU": p["NIP"], "GELAR DEPAN": "", "NAMA": p["NAMA"], "GELAR BELAKANG": "", "JENIS PEGAWAI": "PNS",
           "TGL LAHIR": p["TANGGAL_LAHIR"], "GOL AKHIR": "III/a", "JENIS JABATAN": "Pelaksana",
           "JABATAN": "Pengelola Data", "UNIT KERJA": "Bidang Aplikasi Informatika", "AKTIF": "Ya"}
    row.update(overrides)
    return row


def siasn_file(rows: list[dict]) -> bytes:
    return xlsx_bytes(rows, headers=SIASN)


def applied(client, job):
    confirm(client, job)
    apply_employee_import(job.pk)
    job.refresh_from_db()
    return job


def test_titles_are_kept_as_fields_and_shown_with_the_name(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = [siasn_row(9101, **{"GELAR DEPAN": "Drs.", "NAMA": "Budi Santoso", "GELAR BELAKANG": "M.Si."}),
            siasn_row(9102, NAMA="Dr. Ir. Siti Aminah, M.T., IPU")]  # titles written into the name
    _response, job = preview(client, diskominfo, siasn_file(rows), "siasn.xlsx")
    assert job.error_rows == 0, job.errors
    applied(client, job)

    budi = Employee.objects.get(nip=rows[0]["NIP BARU"])
    assert (budi.gelar_depan, budi.name, budi.gelar_belakang) == ("Drs.", "Budi Santoso", "M.Si.")
    assert budi.full_name == "Drs. Budi Santoso, M.Si." and str(budi).startswith("Drs. Budi Santoso, M.Si. (")
    siti = Employee.objects.get(nip=rows[1]["NIP BARU"])
    assert (siti.gelar_depan, siti.name, siti.gelar_belakang) == ("Dr. Ir.", "Siti Aminah", "M.T., IPU")


def test_split_titles_leaves_a_name_without_titles_alone():
    assert split_titles("Asep Suryana") == ("", "Asep Suryana", "")
    assert split_titles("Hj. Euis Rahmawati, S.E.") == ("Hj.", "Euis Rahmawati", "S.E.")


def test_unit_kerja_text_maps_to_the_sub_unit_exactly_or_as_a_match_to_confirm(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = [siasn_row(9111, **{"UNIT KERJA": "BIDANG APLIKASI INFORMATIKA - Dinas Komunikasi dan Informatika"}),
            siasn_row(9112, **{"UNIT KERJA": "Bid. Informasi & Komunikasi Publik"}),
            siasn_row(9113, **{"UNIT KERJA": "Bidang Aplikasi Informatik"}),  # a typo: close, not equal
            siasn_row(9114, **{"UNIT KERJA": "Bidang Pertanian"})]
    _response, job = preview(client, diskominfo, siasn_file(rows), "siasn.xlsx")

    matches = {r["row"]: r.get("unit_match") for r in job.preview}
    assert matches[2] is None and matches[3] is None
    assert matches[4] == {"written": "Bidang Aplikasi Informatik", "unit": "Bidang Aplikasi Informatika"}
    [(row, column, message)] = errors_of(job, 5)
    assert column == "UNIT KERJA" and "Bidang Pertanian" in message and "Bidang Aplikasi Informatika" in message
    assert any("mirip" in n for n in job.notices)
    page = client.get(reverse("organization:import_detail", args=[job.pk]) + "?show=all").content.decode()
    assert 'data-testid="unit-match"' in page and "Bidang Aplikasi Informatik" in page

    confirm(client, job, only_valid=True)
    apply_employee_import(job.pk)
    units = dict(Employee.objects.filter(nip__in=[r["NIP BARU"] for r in rows]).values_list("nip", "unit__name"))
    assert units[rows[0]["NIP BARU"]] == "Bidang Aplikasi Informatika"
    assert units[rows[1]["NIP BARU"]] == "Bidang Informasi dan Komunikasi Publik"
    assert units[rows[2]["NIP BARU"]] == "Bidang Aplikasi Informatika"


def test_the_jenjang_is_read_from_the_job_title(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    rows = [siasn_row(9121, **{"JENIS JABATAN": "Fungsional", "JABATAN": "Pranata Komputer Ahli Muda"}),
            siasn_row(9122, **{"JENIS JABATAN": "Fungsional", "JABATAN": "Arsiparis Terampil"})]
    _response, job = preview(client, diskominfo, siasn_file(rows), "siasn.xlsx")
    assert job.error_rows == 0, job.errors
    applied(client, job)

    muda = Employee.objects.get(nip=rows[0]["NIP BARU"])
    assert (muda.position_type, muda.position_level) == ("fungsional_keahlian", "ahli_muda")
    terampil = Employee.objects.get(nip=rows[1]["NIP BARU"])
    assert (terampil.position_type, terampil.position_level) == ("fungsional_keterampilan", "terampil")


def test_a_pppk_gets_masa_kerja_from_the_ni_pppk(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    nip = nip_for(9131)
    year = int(nip[8:12])
    ni_pppk = f"{nip[:12]}21{nip[14:]}"  # the month position of an NI PPPK holds a code, not a month
    row = siasn_row(9131, **{"NIP BARU": ni_pppk, "JENIS PEGAWAI": "PPPK", "GOL AKHIR": "IX"})
    _response, job = preview(client, diskominfo, siasn_file([row]), "siasn.xlsx")
    assert job.error_rows == 0, job.errors
    applied(client, job)

    employee = Employee.objects.get(nip=ni_pppk)
    assert employee.appointment_date.year == year
    assert employee.years_of_service > 0


def test_a_date_that_does_not_exist_is_reported_as_such(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    _response, job = preview(client, diskominfo, siasn_file([siasn_row(9141, **{"TGL LAHIR": "31-02-1990"})]),
                             "siasn.xlsx")
    [(_row, column, message)] = errors_of(job, 2)
    assert column == "TGL LAHIR" and "tidak ada di kalender" in message and "format" not in message


def test_every_error_of_a_row_is_listed(login, operator_diskominfo, diskominfo):
    client = login(operator_diskominfo)
    row = siasn_row(9151, **{"TGL LAHIR": "31-02-1990", "GOL AKHIR": "Z/z", "JENIS JABATAN": "Fungsional",
                             "JABATAN": "Pranata Komputer", "UNIT KERJA": "Bidang Pertanian", "AKTIF": "mungkin"})
    _response, job = preview(client, diskominfo, siasn_file([row]), "siasn.xlsx")

    columns = [column for _row, column, _message in errors_of(job, 2)]
    assert set(columns) == {"TGL LAHIR", "GOL AKHIR", "JENIS JABATAN", "UNIT KERJA", "AKTIF"}, errors_of(job, 2)
