"""Writes of the employee import: upload (preview), confirm, apply, cancel."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Agency, ImportJob, User
from ..services import NOT_ALLOWED_AGENCY
from .planner import CREATE, ERROR, UNCHANGED, UPDATE, Plan, plan_import
from .reader import FileProblem, read_table
from .writer import apply_plan

logger = logging.getLogger(__name__)

ERR_TOO_BIG = _("Ukuran file melebihi batas %(mb)s MB. Pecah file menjadi beberapa bagian.")
ERR_HAS_ERRORS = _("File masih berisi %(n)s baris bermasalah, jadi belum ada yang disimpan. Perbaiki file lalu "
                   "unggah lagi, atau centang \"Impor hanya baris yang valid\".")
ERR_NOT_PENDING = _("Impor ini tidak lagi menunggu konfirmasi (status: %(status)s).")
MSG_STALE = _("Data di portal berubah sejak pratinjau dibuat dan kini ada baris yang bermasalah; belum ada yang "
              "disimpan. Periksa pratinjau yang diperbarui di bawah.")
MSG_FAILED = _("Impor gagal karena kesalahan sistem; tidak ada data pegawai yang diubah. Coba lagi atau hubungi "
               "administrator (impor #%(id)s).")
NOTE_QUEUED = _("Menunggu giliran diproses…")
NOTE_READING = _("Membaca file…")
NOTE_CHECKING = _("Memeriksa baris %(done)s dari %(total)s…")
NOTE_SAVING = _("Menyimpan ke basis data…")


def sync_max_rows() -> int:
    """Files up to this many rows are applied during the request; larger ones by a Celery task."""
    return getattr(settings, "EMPLOYEE_IMPORT_SYNC_MAX_ROWS", 2000)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _store_plan(job: ImportJob, plan: Plan) -> None:
    counts = plan.counts
    job.total_rows = len(plan.rows)
    job.to_create, job.to_update = counts[CREATE], counts[UPDATE]
    job.unchanged, job.error_rows = counts[UNCHANGED], counts[ERROR]
    job.preview = plan.preview_json()
    job.errors = plan.errors_json()
    job.notices = plan.notices


def import_job_create(*, by: User, agency: Agency, upload) -> ImportJob:
    """Read and check an uploaded file, and keep it with its preview. Nothing is written to employees yet."""
    if not permissions.can_import_employees(by, agency):
        raise PermissionDenied(NOT_ALLOWED_AGENCY)
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size and upload.size > limit:
        raise ValidationError({"file": ERR_TOO_BIG % {"mb": settings.MAX_UPLOAD_MB}})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": ERR_TOO_BIG % {"mb": settings.MAX_UPLOAD_MB}})
    try:
        table = read_table(data)
        plan = plan_import(table, agency, by=by)
    except FileProblem as exc:
        raise ValidationError({"file": exc.message}) from None
    job = ImportJob(agency=agency, created_by=by, file_format=table.file_format,
                    original_name=os.path.basename(upload.name or "")[:255] or "upload")
    _store_plan(job, plan)
    with transaction.atomic():
        job.file.save("upload", ContentFile(data), save=False)
        job.save()
    return job


def import_job_confirm(*, job: ImportJob, by: User, only_valid: bool = False) -> ImportJob:
    """The operator's go-ahead. Small files are applied now; large ones are queued for the worker."""
    from ..tasks import apply_employee_import

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not permissions.can_import_employees(by, job.agency_id):
            raise PermissionDenied(NOT_ALLOWED_AGENCY)
        if job.status != ImportJob.Status.PREVIEW:
            raise ValidationError(ERR_NOT_PENDING % {"status": job.get_status_display()})
        if job.error_rows and not only_valid:
            raise ValidationError({"only_valid": ERR_HAS_ERRORS % {"n": _number(job.error_rows)}})
        job.only_valid = only_valid
        job.confirmed_by = by
        job.confirmed_at = timezone.now()
        job.status = ImportJob.Status.QUEUED
        job.progress, job.progress_note, job.message = 0, str(NOTE_QUEUED), ""
        job.save()
        background = job.total_rows > sync_max_rows()
        if background:
            job_id = job.pk
            transaction.on_commit(lambda: apply_employee_import.delay(job_id))
    if background:
        return job
    return import_job_apply(job_id=job.pk)


def _progress(job_id: int, percent: int, note: str) -> None:
    # Outside the write transaction, so the page polling the status sees it at once.
    ImportJob.objects.filter(pk=job_id).update(progress=percent, progress_note=note)


def import_job_apply(*, job_id: int, reraise: bool = False) -> ImportJob:
    """Check the stored file again against the current data and write it. Safe to run twice: a job that is not
    queued (or running, after a worker restart) is left alone, and the writes happen in one transaction."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).update(status=ImportJob.Status.RUNNING, started_at=timezone.now(), progress=2, progress_note=str(NOTE_READING))
    job = ImportJob.objects.select_related("agency", "created_by", "confirmed_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        with job.file.open("rb") as f:
            data = f.read()

        def report(done, total):
            note = gettext(NOTE_CHECKING) % {"done": _number(done), "total": _number(total)}
            _progress(job_id, 5 + 80 * done // total, note)

        plan = plan_import(read_table(data), job.agency, progress=report, by=job.confirmed_by or job.created_by)
        if plan.counts[ERROR] and not job.only_valid:
            _store_plan(job, plan)
            job.status, job.progress, job.progress_note = ImportJob.Status.PREVIEW, 0, ""
            job.message = str(MSG_STALE)
            job.save()
            return job
        _progress(job_id, 90, str(NOTE_SAVING))
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job_id)
            if locked.status != ImportJob.Status.RUNNING:
                return locked
            created, updated = apply_plan(plan, by=job.confirmed_by or job.created_by, reason=job.change_reason)
            _store_plan(locked, plan)
            locked.created_count, locked.updated_count = created, updated
            locked.skipped_count = plan.counts[ERROR]
            locked.status, locked.progress, locked.progress_note = ImportJob.Status.DONE, 100, ""
            locked.message = ""
            locked.finished_at = timezone.now()
            locked.save()
        logger.info("Import #%s into %s by %s: %s created, %s updated, %s skipped", job_id, job.agency.code,
                    job.confirmed_by, created, updated, locked.skipped_count)
        return locked
    except Exception as exc:
        logger.exception("Import #%s failed", job_id)
        message = exc.message if isinstance(exc, FileProblem) else str(MSG_FAILED % {"id": job_id})
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, message=message, progress_note="", finished_at=timezone.now())
        if reraise:
            raise
        job.refresh_from_db()
        return job


@transaction.atomic
def import_job_cancel(*, job: ImportJob, by: User) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not permissions.can_import_employees(by, job.agency_id):
        raise PermissionDenied(NOT_ALLOWED_AGENCY)
    if job.status != ImportJob.Status.PREVIEW:
        raise ValidationError(ERR_NOT_PENDING % {"status": job.get_status_display()})
    job.status = ImportJob.Status.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    name = job.file.name
    transaction.on_commit(lambda: job.file.storage.delete(name))
    return job
