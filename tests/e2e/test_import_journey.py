"""The agency HR operator imports an SIMPEG file in Chromium: preview, a bad row reported, apply, see the employees."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.organization.import_files import csv_bytes, person, team

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


def test_operator_imports_a_file_sees_the_bad_row_and_finds_the_new_employees(new_page, live):
    rows = team(3)
    bad = person(9, JENIS_KELAMIN="L", NAMA="Rina Salah Kelamin")  # the NIP says female
    page = new_page("operator.diskominfo")

    page.goto(f"{live.url}/pegawai/")
    page.get_by_role("link", name="Impor dari SIMPEG").click()
    expect(page.get_by_role("heading", name="Impor pegawai dari SIMPEG")).to_be_visible()
    page.set_input_files("input[name=file]", files=[{
        "name": "simpeg-diskominfo.csv", "mimeType": "text/csv", "buffer": csv_bytes([*rows, bad]),
    }])
    page.get_by_role("button", name="Unggah dan periksa").click()

    expect(page.get_by_role("heading", name=re.compile("Pratinjau impor"))).to_be_visible()
    expect(page.get_by_test_id("import-has-errors")).to_contain_text("1 baris bermasalah")
    table = page.get_by_test_id("import-rows")
    expect(table).to_contain_text("Jenis kelamin tidak sesuai dengan digit ke-15 NIP.")
    expect(table).to_contain_text("JENIS_KELAMIN")
    screenshot(page, "import-preview-with-error")

    page.get_by_role("button", name=re.compile("Terapkan impor")).click()  # without the tick: refused
    expect(page.get_by_role("alert").filter(has_text="belum ada yang disimpan")).to_be_visible()

    page.get_by_label(re.compile("Impor hanya baris yang valid")).check()
    page.get_by_role("button", name=re.compile("Terapkan impor")).click()
    expect(page.get_by_test_id("import-result")).to_contain_text("3 pegawai dibuat")
    expect(page.get_by_test_id("import-result")).to_contain_text("1 baris bermasalah dilewati")
    screenshot(page, "import-done")

    page.get_by_role("link", name="Lihat daftar pegawai").click()
    page.get_by_placeholder("Cari nama atau NIP").fill("Hendra Gunawan")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_role("link", name="Hendra Gunawan")).to_be_visible()
    page.get_by_placeholder("Cari nama atau NIP").fill(bad["NAMA"])
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Tidak ada pegawai yang cocok")).to_be_visible()


def test_the_progress_bar_follows_a_background_import_and_shows_the_result(new_page, live, media_root):
    from django.core.files.base import ContentFile

    from organization.models import Agency, ImportJob, User

    job = ImportJob(agency=Agency.objects.get(code="DISKOMINFO"), created_by=User.objects.get(username="operator.diskominfo"),
                    original_name="besar.xlsx", file_format="xlsx", status=ImportJob.Status.RUNNING, total_rows=5000,
                    to_create=5000, progress=40, progress_note="Memeriksa baris 2.000 dari 5.000…")
    job.file.save("upload", ContentFile(b"x"), save=False)
    job.save()
    page = new_page("operator.diskominfo")
    page.goto(f"{live.url}/pegawai/impor/{job.pk}/")
    expect(page.get_by_test_id("import-progress")).to_contain_text("40%")
    expect(page.get_by_test_id("import-progress")).to_contain_text("Memeriksa baris 2.000 dari 5.000")

    ImportJob.objects.filter(pk=job.pk).update(progress=85, progress_note="Menyimpan ke basis data…")
    expect(page.get_by_test_id("import-progress")).to_contain_text("85%", timeout=20000)

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, progress=100, created_count=5000)
    expect(page.get_by_test_id("import-result")).to_contain_text("5.000 pegawai dibuat", timeout=20000)
