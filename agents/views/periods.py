from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organization.models import Agency
from organization.permissions import access_object

from .. import permissions, services
from ..forms import CriterionFormSet, PeriodForm, QuotaFormSet
from ..models import DEFAULT_CRITERIA, ChainStep, ProgramPeriod
from ..selectors import quota_overview
from .common import apply_errors


@login_required
def period_list(request):
    periods = permissions.visible_periods(request.user).order_by("-nomination_opens")
    return render(request, "agents/period_list.html", {
        "periods": periods, "can_manage": permissions.can_manage_periods(request.user),
    })


@login_required
def period_detail(request, pk):
    period = access_object(permissions.visible_periods(request.user), pk=pk)
    agency_ids = Agency.objects.top_level().active().values_list("pk", flat=True)
    return render(request, "agents/period_detail.html", {
        "period": period, "criteria": period.criteria.all(), "quotas": quota_overview(period, agency_ids),
        "can_manage": permissions.can_manage_periods(request.user),
        "chain_labels": [str(ChainStep(step).label) for step in period.approval_chain if step in ChainStep.values],
    })


def _period_form(request, period: ProgramPeriod | None):
    if not permissions.can_manage_periods(request.user):
        raise PermissionDenied
    agencies = Agency.objects.top_level().active().order_by("name")
    creating = period is None
    period = period or ProgramPeriod(employee_types=["PNS"])
    data = request.POST if request.method == "POST" else None
    form = PeriodForm(data, instance=period)
    quota_initial = [{"agency": q.agency_id, "quota": q.quota} for q in period.quotas.all()] if not creating else []
    criteria_initial = ([{"name": c.name, "description": c.description, "weight": c.weight} for c in period.criteria.all()]
                        if not creating else
                        [{"name": str(n), "description": str(d), "weight": w}
                         for n, d, w in DEFAULT_CRITERIA])
    quotas = QuotaFormSet(data, prefix="quota", initial=quota_initial, form_kwargs={"agencies": agencies})
    criteria = CriterionFormSet(data, prefix="criteria", initial=criteria_initial)
    if request.method == "POST" and form.is_valid() and quotas.is_valid() and criteria.is_valid():
        quota_map = {f.cleaned_data["agency"].pk: f.cleaned_data["quota"] for f in quotas
                     if f.cleaned_data and not f.cleaned_data.get("DELETE")}
        criteria_rows = [{"name": f.cleaned_data["name"], "description": f.cleaned_data.get("description", ""),
                          "weight": f.cleaned_data["weight"]}
                         for f in criteria if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            saved = services.period_save(period=form.save(commit=False), by=request.user, quotas=quota_map,
                                         criteria=criteria_rows)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Periode %(name)s disimpan.") % {"name": saved.name})
            return redirect("agents:period_detail", pk=saved.pk)
    return render(request, "agents/period_form.html", {
        "form": form, "quotas": quotas, "criteria": criteria, "period": None if creating else period,
        "title": _("Periode baru") if creating else _("Ubah periode %(name)s") % {"name": period.name},
    }, status=400 if request.method == "POST" else 200)


@login_required
def period_create(request):
    return _period_form(request, None)


@login_required
def period_edit(request, pk):
    period = access_object(permissions.visible_periods(request.user), pk=pk)
    return _period_form(request, period)
