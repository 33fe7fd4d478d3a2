"""The pack's PDFs on the institution's letterhead (organization.documents): the index and one per change project."""

from __future__ import annotations

from django.utils.translation import gettext as _

from organization import documents
from organization.documents import para

#: Items listed per indicator in the first table; the full list of files follows it (a table that spans pages).
LISTED = 8


#: A table cell cannot span pages in ReportLab: long text is cut here (the full text is in the pack's CSV files).
CELL_CHARS = 1500


def _cut(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + " …"


def _table(rows, widths, sheet):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    data = [[para(_cut(c), sheet["SmallBold"] if i == 0 else sheet["Small"]) for c in row]
            for i, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]))
    return table


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def render_index(agency, period, items, written: dict[str, int]) -> bytes:
    """What is inside, per indicator (value, points, review state, evidence), then every file of the pack."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    from .selectors import workspace

    data = workspace(agency, period)
    sheet = documents.styles()
    files_by_code: dict[str, list[str]] = {}
    for path, _source, code in items:
        if path in written and code:
            files_by_code.setdefault(code, []).append(path)
    latest = data["rounds"][-1] if data["rounds"] else None
    rows = [[_("Kode"), _("Indikator"), _("Bobot"), _("Nilai"), _("Skor"), _("Penilaian terakhir"), _("Isi paket")]]
    for row in data["rows"]:
        ind = row["indicator"]
        note = row["history"][-1]["note"] if row["history"] else None
        state = f"{note.get_verdict_display()}: {note.note}" if note else (
            _("menunggu penilai") if latest and not latest.outcome else _("belum dinilai"))
        contents = [e.label or e.original_name for e in row["evidence"] if not e.is_file][:LISTED]
        files = files_by_code.get(ind.code, [])
        contents += files[:LISTED]
        if len(files) > LISTED:
            contents.append(_("… dan %(n)d berkas lainnya (lihat daftar berkas)") % {"n": len(files) - LISTED})
        rows.append([ind.code, ind.name, str(ind.weight), _fmt(row["value"]), str(row["points"]), state,
                     "\n".join(contents) or "–"])
    score = data["score"]
    story = [para(_("Status lembar kerja: %(s)s · putaran: %(n)d · skor %(score)s dari %(max)s (%(pct)s%%)") % {
        "s": dict(data["assessment"].Status.choices).get(data["status"]) if data["assessment"] else _("Draf"),
        "n": len(data["rounds"]), "score": score["score"], "max": score["max"], "pct": _fmt(score["percent"])},
        sheet["Normal"]), Spacer(1, 0.2 * cm),
        _table(rows, [1.2 * cm, 5.2 * cm, 1.1 * cm, 1.1 * cm, 1.1 * cm, 3.6 * cm, 4.7 * cm], sheet),
        Spacer(1, 0.4 * cm), para(_("Daftar berkas dalam paket"), sheet["Heading2"])]
    story.append(_table([[_("Berkas"), _("Ukuran (bita)")]] + [[p, str(s)] for p, s in sorted(written.items())],
                        [14 * cm, 4 * cm], sheet))
    return documents.build_pdf(title=_("Paket Bukti Zona Integritas Area I — %(a)s") % {"a": agency.name},
                               story=story, period=str(period))


def project_pdf(project, reports) -> bytes:
    """An agent's work plan (rencana aksi), the change and its integration, and every monthly report."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    sheet = documents.styles()
    plan = [[_("Agen"), project.agent.employee.name], [_("Area"), project.get_reform_area_display()],
            [_("Permasalahan"), project.problem], [_("Usulan perubahan"), project.proposed_change],
            [_("Target"), project.target], [_("Indikator keberhasilan"), project.indicator],
            [_("Jadwal"), f"{project.start_date:%d/%m/%Y} – {project.end_date:%d/%m/%Y}"],
            [_("Status"), f"{project.get_status_display()} ({project.progress}%)"],
            [_("Perubahan nyata"), f"{project.completed_on or '–'} {project.result}"],
            [_("Integrasi"), (f"{project.get_integration_kind_display()} · {project.integration_reference} · "
                              f"{project.integrated_on or ''}") if project.integrated else _("belum")]]
    story = [_table([[_("Rencana aksi"), project.title], *plan], [4 * cm, 14 * cm], sheet), Spacer(1, 0.3 * cm),
             para(_("Laporan bulanan"), sheet["Heading2"])]
    rows = [[_("Bulan"), _("Kemajuan"), _("Kegiatan"), _("Hasil"), _("Kendala"), _("Rencana berikutnya")]]
    rows += [[f"{r.month:%m/%Y}", f"{r.progress}%", r.activities, r.results, r.obstacles, r.next_steps]
             for r in reports]
    story.append(_table(rows, [1.6 * cm, 1.6 * cm, 4.2 * cm, 3.6 * cm, 3.4 * cm, 3.6 * cm], sheet))
    return documents.build_pdf(title=_("Rencana Aksi Agen Perubahan"), subtitle=project.title, story=story)
