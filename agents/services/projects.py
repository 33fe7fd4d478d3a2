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
    else:
        _clear_changed_verification(project)
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
    project.clear_verification(change=False)  # a new integration claim is verified again
    project.integration_kind = kind or ""
    project.integration_reference = (reference or "").strip()
    project.integrated_on = integrated_on or timezone.localdate()
    project.full_clean(exclude=["agent", "agency", "members"])
    project._history_user = by
    project.save()
    return project


#: What the verification of a finished change vouches for: changing any of it needs a new verification.
VERIFIED_CHANGE_FIELDS = ("status", "completed_on", "result")
NOTHING_TO_VERIFY = gettext_lazy("Tidak ada yang perlu diverifikasi: rencana aksi ini belum ditandai selesai atau "
                                 "terintegrasi, atau sudah diverifikasi.")
NOT_VERIFIER = gettext_lazy("Verifikasi dilakukan oleh kepala atau operator kepegawaian perangkat daerah rencana "
                            "aksi ini, bukan oleh agen pemiliknya.")


def _clear_changed_verification(project: ChangeProject) -> None:
    stored = ChangeProject.objects.filter(pk=project.pk).values(*VERIFIED_CHANGE_FIELDS).first() or {}
    if any(stored.get(f) != getattr(project, f) for f in VERIFIED_CHANGE_FIELDS):
        project.clear_verification(integration=project.status != ChangeProject.Status.DONE)


@transaction.atomic
def project_verify(*, project: ChangeProject, by: User) -> ChangeProject:
    """The kepala or operator confirms what the agent certified: the change is real ("selesai") and, when claimed,
    part of the management system ("terintegrasi"). Recorded with who and when; only then it counts for ZI."""
    project = ChangeProject.objects.select_for_update().select_related("agent").get(pk=project.pk)
    if not project.awaiting_verification:
        raise ValidationError(NOTHING_TO_VERIFY)
    if not permissions.can_verify_project(by, project):
        raise PermissionDenied(NOT_VERIFIER)
    now = timezone.now()
    if project.status == ChangeProject.Status.DONE and project.change_verified_at is None:
        project.change_verified_at, project.change_verified_by = now, by
    if project.integrated and project.integration_verified_at is None:
        project.integration_verified_at, project.integration_verified_by = now, by
    project._history_user = by
    project.save(update_fields=["change_verified_at", "change_verified_by", "integration_verified_at",
                                "integration_verified_by", "updated_at"])
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
