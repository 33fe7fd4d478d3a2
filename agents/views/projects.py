from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.permissions import access_object

from .. import permissions, services
from ..forms import IntegrationForm, ProjectForm, ReportForm
from ..models import ChangeProject, ReformArea, ReportEvidence
from ..selectors import project_list as select_projects
from ..selectors import report_due
from .common import PAGE_SIZE, apply_errors, serve_evidence


@login_required
def project_list(request):
    g = request.GET
    mine = g.get("mine") == "1" or not (permissions.is_city_reader(request.user) or permissions.can_list_agents(request.user))
    qs = select_projects(request.user, mine=mine, agency_id=g.get("agency"), status=g.get("status", ""),
                         area=g.get("area", ""), q=g.get("q", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    return render(request, "agents/project_list.html", {
        "page": page, "mine": mine, "statuses": ChangeProject.Status.choices, "areas": ReformArea.choices,
        "filters": {k: g.get(k, "") for k in ("status", "area", "q")},
        "can_create": permissions.can_create_project(request.user),
    })


@login_required
def project_create(request):
    if not permissions.can_create_project(request.user):
        raise PermissionDenied(_("Hanya agen perubahan aktif yang dapat menyusun rencana aksi."))
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(project=form.save(commit=False), by=request.user,
                                            members=form.cleaned_data["members"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Rencana aksi disimpan."))
            return redirect("agents:project_detail", pk=project.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Rencana aksi baru"), "submit_label": _("Simpan"),
        "cancel_url": reverse("agents:project_list"),
        "intro": _("Tuliskan satu perubahan nyata yang akan Anda pimpin: masalahnya, usulan perubahan, target, "
                   "indikator, dan jadwalnya."),
    }, status=400 if request.method == "POST" else 200)


def _get(request, pk) -> ChangeProject:
    return access_object(permissions.visible_projects(request.user), pk=pk)


@login_required
def project_detail(request, pk):
    project = _get(request, pk)
    reports = project.reports.select_related("submitted_by").prefetch_related("evidence")
    return render(request, "agents/project_detail.html", {
        "project": project, "reports": reports, "members": project.members.only("pk", "name", "nip"),
        "can_edit": permissions.can_edit_project(request.user, project),
        "can_report": permissions.can_report_progress(request.user, project),
        "can_verify": permissions.can_verify_project(request.user, project),
        "report_due": report_due(project),
        "integration_form": IntegrationForm(),
        **_forum_context(request.user, project),
    })


def _forum_context(user, project: ChangeProject) -> dict:
    """The forum topics that follow this project, and where the user may open one (the agency's forum)."""
    from forums import permissions as forum_permissions
    from forums.models import Forum

    forum = Forum.objects.filter(agency_id=project.agency_id).first()
    return {
        "topics": forum_permissions.visible_topics(user).filter(project=project).order_by("-last_post_at")[:20],
        "discuss_forum": forum if forum and forum_permissions.can_post(user, forum) else None,
    }


@require_POST
@login_required
def project_verify(request, pk):
    """The kepala or operator verifies the agent's "selesai" / "terintegrasi" (then it counts for ZI)."""
    project = _get(request, pk)
    if not permissions.can_verify_project(request.user, project):
        raise PermissionDenied(services.projects.NOT_VERIFIER)
    services.project_verify(project=project, by=request.user)
    messages.success(request, _("Rencana aksi diverifikasi; kini dihitung dalam angka Zona Integritas."))
    return redirect("agents:project_detail", pk=project.pk)


@login_required
def project_edit(request, pk):
    project = _get(request, pk)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(project=form.save(commit=False), by=request.user, members=form.cleaned_data["members"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Rencana aksi disimpan."))
            return redirect("agents:project_detail", pk=project.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Ubah rencana aksi"), "submit_label": _("Simpan"),
        "cancel_url": reverse("agents:project_detail", args=[project.pk]),
    }, status=400 if request.method == "POST" else 200)


@login_required
def project_integrate(request, pk):
    project = _get(request, pk)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    form = IntegrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_integrate(project=project, by=request.user, kind=form.cleaned_data["kind"],
                                       reference=form.cleaned_data["reference"],
                                       integrated_on=form.cleaned_data["integrated_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Integrasi ke sistem manajemen dicatat."))
            return redirect("agents:project_detail", pk=project.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Catat integrasi ke sistem manajemen"), "submit_label": _("Simpan"),
        "cancel_url": reverse("agents:project_detail", args=[project.pk]),
    }, status=400 if request.method == "POST" else 200)


@login_required
def report_create(request, pk):
    project = _get(request, pk)
    if not permissions.can_report_progress(request.user, project):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None, initial={"progress": project.progress})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.report_submit(
                project=project, by=request.user, month=d["month"], progress=d["progress"],
                activities=d["activities"], results=d["results"], obstacles=d["obstacles"],
                next_steps=d["next_steps"], files=d["evidence"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Laporan kemajuan terkirim."))
            return redirect("agents:project_detail", pk=project.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Laporan kemajuan: %(title)s") % {"title": project.title},
        "submit_label": _("Kirim laporan"), "multipart": True,
        "cancel_url": reverse("agents:project_detail", args=[project.pk]),
    }, status=400 if request.method == "POST" else 200)


@login_required
def report_evidence(request, pk, evidence_pk):
    project = _get(request, pk)
    evidence = ReportEvidence.objects.filter(pk=evidence_pk, report__project=project).first()
    if evidence is None:
        raise Http404
    return serve_evidence(evidence)
