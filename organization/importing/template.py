"""The downloadable import template: the SIMPEG columns, one example row, and (XLSX) a sheet of instructions."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _

from .columns import COLUMNS

EXAMPLE_ROWS = [
    # A head of sub-unit and one of their staff: the second row's superior is on the first row.
    {"NIP": "197501012000031002", "NAMA": "Hendra Gunawan, S.T., M.T.", "JENIS_PEGAWAI": "PNS", "JENIS_KELAMIN": "L",
     "TANGGAL_LAHIR": dt.date(1975, 1, 1), "GOLONGAN": "IV/a", "JENIS_JABATAN": "Administrator", "JENJANG_JABATAN": "",
     "NAMA_JABATAN": "Kepala Bidang Aplikasi Informatika", "KODE_UNIT": "APTIKA", "NIP_ATASAN": "",
     "EMAIL": "hendra.gunawan@instansi.go.id", "PREDIKAT_SKP": "Sangat Baik", "HUKUMAN_DISIPLIN": "Tidak",
     "TANGGAL_HUKUMAN_DISIPLIN": "", "AKTIF": "Ya"},
]


def _example_rows() -> list[dict]:
    staff = {c.key: c.example for c in COLUMNS}
    return [*EXAMPLE_ROWS, staff]


def _cell(value, *, for_csv: bool):
    if value is None:
        return ""
    if isinstance(value, dt.date) and for_csv:
        return value.strftime("%d-%m-%Y")
    return value


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.key for c in COLUMNS])
    for row in _example_rows():
        writer.writerow([_cell(row.get(c.key), for_csv=True) for c in COLUMNS])
    # UTF-8 with a BOM and ";" so that Excel (Indonesian locale) opens it in columns with names intact.
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    ws.append([c.key for c in COLUMNS])
    for row in _example_rows():
        ws.append([_cell(row.get(c.key), for_csv=False) for c in COLUMNS])
    header_fill = PatternFill("solid", fgColor="0B3D91")
    for i, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(14, len(column.key) + 2, 24 if column.field in ("name", "position") else 0)
        if column.key in ("NIP", "NIP_ATASAN"):
            for r in range(2, 5002):  # keep NIPs as text, so Excel does not round them to 15 digits
                ws.cell(row=r, column=i).number_format = "@"
        if column.field in ("birth_date", "last_penalty_date"):
            for r in range(2, 4):
                ws.cell(row=r, column=i).number_format = "DD-MM-YYYY"
        if column.choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            validation.error = _("Pilih salah satu nilai dari daftar.")
            validation.showErrorMessage = False  # a warning would block the variants the importer accepts
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5001")
    ws.freeze_panes = "C2"

    help_sheet = wb.create_sheet(_("Petunjuk"))
    help_sheet.append([_("Petunjuk impor pegawai dari SIMPEG")])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([_("Satu baris per pegawai, mulai baris 2 lembar \"Pegawai\". Hapus baris contoh sebelum "
                         "mengimpor. Judul kolom boleh huruf kecil atau nama lain yang umum di SIMPEG.")])
    help_sheet.append([_("Pegawai dicocokkan lewat NIP: yang belum ada dibuat, yang sudah ada diubah. Sel kosong "
                         "tidak mengubah data yang sudah ada.")])
    help_sheet.append([])
    help_sheet.append([_("Kolom"), _("Wajib"), _("Isi")])
    for cell in help_sheet[5]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.key, _("Ya") if column.required else "", str(column.description)])
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 8
    help_sheet.column_dimensions["C"].width = 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
