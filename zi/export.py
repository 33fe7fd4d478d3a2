"""The LKE layout of Area I as XLSX: one row per indicator, then per review round the value and note submitted and
the reviewer's verdict and note (the "catatan reviu" columns assessors repeat per round)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .selectors import workspace


def _put(ws, row: int, col: int, value):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # always text: a note starting with "=" is never a formula
    else:
        cell.value = value
    return cell


def lke_workbook_bytes(agency, period) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    data = workspace(agency, period)
    wb = Workbook()
    ws = wb.active
    ws.title = "Area I"
    header = [_("No"), _("Sub-komponen"), _("Indikator"), _("Bobot"), _("Sumber nilai"), _("Nilai"), _("Skor"),
              _("Penjelasan PD"), _("Bukti")]
    for r in data["rounds"]:
        header += [_("Putaran %(n)d: nilai") % {"n": r.number}, _("Putaran %(n)d: catatan PD") % {"n": r.number},
                   _("Putaran %(n)d: keputusan") % {"n": r.number},
                   _("Putaran %(n)d: catatan penilai") % {"n": r.number}]
    _put(ws, 1, 1, _("LKE Zona Integritas — Area I Manajemen Perubahan"))
    _put(ws, 2, 1, f"{agency.name} · {period}")
    for col, title in enumerate(header, start=1):
        _put(ws, 4, col, str(title)).font = Font(bold=True)
    for i, row in enumerate(data["rows"], start=5):
        ind, entry = row["indicator"], row["entry"]
        values = [ind.code, ind.section, ind.name, float(ind.weight), ind.get_source_display(),
                  row["value"], float(row["points"]), entry.note if entry else "",
                  "\n".join(e.label or e.original_name for e in row["evidence"])]
        for h in row["history"]:
            snap, note = h["snapshot"], h["note"]
            values += [snap.get("value"), snap.get("note", ""), note.get_verdict_display() if note else "",
                       note.note if note else ""]
        for col, value in enumerate(values, start=1):
            _put(ws, i, col, value).alignment = Alignment(wrap_text=True, vertical="top")
    total_row = 5 + len(data["rows"])
    _put(ws, total_row, 3, _("Jumlah"))
    _put(ws, total_row, 4, float(data["score"]["max"]))
    _put(ws, total_row, 7, float(data["score"]["score"]))
    for col, width in zip("ABCDEFGHI", (8, 28, 50, 8, 24, 8, 8, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
