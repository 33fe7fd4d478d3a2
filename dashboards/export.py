"""The dashboard as a workbook (openpyxl, one sheet per table) and as a PDF (ReportLab, one table after another).

Both are built from ``presenters.export_tables``: the same figures the page shows.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _

from agenperubahan.spreadsheet import xlsx_append
from organization.formats import decimal

from .presenters import NOT_AVAILABLE, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]\*\?/\\:]", "", title)[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def to_xlsx(title: str, tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from organization.institution import current_institution

    wb = Workbook()
    wb.properties.creator = current_institution().name
    wb.remove(wb.active)
    used: set[str] = set()
    header_fill = PatternFill("solid", fgColor="0B3D91")
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.title, used))
        xlsx_append(ws, [title])
        ws["A1"].font = Font(bold=True, size=13)
        xlsx_append(ws, [table.title])
        ws["A2"].font = Font(bold=True)
        xlsx_append(ws, list(table.columns))
        for cell in ws[3]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            xlsx_append(ws, [_cell(v) for v in row])
        if table.note:
            xlsx_append(ws, [])
            xlsx_append(ws, [table.note])
        ws.freeze_panes = "B4"
        for i, column in enumerate(table.columns, start=1):
            width = max([len(str(column))] + [len(str(r[i - 1])) for r in table.rows if i - 1 < len(r)] + [6])
            ws.column_dimensions[get_column_letter(i)].width = min(width + 2, 50)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """Numbers stay numbers (a reader can sum them); a missing figure is an empty cell."""
    if value is None or value == NOT_AVAILABLE:
        return None
    return value


def to_pdf(title: str, tables: list[Table], *, period: str = "", charts: list | None = None) -> bytes:
    """The dashboard on the institution's letterhead: its charts (``charts``: (title, labels, values) each), then
    every table; all text escaped."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    from organization.documents import bar_chart, build_pdf, para, styles

    sheet = styles()
    small = sheet["BodyText"].clone("small", fontSize=7, leading=8.5)
    head = small.clone("head", textColor=colors.white, fontName="Helvetica-Bold")
    width = 27.3 * cm  # landscape A4 less the margins
    story = []
    for chart_title, labels, values in charts or []:
        drawing = bar_chart(labels, values, width=width * 0.7)
        if drawing is not None:
            story += [para(chart_title, sheet["Heading3"]), drawing, Spacer(1, 0.3 * cm)]
    for table in tables:
        story.append(para(table.title, sheet["Heading2"]))
        data = [[para(c, head) for c in table.columns]]
        for row in table.rows:
            data.append([para(_pdf_value(v), small) for v in row])
        if len(data) == 1:
            data.append([para(_("Tidak ada data."), small)] + [""] * (len(table.columns) - 1))
        pdf_table = PdfTable(data, repeatRows=1, hAlign="LEFT", colWidths=_col_widths(len(table.columns), width))
        pdf_table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0B3D91")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F4F7")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(pdf_table)
        if table.note:
            story.append(para(table.note, small))
        story.append(Spacer(1, 0.4 * cm))
    return build_pdf(title=title, period=period, story=story, landscape_page=True)


def _col_widths(n: int, total: float) -> list[float]:
    if n <= 2:
        return [total * 0.45, total * 0.25][:n]
    first = min(total * 0.22, total / n * 2)
    return [first] + [(total - first) / (n - 1)] * (n - 1)


def _pdf_value(value) -> str:
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, float):
        return decimal(value)
    return str(value)
