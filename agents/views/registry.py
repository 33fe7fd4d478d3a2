from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from agenperubahan import audit, fragments
from agenperubahan.spreadsheet import csv_row, xlsx_append
from organization.models import Agency
from organization.permissions import access_object, can_see_nip

from .. import permissions, services
from ..forms import EndTermForm, RenewForm, RoleModelForm
from ..models import AgentRole, ChangeAgent, ProgramPeriod
from ..selectors import agent_registry
from .common import LIST_INCLUDES, PAGE_SIZE, SHOWN, apply_errors, list_scope, url_for_each

FILTERS = ("agency", "period", "role", "state", "kind", "q")
STATE_LABELS = {"active": _l("Aktif"), "upcoming": _l("Akan bertugas"), "ended": _l("Berakhir")}


def _filtered(request, shape: str = ""):
    g = request.GET
    return agent_registry(request.user, agency_id=g.get("agency"), period_id=g.get("period"), role=g.get("role", ""),
                          state=g.get("state", ""), kind=g.get("kind", ""), q=g.get("q", ""), shape=shape)


@login_required
def agent_list(request):
    user = request.user
    values = fragments.version_values(SHOWN, user=user)  # with the reader's own version, for the checks that follow
    if not permissions.can_list_agents(user):
        raise PermissionDenied

    def context():
        page = Paginator(_filtered(request, shape="page"), PAGE_SIZE).get_page(request.GET.get("page"))
        detail_url = url_for_each("agents:agent_detail")
        for a in page.object_list:
            a.url = detail_url(a.pk)
        agencies = None
        if permissions.is_city_reader(user):
            agencies = Agency.objects.top_level().only("pk", "name").order_by("name")
        return {
            "page": page, "agencies": agencies, "periods": ProgramPeriod.objects.only("pk", "name"),
            "roles": AgentRole.choices, "kinds": ChangeAgent.Kind.choices,
            "filters": {k: request.GET.get(k, "") for k in FILTERS},
            "query": request.GET.urlencode(), "today": timezone.localdate(),
            "can_manage": permissions.can_manage_agents(user),
        }

    body = fragments.cached_body(request, "agents/_agent_list_body.html", context, versions=SHOWN, values=values,
                                 vary=(list_scope(user),), templates=LIST_INCLUDES)
    return render(request, "agents/agent_list.html", {"body": body})


EXPORT_HEADER = [
    _l("NIP"), _l("Nama"), _l("Perangkat daerah"), _l("Jenis"), _l("Peran"), _l("Periode"), _l("Awal masa tugas"),
    _l("Akhir masa tugas"), _l("Nomor SK"), _l("Tanggal SK"), _l("Penanda tangan"), _l("Status"),
    _l("Alasan berakhir"),
]


def _rows(qs):
    today = timezone.localdate()
    for a in qs.iterator(chunk_size=2000):
        state = str(STATE_LABELS[a.state_on(today)])
        yield [
            a.employee.nip, a.employee.name, a.agency.name, a.get_kind_display(), ", ".join(a.role_labels),
            a.period.name if a.period else "", a.term_start, a.term_end, a.decree_number, a.decree_date,
            a.decree_signatory, state, a.end_reason,
        ]


