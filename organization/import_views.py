"""Pages of the employee import: upload, preview and confirm, progress, result, template download."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agenperubahan.spreadsheet import csv_row

from . import permissions
from .forms import EmployeeImportForm, ImportConfirmForm
from .importing import services
from .importing.columns import COLUMNS
from .importing.template import template_csv, template_xlsx
from .models import ImportJob
from .nip import format_nip

ROWS_PER_PAGE = 50
RECENT_JOBS = 10
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = [
    ("all", gettext_lazy("Semua")), ("create", gettext_lazy("Baru")), ("update", gettext_lazy("Diubah")),
    ("unchanged", gettext_lazy("Tidak berubah")), ("error", gettext_lazy("Bermasalah")),
]


def _require_importer(user):
    if not permissions.can_import_employees(user):
        raise PermissionDenied


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


@login_required
def import_start(request):
    _require_importer(request.user)
    form = EmployeeImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(by=request.user, agency=form.cleaned_data["agency"],
                                             upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("organization:import_detail", pk=job.pk)
    recent = permissions.visible_import_jobs(request.user).defer("preview", "errors", "notices")[:RECENT_JOBS]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "organization/import/start.html", {
        "form": form, "recent": recent, "columns": COLUMNS,
    }, status=status)


def _rows_page(request, job: ImportJob):
    show = request.GET.get("show") or ("error" if job.error_rows and job.status == ImportJob.Status.PREVIEW else "all")
    if show not in dict(FILTERS):
        show = "all"
    rows = job.preview if show == "all" else [r for r in job.preview if r["action"] == show]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    wanted = {r["row"] for r in page.object_list}
    errors: dict[int, list] = {}
    for e in job.errors:
        if e["row"] in wanted:
            errors.setdefault(e["row"], []).append(e)
    for r in page.object_list:
        r["errors"] = errors.get(r["row"], [])
        r["nip_display"] = format_nip(r["nip"])
    counts = {"all": job.total_rows, "create": job.to_create, "update": job.to_update, "unchanged": job.unchanged,
              "error": job.error_rows}
    filters = [(key, label, counts[key]) for key, label in FILTERS]
    return show, page, filters


@login_required
def import_detail(request, pk):
    job = permissions.access_object(permissions.visible_import_jobs(request.user), pk=pk)
    show, page, filters = _rows_page(request, job)
    return render(request, "organization/import/detail.html", {
        "job": job, "page": page, "show": show, "filters": filters,
        "confirm_form": ImportConfirmForm(),
        "can_confirm": job.status == ImportJob.Status.PREVIEW and permissions.can_import_employees(request.user, job.agency_id),
    })


@login_required
@require_POST
def import_confirm(request, pk):
    job = permissions.access_object(permissions.visible_import_jobs(request.user), pk=pk)
    form = ImportConfirmForm(request.POST)
    form.is_valid()
    try:
        job = services.import_job_confirm(job=job, by=request.user, only_valid=form.cleaned_data.get("only_valid", False))
    except ValidationError as exc:
        job.refresh_from_db()
        if job.status != ImportJob.Status.PREVIEW:  # e.g. a second click on "Terapkan": already on its way
            messages.info(request, " ".join(exc.messages))
            return redirect("organization:import_detail", pk=job.pk)
        _add_errors(form, exc)
        show, page, filters = _rows_page(request, job)
        return render(request, "organization/import/detail.html", {
            "job": job, "page": page, "show": show, "filters": filters, "confirm_form": form, "can_confirm": True,
        }, status=400)
    # No flash message: the import's page says what happened (result, failure, or the progress bar).
    return redirect("organization:import_detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    job = permissions.access_object(permissions.visible_import_jobs(request.user), pk=pk)
    try:
        services.import_job_cancel(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organization:import_detail", pk=job.pk)
    messages.info(request, _("Impor dibatalkan; tidak ada data pegawai yang diubah."))
    return redirect("organization:import_start")


@login_required
def import_status(request, pk):
    """The progress bar (htmx polls it). When the job is over, htmx reloads the page to show the result."""
    job = permissions.access_object(
        permissions.visible_import_jobs(request.user).defer("preview", "errors", "notices"), pk=pk)
    response = render(request, "organization/import/_progress.html", {"job": job})
    if not job.is_in_progress:
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_errors_csv(request, pk):
    """Every error of an import as a CSV the operator can work through in Excel."""
    job = permissions.access_object(permissions.visible_import_jobs(request.user), pk=pk)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Baris"), "NIP", _("Kolom"), _("Pesan")])
    for e in job.errors:
        writer.writerow(csv_row([e["row"], e["nip"], e["column"], e["message"]]))
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{job.pk}.csv"'
    return response


@login_required
def import_template(request, fmt):
    _require_importer(request.user)
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="templat-impor-pegawai.{fmt}"'
    return response
