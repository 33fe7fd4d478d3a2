"""The pack's built-in collectors: the LKE sheet and its uploaded evidence, the decrees of the registry, each
change project (work plan, monthly reports, their evidence files, the change and its integration) and the agency's
360° summary. Another app adds its documents with ``zi.pack.register(collector)``."""

from __future__ import annotations

import csv
import io

from django.db.models import Q
from django.utils.translation import gettext as _

from agenperubahan.spreadsheet import csv_safe
from agents.models import ChangeAgent, ChangeProject, ProgressReport, ReportEvidence

from . import pack
from .models import Evidence

CODE_DECREE, CODE_ROLE_MODEL, CODE_CHANGES, CODE_INTEGRATED, CODE_EVAL = "I.4.a", "I.4.b", "I.4.c", "I.4.d", "I.4.f"


def _cell(value):
    """CSV text with spreadsheet formulas neutralised by the project's one escaping rule (agenperubahan.spreadsheet)."""
    return csv_safe("" if value is None else str(value))


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(v) for v in header])
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def lke_sheet(agency, period):
    from .export import lke_workbook_bytes

    yield "01-lke/lke-area-1.xlsx", lke_workbook_bytes(agency, period), ""


def lke_evidence(agency, period):
    for ev in (Evidence.objects.filter(entry__assessment__agency=agency, entry__assessment__period=period)
               .exclude(file="").select_related("entry__indicator").order_by("entry__indicator__order", "pk")):
        code = ev.entry.indicator.code
        yield f"01-lke/{code}/{ev.pk}-{ev.original_name}", ev.file, code


def _term_overlap(period) -> Q:
    return Q(term_start__lte=period.term_end, term_end__gte=period.term_start)


def decrees(agency, period):
    rows = (ChangeAgent.objects.filter(_term_overlap(period), agency=agency)
            .select_related("employee").order_by("kind", "decree_date", "employee__name", "pk"))
    header = [_("jenis"), _("nama"), _("NIP"), _("nomor SK"), _("tanggal SK"), _("penanda tangan"),
              _("awal masa tugas"), _("akhir masa tugas"), _("status")]
    data = [[a.get_kind_display(), a.employee.name, a.employee.nip, a.decree_number, a.decree_date.isoformat(),
             a.decree_signatory, a.term_start.isoformat(), a.term_end.isoformat(), a.get_status_display()]
            for a in rows]
    yield "02-sk/daftar-sk-agen-dan-role-model.csv", csv_bytes(header, data), CODE_DECREE


def projects_of(agency, period):
    return (ChangeProject.objects.filter(agency=agency, start_date__lte=period.term_end,
                                         end_date__gte=period.term_start)
            .select_related("agent__employee").order_by("agent__employee__name", "pk"))


def change_projects(agency, period):
    from .index import project_pdf

    projects = list(projects_of(agency, period))
    project_ids = [p.pk for p in projects]
    reports = list(ProgressReport.objects.filter(project_id__in=project_ids).order_by("project_id", "month", "pk"))
    by_project: dict[int, list] = {}
    for report in reports:
        by_project.setdefault(report.project_id, []).append(report)
    evidence = list(ReportEvidence.objects.filter(report__project_id__in=project_ids).order_by("report_id", "pk"))
    report_rows = []
    files_by_report: dict[int, list] = {}
    for ev in evidence:
        files_by_report.setdefault(ev.report_id, []).append(ev)
    for project in projects:
        folder = f"03-rencana-aksi/{project.agent.employee.name}/{project.pk}-{project.title}"
        own = by_project.get(project.pk, [])
        yield f"{folder}/rencana-aksi-dan-laporan.pdf", (lambda p=project, r=own: io.BytesIO(project_pdf(p, r))), \
            CODE_CHANGES
        for report in own:
            for ev in files_by_report.get(report.pk, []):
                yield f"{folder}/laporan-{report.month:%Y-%m}/{ev.pk}-{ev.original_name}", ev.file, CODE_CHANGES
            report_rows.append([report.pk, f"{report.month:%Y-%m}", project.title, project.agent.employee.name,
                                report.progress, report.activities,
                                report.results, len(files_by_report.get(report.pk, []))])
    yield "03-rencana-aksi/laporan-bulanan.csv", csv_bytes(
        [_("id laporan"), _("bulan"), _("rencana aksi"), _("agen"), _("kemajuan"), _("kegiatan"), _("hasil"),
         _("berkas bukti")], report_rows), CODE_CHANGES
    changes = [[p.pk, p.title, p.agent.employee.name, p.get_reform_area_display(), p.completed_on or "", p.result,
                _("ya") if p.integrated else _("tidak"), p.get_integration_kind_display() if p.integrated else "",
                p.integration_reference, p.integrated_on or ""]
               for p in projects if p.status == ChangeProject.Status.DONE]
    yield "04-perubahan/perubahan-dan-integrasi.csv", csv_bytes(
        [_("id"), _("judul"), _("agen"), _("area"), _("tanggal perubahan"), _("hasil"), _("terintegrasi"),
         _("bentuk integrasi"), _("referensi integrasi"), _("tanggal integrasi")], changes), CODE_INTEGRATED


def evaluation_summary(agency, period):
    """The agency's 360° summary only (response rate and mean per value); never a person's result."""
    from .selectors import evaluation_figures

    cycle, figures = evaluation_figures([agency.pk])
    row = figures.get(agency.pk)
    if cycle is None or row is None:
        return
    data = [[_("tingkat respons (%)"), row["response_rate"]]]
    data += [[_("nilai %(code)s") % {"code": code}, "" if score is None else score]
             for code, score in sorted(row["scores"].items())]
    yield "05-penilaian-360/ringkasan-perangkat-daerah.csv", csv_bytes([str(cycle), agency.name], data), CODE_EVAL


def selection_documents(agency, period):
    """The selection minutes and the SKs (draft and signed) of the period, current versions, from the documents app."""
    from documents.selectors import documents_for

    for doc in documents_for(agency=agency, period=period):
        name = pack.safe_name(f"{doc.get_kind_display()} v{doc.version}")
        yield f"06-dokumen-seleksi/{name}.pdf", doc.file, CODE_DECREE


def register_builtin() -> None:
    for collector in (lke_sheet, lke_evidence, decrees, change_projects, evaluation_summary, selection_documents):
        pack.register(collector)