@login_required
def agent_export(request, fmt):
    if not permissions.can_list_agents(request.user):
        raise PermissionDenied
    qs = _filtered(request)
    stamp = timezone.localdate().strftime("%Y%m%d")
    header = [str(h) for h in EXPORT_HEADER]
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="agen-perubahan-{stamp}.csv"'
        response.write("\ufeff")  # so Excel opens the UTF-8 file correctly
        writer = csv.writer(response)
        writer.writerow(header)
        for row in _rows(qs):
            writer.writerow(csv_row(row))
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        from organization.institution import current_institution

        wb = Workbook(write_only=False)
        wb.properties.creator = current_institution().name
        ws = wb.active
        ws.title = str(_("Agen perubahan"))[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in _rows(qs):
            xlsx_append(ws, row)
        for col, width in zip("ABCDEFGHIJKLM", [20, 30, 35, 16, 40, 16, 14, 14, 28, 12, 24, 10, 30], strict=True):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A2"
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="agen-perubahan-{stamp}.xlsx"'
        return response
    raise Http404


@login_required
def agent_detail(request, pk):
    agent = access_object(permissions.visible_agents(request.user), pk=pk)
    projects = agent.projects.order_by("-created_at")
    return render(request, "agents/agent_detail.html", {
        "agent": agent, "projects": projects, "history": ChangeAgent.objects.filter(employee=agent.employee)
        .select_related("period", "agency").order_by("-term_start"),
        "can_end": permissions.can_end_term(request.user, agent),
        "can_renew": permissions.can_renew(request.user, agent),
        "can_history": permissions.can_view_agent_history(request.user, agent),
    })


@login_required
def agent_history(request, pk):
    """"Riwayat perubahan" of an agent's record (term, roles, decree, end of term)."""
    agent = access_object(permissions.visible_agents(request.user), pk=pk)
    if not permissions.can_view_agent_history(request.user, agent):
        raise PermissionDenied
    return render(request, "audit/history.html", {
        "object_title": agent.employee.full_name,
        "subtitle": f"{agent.get_kind_display()} · {agent.agency}",
        "crumbs": [(reverse("agents:agent_list"), _("Agen perubahan")),
                   (reverse("agents:agent_detail", args=[agent.pk]), agent.employee.full_name)],
        **audit.page_context(request, agent, show_nip=can_see_nip(request.user, agent.employee)),
    })


@login_required
def agent_end_term(request, pk):
    agent = access_object(permissions.visible_agents(request.user), pk=pk)
    if not permissions.can_end_term(request.user, agent):
        raise PermissionDenied
    form = EndTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agent_end_term(agent=agent, by=request.user, reason=form.cleaned_data["reason"],
                                    ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Masa tugas %(name)s diakhiri.") % {"name": agent.employee.name})
            return redirect("agents:agent_detail", pk=agent.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Akhiri masa tugas %(name)s") % {"name": agent.employee.name},
        "cancel_url": reverse("agents:agent_detail", args=[agent.pk]),
        "submit_label": _("Akhiri masa tugas"), "danger": True,
    }, status=400 if request.method == "POST" else 200)


@login_required
def agent_renew(request, pk):
    agent = access_object(permissions.visible_agents(request.user), pk=pk)
    if not permissions.can_renew(request.user, agent):
        raise PermissionDenied
    form = RenewForm(request.POST or None, agent=agent, initial={"decree_signatory": agent.decree_signatory})
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.agent_renew(
                agent=agent, by=request.user, period=form.cleaned_data["period"],
                decree_number=form.cleaned_data["decree_number"], decree_date=form.cleaned_data["decree_date"],
                decree_signatory=form.cleaned_data["decree_signatory"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Masa tugas diperpanjang untuk %(period)s.") % {"period": renewal.period})
            return redirect("agents:agent_detail", pk=renewal.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Perpanjang %(name)s untuk periode berikutnya") % {"name": agent.employee.name},
        "submit_label": _("Perpanjang"), "cancel_url": reverse("agents:agent_detail", args=[agent.pk]),
    }, status=400 if request.method == "POST" else 200)


@login_required
def role_model_create(request):
    if not permissions.can_manage_agents(request.user):
        raise PermissionDenied
    period = ProgramPeriod.objects.current()
    initial = {"period": period, "term_start": period.term_start if period else None,
               "term_end": period.term_end if period else None}
    form = RoleModelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agent = services.role_model_designate(
                employee=d["employee"], by=request.user, decree_number=d["decree_number"],
                decree_date=d["decree_date"], decree_signatory=d["decree_signatory"], term_start=d["term_start"],
                term_end=d["term_end"], period=d["period"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s ditetapkan sebagai role model.") % {"name": agent.employee.name})
            return redirect("agents:agent_detail", pk=agent.pk)
    return render(request, "agents/simple_form.html", {
        "form": form, "title": _("Tetapkan role model"), "submit_label": _("Tetapkan"),
        "intro": _("Role model biasanya pimpinan unit kerja, ditetapkan dengan SK Role Model tersendiri."),
    }, status=400 if request.method == "POST" else 200)
