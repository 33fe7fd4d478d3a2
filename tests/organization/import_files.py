"""Builders of SIMPEG-like import files for the tests (CSV and XLSX, valid people with made-up NIPs)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from organization.nip import build_nip

HEADERS = [
    "NIP", "NAMA", "JENIS_PEGAWAI", "JENIS_KELAMIN", "TANGGAL_LAHIR", "GOLONGAN", "JENIS_JABATAN", "JENJANG_JABATAN",
    "NAMA_JABATAN", "KODE_UNIT", "NIP_ATASAN", "EMAIL", "PREDIKAT_SKP", "HUKUMAN_DISIPLIN", "AKTIF",
]
FIRST = ["Asep", "Siti", "Dadang", "Euis", "Budi", "Neneng", "Cecep", "Rina", "Yudi", "Dewi"]
LAST = ["Suryana", "Rahmawati", "Hidayat", "Nurhayati", "Permana", "Kusumah", "Sopandi", "Lestari"]


def nip_for(i: int, sex: str = "L") -> str:
    """A valid NIP, unique per ``i``. Sequence numbers from 500 up never collide with the demo data (001…)."""
    birth = dt.date(1962, 1, 1) + dt.timedelta(days=i % 9000)
    return build_nip(birth, (birth.year + 22, 3), sex, 500 + i // 9000)


def person(i: int, **overrides) -> dict:
    sex = "L" if i % 2 == 0 else "P"
    nip = nip_for(i, sex)
    row = {
        "NIP": nip, "NAMA": f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i}", "JENIS_PEGAWAI": "PNS",
        "JENIS_KELAMIN": sex, "TANGGAL_LAHIR": f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}", "GOLONGAN": "III/a",
        "JENIS_JABATAN": "Pelaksana", "JENJANG_JABATAN": "", "NAMA_JABATAN": "Pengelola Data", "KODE_UNIT": "APTIKA",
        "NIP_ATASAN": "", "EMAIL": f"pegawai{i}@bandung.go.id", "PREDIKAT_SKP": "Baik", "HUKUMAN_DISIPLIN": "Tidak",
        "AKTIF": "Ya",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict], headers: list[str] | None = None, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    headers = headers or HEADERS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], headers: list[str] | None = None, keys: list[str] | None = None) -> bytes:
    """``headers`` as written in row 1; ``keys`` the dict keys they read from (default: the same)."""
    from openpyxl import Workbook

    headers = headers or HEADERS
    keys = keys or headers
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pegawai")
    ws.append(headers)
    for row in rows:
        ws.append([row.get(k, "") for k in keys])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def team(n: int = 3, start: int = 0) -> list[dict]:
    """A head of bidang and their staff: the staff's superior is the head, on the first row of the same file."""
    head = person(start, NAMA="Hendra Gunawan", JENIS_JABATAN="Administrator", GOLONGAN="IV/a",
                  NAMA_JABATAN="Kepala Bidang Aplikasi Informatika")
    staff = [person(start + i, NIP_ATASAN=head["NIP"]) for i in range(1, n)]
    return [head, *staff]
