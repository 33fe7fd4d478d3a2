from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from organization.models import Agency, Role

from .. import panels, permissions
from ..models import ProgramPeriod
from ..selectors import agency_summary, city_summary, combine_summary


@login_required
def index(request):
    """The agents workspace: what the signed-in user has to do, by role."""
    user = request.user
    ctx = {"is_tim_rb": permissions.is_tim_rb(user), "is_city_reader": permissions.is_city_reader(user)}
    if panels.is_operator(user):
        ctx["operator"] = panels.operator_context(user)
    if panels.is_kepala(user):
        ctx["kepala"] = panels.kepala_context(user)
    if permissions.is_tim_rb(user):
        ctx["tim_rb"] = panels.tim_rb_context(user)
    if user.employee_id and user.agency_ids_for(Role.AGEN, Role.ROLE_MODEL):
        ctx["agent"] = panels.agent_context(user)
    if permissions.is_city_reader(user):
        ctx["city"] = city_summary()
    return render(request, "agents/index.html", ctx)


@login_required
def zi_figures(request):
    """The Zona Integritas figures of "Manajemen Perubahan" per agency and for the city."""
    if not permissions.can_view_zi(request.user):
        raise PermissionDenied
    periods = list(ProgramPeriod.objects.order_by("-nomination_opens").only("pk", "name", "default_quota"))
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), None)
    scope = permissions.scope_agency_ids_for_zi(request.user)
    rows = agency_summary(agency_ids=scope, period=period)
    names = dict(Agency.objects.filter(pk__in=list(rows)).values_list("pk", "name"))
    table = sorted(({"agency_id": k, "name": names.get(k, ""), **v} for k, v in rows.items()),
                   key=lambda r: r["name"])
    city = combine_summary(rows) if scope is None else None
    return render(request, "agents/zi.html", {"rows": table, "city": city, "periods": periods, "period": period})
