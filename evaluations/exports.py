"""Excel (openpyxl) and PDF (ReportLab) exports of cycle results and subject reports."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle

from agenperubahan.spreadsheet import xlsx_append
from organization.documents import bar_chart, build_pdf, para, styles
from organization.formats import decimal, long_date
from organization.institution import current_institution

from .models import RaterGroup
from .scoring import BAND_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BAND_FILL = {"A": "C6EFCE", "B": "E2F0D9", "C": "FFE699", "D": "F4B183"}
BAND_PDF = {k: colors.HexColor("#" + v) for k, v in BAND_FILL.items()}


def _score(cell):
    return None if cell is None or cell.score is None else round(cell.score, 1)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _autosize(ws):
    for i, column in enumerate(ws.columns, start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


def results_xlsx(data, *, subjects=None, people=None) -> HttpResponse:
    """``subjects``: subject id -> SubjectResult (Tim RB only); ``people``: [(id, name, nip, agency)] in order."""
    ctx = data.ctx
    wb = Workbook()
    wb.properties.creator = current_institution().name
    ws = wb.active
    ws.title = str(_("Per perangkat daerah"))[:31]
    header = [_("Perangkat daerah"), _("Penugasan"), _("Terkirim"), _("Tingkat respons (%)")]
    if data.show_scores:
        header += [d.name for d in ctx.dimensions]
    xlsx_append(ws, [ctx.cycle.name])
    ws["A1"].font = Font(bold=True, size=13)
    xlsx_append(ws, [_("Dibuat"), timezone.localtime().strftime("%d-%m-%Y %H:%M"),
               _("Skor 0–100; sel kosong: responden kurang dari %(n)d.") % {"n": ctx.threshold}])
    xlsx_append(ws, [])
    xlsx_append(ws, header)
    for c in ws[4]:
        c.font = Font(bold=True)
    for agency in data.agencies:
        rate = data.rates.get(agency.pk, {})
        row = [agency.name, rate.get("assigned"), rate.get("submitted"), rate.get("rate")]
        cells = [data.heatmap.get(agency.pk, {}).get(code) for code in ctx.codes] if data.show_scores else []
        xlsx_append(ws, row + [_score(c) for c in cells])
        for offset, cell in enumerate(cells):
            if cell is not None and cell.band:
                ws.cell(row=ws.max_row, column=5 + offset).fill = PatternFill("solid", fgColor=BAND_FILL[cell.band])
    total = data.total_rate
    xlsx_append(ws, [_("Seluruh cakupan"), total["assigned"], total["submitted"], total["rate"]]
              + ([_score(data.scope.get(code)) for code in ctx.codes] if data.show_scores else []))
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    _autosize(ws)
    if subjects is not None:
        ws2 = wb.create_sheet("Per orang")
        xlsx_append(ws2, [_("Nama"), _("NIP"), _("Perangkat daerah"), _("Total")] + [d.name for d in ctx.dimensions])
        for c in ws2[1]:
            c.font = Font(bold=True)
        for subject_id, name, nip, agency in people or []:
            res = subjects.get(subject_id)
            xlsx_append(ws2, [name, nip, agency, _score(res.overall) if res else None]
                       + [_score(res.cells.get(code)) if res else None for code in ctx.codes])
        _autosize(ws2)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _download(buffer.getvalue(), f"hasil-{slugify(ctx.cycle.name)}.xlsx", XLSX)


def _styled_table(rows, *, bands=None, col_widths=None):
    table = Table(rows, repeatRows=1, colWidths=col_widths)
    style = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for (col, row), b in (bands or {}).items():
        style.append(("BACKGROUND", (col, row), (col, row), BAND_PDF[b]))
    table.setStyle(TableStyle(style))
    return table


def _num(value) -> str:
    """A score or rate as the active language writes it (``80,3`` / ``80.3``), or a dash when not reported."""
    return "–" if value is None else decimal(value)


def _period(cycle) -> str:
    return f"{long_date(cycle.opens_on)} – {long_date(cycle.closes_on)}"


def _band_legend() -> str:
    return "; ".join(f"{k} {v}" for k, v in BAND_LABELS.items())


def results_pdf(data) -> HttpResponse:
    ctx = data.ctx
    sheet = styles()
    small = sheet["BodyText"]
    story = [para(_("Instrumen: %(i)s. Status: %(s)s.") % {"i": ctx.cycle.instrument,
                                                             "s": ctx.cycle.get_status_display()}, small),
             # Counts withheld by the anonymity rule (evaluations.disclosure) arrive as None: shown as "–".
             para(_("Tingkat respons: %(r)s%% (%(s)s dari %(a)s penugasan).") % {
                 k: "–" if v is None else v for k, v in (("r", _num(data.total_rate["rate"])),
                                                         ("s", data.total_rate["submitted"]),
                                                         ("a", data.total_rate["assigned"]))}, small),
             Spacer(1, 0.4 * cm)]
    if data.show_scores:
        chart = bar_chart([d.name for d in ctx.dimensions], [_score(data.scope.get(code)) for code in ctx.codes],
                          width=16 * cm)
        if chart is not None:
            story += [para(_("Skor per nilai, seluruh cakupan"), sheet["Heading3"]), chart, Spacer(1, 0.3 * cm)]
    header = [para(_("Perangkat daerah"), small), para(_("Respons %"), small)]
    if data.show_scores:
        header += [para(d.name, small) for d in ctx.dimensions]
    rows, bands = [header], {}
    for r, agency in enumerate(data.agencies, start=1):
        row = [para(agency.name, small), _num(data.rates.get(agency.pk, {}).get("rate"))]
        if data.show_scores:
            for c, code in enumerate(ctx.codes, start=2):
                cell = data.heatmap.get(agency.pk, {}).get(code)
                row.append(_num(_score(cell)))
                if cell and cell.band:
                    bands[(c, r)] = cell.band
        rows.append(row)
    story.append(_styled_table(rows, bands=bands))
    story.append(Spacer(1, 0.3 * cm))
    story.append(para(_("Skor 0–100. Kategori: %(l)s. '–': responden kurang dari %(n)d, tidak dilaporkan.")
                      % {"l": _band_legend(), "n": ctx.threshold}, small))
    pdf = build_pdf(title=ctx.cycle.name, period=_period(ctx.cycle), story=story, landscape_page=True)
    return _download(pdf, f"hasil-{slugify(ctx.cycle.name)}.pdf", "application/pdf")


def subject_pdf(report) -> HttpResponse:
    ctx = report.ctx
    sheet = styles()
    small = sheet["BodyText"]
    subject = report.subject
    story = [para(f"{getattr(subject, 'full_name', subject.name)} — {subject.position}", sheet["Heading2"]),
             para(f"{ctx.cycle.name} ({ctx.cycle.instrument})", small)]
    if report.overall and report.overall.score is not None:
        story.append(para(_("Skor keseluruhan: %(s)s (kategori %(b)s %(l)s)") % {
            "s": _num(report.overall.score), "b": report.overall.band, "l": report.overall.band_label},
            sheet["Heading3"]))
    story.append(Spacer(1, 0.3 * cm))
    chart = bar_chart([d.name for d, _cell in report.dimensions], [_score(cell) for _d, cell in report.dimensions],
                      width=16 * cm)
    if chart is not None:
        story += [chart, Spacer(1, 0.3 * cm)]
    groups = report.groups_shown
    header = [_("Nilai / dimensi"), _("Skor"), _("Kategori")] + [str(RaterGroup(g).label) for g in groups]
    rows, bands = [[para(h, small) for h in header]], {}
    for r, (dimension, cell) in enumerate(report.dimensions, start=1):
        rows.append([para(dimension.name, small), _num(_score(cell)), cell.band or "–"]
                    + [_num(cell.groups.get(g)) for g in groups])
        if cell.band:
            bands[(1, r)] = cell.band
    story.append(_styled_table(rows, bands=bands))
    story.append(Spacer(1, 0.4 * cm))
    rows = [[_("No."), _("Pernyataan"), _("Skor")]]
    for n, (item, cell) in enumerate(report.items, start=1):
        rows.append([n, para(item.text, small), _num(_score(cell))])
    story.append(_styled_table(rows, col_widths=[1.2 * cm, 13 * cm, 2 * cm]))
    if report.comments:
        story += [Spacer(1, 0.4 * cm), para(_("Komentar (tanpa nama)"), sheet["Heading3"])]
        story += [para("• " + str(c), small) for c in report.comments]
    story += [Spacer(1, 0.3 * cm),
              para(_("Skor kelompok rekan kerja dan bawahan hanya ditampilkan bila sekurangnya %(n)d orang "
                     "menjawab.") % {"n": ctx.threshold}, small)]
    pdf = build_pdf(title=_("Laporan penilaian perilaku BerAKHLAK"), period=_period(ctx.cycle), story=story)
    return _download(pdf, f"laporan-{slugify(subject.name)}-{ctx.cycle.pk}.pdf", "application/pdf")
