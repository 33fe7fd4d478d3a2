"""Turn report figures (notifications.figures) into tables, then into a PDF (ReportLab) and an XLSX (openpyxl).

Both files show the same tables: the PDF one after another, the workbook one sheet per table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenperubahan.spreadsheet import xlsx_append
from organization.formats import decimal

NOT_AVAILABLE = "—"

NOMINATION_STATUS_LABELS = {
    "draft": gettext_lazy("Draf"),
    "submitted": gettext_lazy("Diajukan"),
    "endorsed": gettext_lazy("Didukung kepala PD"),
    "approved": gettext_lazy("Ditetapkan"),
    "rejected": gettext_lazy("Ditolak"),
    "returned": gettext_lazy("Dikembalikan"),
}


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def _label_status(status: str) -> str:
    return str(NOMINATION_STATUS_LABELS.get(status, status))


def _get(mapping, key, default=None):
    """Read a figures dict whose keys were stored as strings."""
    if not mapping:
        return default
    return mapping.get(str(key), mapping.get(key, default))


def report_tables(figures: dict) -> list[Table]:
    agencies = figures.get("agencies") or {}
    employees = figures.get("employees") or {}
    agents = figures.get("agents") or {}
    forums = figures.get("forums") or {}
    evaluations = figures.get("evaluations") or {}
    notes = figures.get("notifications") or {}
    missing = _("Data belum tersedia.")

    # 1. Summary: one line per figure.
    summary = Table(_("Ringkasan"), [_("Uraian"), _("Nilai")])
    summary.rows.append([_("Perangkat daerah"), len(agencies)])
    summary.rows.append([_("Pegawai aktif"), employees.get("total", 0)])
    if agents.get("available"):
        total = agents.get("total") or {}
        summary.rows += [
            [_("Agen perubahan aktif"), total.get("agents")],
            [_("Kuota agen"), total.get("quota")],
            [_("Role model"), total.get("role_models")],
        ]
        for status, n in sorted((total.get("nominations") or {}).items()):
            summary.rows.append([_("Nominasi: %(status)s") % {"status": _label_status(status)}, n])
        summary.rows += [
            [_("Proyek perubahan aktif"), total.get("projects_active")],
            [_("Agen dengan perubahan (%)"), total.get("pct_agents_with_change")],
            [_("Proyek terintegrasi (%)"), total.get("pct_integrated")],
            [_("Predikat ZI"), total.get("zi_grade")],
        ]
    else:
        summary.rows.append([_("Agen perubahan"), missing])
    if forums.get("available"):
        summary.rows += [[_("Topik forum baru"), forums.get("topics")], [_("Tanggapan forum baru"), forums.get("posts")]]
    else:
        summary.rows.append([_("Forum"), missing])
    if evaluations.get("available") and evaluations.get("cycle"):
        summary.rows += [
            [_("Siklus evaluasi terakhir"), evaluations["cycle"].get("name")],
            [_("Tingkat respons (%)"), evaluations.get("response_rate")],
        ]
        for code, score in sorted((evaluations.get("scores") or {}).items()):
            summary.rows.append([_("Skor %(code)s") % {"code": code}, score])
    elif evaluations.get("available"):
        summary.rows.append([_("Evaluasi"), _("Belum ada siklus yang diterbitkan.")])
    else:
        summary.rows.append([_("Evaluasi"), missing])
    summary.rows.append([_("Pengingat terkirim"), sum((notes.get("reminders") or {}).values())])
    summary.rows.append([_("E-mail gagal terkirim"), notes.get("emails_failed", 0)])
    tables = [summary]

    # 2. One line per agency.
    per_agency = Table(_("Perangkat daerah"), [
        _("Perangkat daerah"), _("Pegawai"), _("Agen"), _("Kuota"), _("Role model"), _("Proyek aktif"),
        _("Agen dengan perubahan (%)"), _("Terintegrasi (%)"), _("Predikat ZI"), _("Topik"), _("Tanggapan"),
        _("Respons evaluasi (%)"),
    ])
    for agency_id, agency in agencies.items():
        a = _get(agents.get("by_agency"), agency_id, {}) or {}
        f = _get(forums.get("by_agency"), agency_id, {}) or {}
        e = _get(evaluations.get("by_agency"), agency_id, {}) or {}
        per_agency.rows.append([
            agency.get("name"), _get(employees.get("by_agency"), agency_id, 0), a.get("agents"), a.get("quota"),
            a.get("role_models"), a.get("projects_active"), a.get("pct_agents_with_change"),
            a.get("pct_integrated"), a.get("zi_grade"), f.get("topics"), f.get("posts"), e.get("response_rate"),
        ])
    tables.append(per_agency)

    # 3. Nominations by status, per agency.
    if agents.get("available"):
        statuses = sorted({s for row in (agents.get("by_agency") or {}).values() for s in (row.get("nominations") or {})})
        nominations = Table(_("Nominasi"), [_("Perangkat daerah"), *[_label_status(s) for s in statuses]])
        for agency_id, agency in agencies.items():
            counts = (_get(agents.get("by_agency"), agency_id, {}) or {}).get("nominations") or {}
            nominations.rows.append([agency.get("name"), *[counts.get(s, 0) for s in statuses]])
        tables.append(nominations)

    # 4. Evaluation scores per agency.
    if evaluations.get("available") and evaluations.get("cycle"):
        codes = sorted(evaluations.get("scores") or {})
        scores = Table(_("Evaluasi"), [_("Perangkat daerah"), _("Respons (%)"), *codes],
                       note=evaluations["cycle"].get("name", ""))
        for agency_id, agency in agencies.items():
            e = _get(evaluations.get("by_agency"), agency_id, {}) or {}
            scores.rows.append([agency.get("name"), e.get("response_rate"),
                                *[(e.get("scores") or {}).get(c) for c in codes]])
        tables.append(scores)

    # 5. Forum activity by week.
    weekly = forums.get("weekly") or []
    if forums.get("available") and weekly:
        if isinstance(weekly[0], dict):
            keys = list(weekly[0].keys())
            table = Table(_("Aktivitas forum"), keys, [[row.get(k) for k in keys] for row in weekly])
        else:
            table = Table(_("Aktivitas forum"), [_("Minggu")], [[row] for row in weekly])
        tables.append(table)

    # 6. Reminders sent, by kind.
    reminders = Table(_("Pengingat"), [_("Jenis pengingat"), _("Terkirim")],
                      [[kind, n] for kind, n in sorted((notes.get("reminders") or {}).items())])
    tables.append(reminders)
    return tables


def format_cell(value) -> str:
    if value is None or value == "":
        return NOT_AVAILABLE
    if isinstance(value, float):
        return decimal(value)
    if isinstance(value, dict | list):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(map(str, value))
    return str(value)


def render_pdf(*, title: str, subtitle: str, tables: list[Table], period: str = "") -> bytes:
    """The report on the institution's letterhead; every cell is escaped (names and titles are user text)."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import LongTable, Spacer, TableStyle

    from organization.documents import build_pdf, para, styles

    sheet = styles()
    cell = sheet["Small"]
    head = sheet["SmallBold"]
    width = 26.7 * cm  # landscape A4 less the margins
    story = []
    for table in tables:
        story.append(para(table.title, sheet["Heading2"]))
        if table.note:
            story.append(para(table.note, sheet["Italic"]))
        if not table.rows:
            story.append(para(_("Tidak ada data."), sheet["Normal"]))
            continue
        data = [[para(c, head) for c in table.columns]]
        data += [[para(format_cell(v), cell) for v in row] for row in table.rows]
        widths = None
        if len(table.columns) > 2:
            first = 5.5 * cm
            rest = (width - first) / (len(table.columns) - 1)
            widths = [first] + [rest] * (len(table.columns) - 1)
        flow = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        flow.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [flow, Spacer(1, 0.4 * cm)]
    return build_pdf(title=title, subtitle=subtitle, period=period, story=story, landscape_page=True)


def render_xlsx(*, title: str, subtitle: str, tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from organization.institution import current_institution

    institution = current_institution()
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        name = table.title[:31]
        n = 2
        while name in used:
            name = f"{table.title[:28]} {n}"
            n += 1
        used.add(name)
        sheet = workbook.create_sheet(name)
        xlsx_append(sheet, [title])
        xlsx_append(sheet, [f"{institution.name} · {subtitle}" + (f" — {table.note}" if table.note else "")])
        xlsx_append(sheet, [])
        xlsx_append(sheet, list(table.columns))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            xlsx_append(sheet, [v if isinstance(v, int | float | str) or v is None else format_cell(v) for v in row])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.column_dimensions["A"].width = 45
        sheet.freeze_panes = "B5"
    workbook.properties.title = title
    workbook.properties.creator = institution.name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
