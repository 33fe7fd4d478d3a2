"""A 20,000-row SIMPEG file: previewed and applied in reasonable time (timings printed with -s)."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from organization.models import Employee, ImportJob

from .import_files import csv_bytes, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

ROWS = 20_000


def big_file(n: int = ROWS) -> list[dict]:
    rows = []
    bosses = []
    for i in range(n):
        if i % 25 == 0:
            row = person(i, JENIS_JABATAN="Pengawas", NAMA_JABATAN="Kepala Seksi", GOLONGAN="III/d")
            bosses.append(row["NIP"])
        else:
            row = person(i, NIP_ATASAN=bosses[-1])
        rows.append(row)
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_20000_row_file_previews_and_applies_in_reasonable_time(
        login, operator_diskominfo, diskominfo, media_root, settings, django_capture_on_commit_callbacks, fmt):
    settings.EMPLOYEE_IMPORT_SYNC_MAX_ROWS = 2000
    rows = big_file()
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    client = login(operator_diskominfo)

    t0 = time.perf_counter()
    response = client.post(reverse("organization:import_start"),
                           {"agency": diskominfo.pk, "file": upload(data, f"besar.{fmt}")})
    t_preview = time.perf_counter() - t0
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.total_rows, job.to_create, job.error_rows) == (ROWS, ROWS, 0)

    t0 = time.perf_counter()
    page = client.get(reverse("organization:import_detail", args=[job.pk]))
    t_page = time.perf_counter() - t0
    assert page.status_code == 200

    t0 = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):  # queued for the worker (eager in tests)
        client.post(reverse("organization:import_confirm", args=[job.pk]))
    t_apply = time.perf_counter() - t0
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", ROWS)
    assert Employee.objects.filter(agency=diskominfo, superior__isnull=False, nip__in=[r["NIP"] for r in rows[:50]]).count() == 48

    t0 = time.perf_counter()
    client.post(reverse("organization:import_start"), {"agency": diskominfo.pk, "file": upload(data, f"lagi.{fmt}")})
    t_reimport = time.perf_counter() - t0
    again = ImportJob.objects.order_by("-pk").first()
    assert (again.unchanged, again.to_create, again.to_update) == (ROWS, 0, 0)
    print(f"\n{fmt} {ROWS} rows ({len(data) / 1e6:.1f} MB): preview {t_preview:.1f}s, preview page {t_page:.2f}s, "
          f"apply {t_apply:.1f}s, re-import preview {t_reimport:.1f}s")
    # Generous bounds (CI machines are shared); the query-count test in test_import.py guards against per-row queries.
    assert t_preview < 120 and t_apply < 240
