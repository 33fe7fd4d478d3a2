"""Change projects (rencana aksi), monthly progress reports with evidence, and integration into the system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from organization.models import Employee, User

from .. import permissions
from ..models import ChangeProject, ProgressReport, ReportEvidence
from ..uploads import detect_evidence_type
from .common import NOT_ALLOWED

PROJECT_FIELDS = ["title", "reform_area", "problem", "proposed_change", "target", "indicator", "start_date",
                  "end_date", "status", "progress", "completed_on", "result"]


def _check_members(project: ChangeProject, members: Iterable[Employee] | None) -> list[Employee] | None:
    if members is None:
        return None
    members = list(members)
    outside = [m for m in members if m.agency_id != project.agency_id]
    if outside:
        # Neither names nor NIPs: the caller may not see employees of other agencies (issue 14).
        raise ValidationError({"members": ngettext(
            "Anggota harus pegawai %(agency)s; %(n)d pegawai yang dipilih bukan pegawai %(agency)s.",
            "Anggota harus pegawai %(agency)s; %(n)d pegawai yang dipilih bukan pegawai %(agency)s.",
            len(outside)) % {"agency": project.agency, "n": len(outside)}})
    return members


NOT_AN_AGENT = gettext_lazy("Hanya agen perubahan aktif yang dapat menyusun rencana aksi.")


@transaction.atomic
def project_save(*, project: ChangeProject, by: User, members: Iterable[Employee] | None = None) -> ChangeProject:
    """Create (the signed-in agent owns it) or update a project."""
    if project.pk is None:
        agent = permissions.current_agent_record(by)
        if agent is None:
            raise PermissionDenied(NOT_AN_AGENT)
        project.agent = agent
        project.agency_id = agent.agency_id
    elif not permissions.can_edit_project(by, project):
        raise PermissionDenied(NOT_ALLOWED)
    if project.status == ChangeProject.Status.DONE and project.progress < 100:
        project.progress = 100
    if project.status != ChangeProject.Status.DONE and project.integrated:
        raise ValidationError({"status": _("Perubahan yang sudah terintegrasi tidak dapat dibuka kembali.")})
    members = _check_members(project, members)
    project.full_clean(exclude=["agent", "agency", "members"])
    project._history_user = by
    project.save()
    if members is not None:
        project.members.set(members)
    return project


@transaction.atomic
def project_integrate(
    *, project: ChangeProject, by: User, kind: str, reference: str, integrated_on: dt.date | None = None,
) -> ChangeProject:
    """Record that a finished change is part of the management system (an SOP, decree, policy or system)."""
    project = ChangeProject.objects.select_for_update().select_related("agent").get(pk=project.pk)
    if not permissions.can_edit_project(by, project):
        raise PermissionDenied(NOT_ALLOWED)
    if project.status != ChangeProject.Status.DONE:
        raise ValidationError({"integrated": _("Tandai rencana aksi selesai (dengan tanggal perubahan nyata) "
                                               "sebelum mencatat integrasinya.")})
    project.integrated = True
    project.integration_kind = kind or ""
    project.integration_reference = (reference or "").strip()
    project.integrated_on = integrated_on or timezone.localdate()
    project.full_clean(exclude=["agent", "agency", "members"])
    project._history_user = by
    project.save()
    return project


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def report_submit(
    *, project: ChangeProject, by: User, month: dt.date, progress: int, activities: str, results: str = "",
    obstacles: str = "", next_steps: str = "", files: Iterable = (),
) -> ProgressReport:
    """The monthly progress report (one per project and month), with evidence; updates the project's progress."""
    project = ChangeProject.objects.select_for_update().select_related("agent").get(pk=project.pk)
    if not permissions.can_report_progress(by, project):
        raise PermissionDenied(_("Laporan kemajuan dibuat oleh agen pemilik rencana aksi yang sedang berjalan."))
    month = month_start(month)
    errors = {}
    if month > month_start(timezone.localdate()):
        errors["month"] = _("Bulan laporan tidak boleh di masa depan.")
    elif month < month_start(project.start_date):
        errors["month"] = _("Bulan laporan sebelum rencana aksi dimulai.")
    if progress is None or not 0 <= int(progress) <= 100:
        errors["progress"] = _("Kemajuan diisi 0–100 persen.")
    if not (activities or "").strip():
        errors["activities"] = _("Ceritakan kegiatan yang dilakukan bulan ini.")
    if errors:
        raise ValidationError(errors)
    files = list(files)
    mimes = [detect_evidence_type(f) for f in files]
    report = ProgressReport(project=project, month=month, progress=int(progress), activities=activities.strip(),
                            results=results, obstacles=obstacles, next_steps=next_steps, submitted_by=by)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError({"month": _("Laporan bulan %(m)s sudah ada.") % {"m": month.strftime("%m-%Y")}}) from exc
    for f, mime in zip(files, mimes, strict=True):
        ev = ReportEvidence(report=report, original_name=f.name[:255], content_type=mime, size=f.size, uploaded_by=by)
        ev.file.save(f.name, f, save=False)
        ev.save()
    update = {"progress": int(progress)}
    if project.status == ChangeProject.Status.PLANNED:
        update["status"] = ChangeProject.Status.ONGOING
    if project.last_report_month is None or month > project.last_report_month:
        update["last_report_month"] = month
    ChangeProject.objects.filter(pk=project.pk).update(**update)
    return report
