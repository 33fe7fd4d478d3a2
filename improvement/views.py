"""Improvement-plan pages: the list of weak values and plans in the reader's scope, a plan, and its forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluations.models import Cycle
from organization.permissions import access_object, is_city_reader

from . import permissions, rater_quality, recognition, selectors, services
from .forms import ActionForm, DesignateForm, PlanForm, ProgressForm, ReviewForm, StraightLiningForm


def _require_plans(request) -> None:
    if not permissions.can_view_plans(request.user):
        raise PermissionDenied


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request):
    _require_plans(request)
    weak_values = list(selectors.weak_value_list(request.user)[:300])
    return render(request, "improvement/index.html", {
        "title": _("Rencana perbaikan nilai"), "weak_values": weak_values,
        "counts": selectors.plan_counts(weak_values).values(), "city": is_city_reader(request.user),
        "tim_rb": permissions.can_view_rater_quality(request.user),
    })


@login_required
def plan_create(request, pk: int):
    _require_plans(request)
    weak_value = access_object(permissions.visible_weak_values(request.user).select_related("agency", "cycle"), pk=pk)
    if not permissions.can_write_plan(request.user, weak_value):
        raise PermissionDenied
    existing = selectors.plan_of(weak_value)
    if existing is not None:
        return redirect("improvement:plan_detail", existing.pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(weak_value=weak_value, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Rencana perbaikan disimpan. Tambahkan tindakannya."))
            return redirect("improvement:plan_detail", plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "improvement/plan_form.html",
                  {"title": _("Tulis rencana perbaikan"), "form": form, "weak_value": weak_value}, status=status)


def _plan_page(request, plan, *, action_form=None, progress_form=None, status=200):
    can_update = permissions.can_update_plan(request.user, plan)
    return render(request, "improvement/plan_detail.html", {
        "title": str(plan), "plan": plan, "can_update": can_update,
        "action_form": action_form or (ActionForm(plan=plan) if can_update else None),
        "progress_form": progress_form or (ProgressForm(plan=plan) if can_update else None),
    }, status=status)


@login_required
def plan_detail(request, pk: int):
    _require_plans(request)
    plan = access_object(selectors.plan_detail(request.user), pk=pk)
    return _plan_page(request, plan)


def _plan_for_update(request, pk: int):
    _require_plans(request)
    plan = access_object(selectors.plan_detail(request.user), pk=pk)
    if not permissions.can_update_plan(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
@require_POST
def action_add(request, pk: int):
    plan = _plan_for_update(request, pk)
    form = ActionForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_action_add(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Tindakan ditambahkan."))
            return redirect("improvement:plan_detail", plan.pk)
    return _plan_page(request, plan, action_form=form, status=400)


@login_required
@require_POST
def progress_add(request, pk: int):
    plan = _plan_for_update(request, pk)
    form = ProgressForm(request.POST, plan=plan)
    if form.is_valid():
        data = dict(form.cleaned_data)
        done = [a.pk for a in data.pop("done_actions")]
        try:
            services.plan_progress_add(plan=plan, by=request.user, done_action_ids=done, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Laporan kemajuan disimpan."))
            return redirect("improvement:plan_detail", plan.pk)
    return _plan_page(request, plan, progress_form=form, status=400)


@login_required
def cycle_rater_quality(request, pk: int):
    if not permissions.can_view_rater_quality(request.user):
        raise PermissionDenied
    cycle = access_object(Cycle.objects.select_related("instrument"), pk=pk)
    return _rater_quality_page(request, cycle)


def _rater_quality_page(request, cycle, *, form=None, status=200):
    straight = selectors.straight_lining_state(cycle)
    return render(request, "improvement/rater_quality.html", {
        "title": _("Kualitas penilaian: %(cycle)s") % {"cycle": cycle.name}, "cycle": cycle,
        "data": rater_quality.rater_quality(cycle), "straight": straight,
        "straight_form": form or StraightLiningForm(initial={"exclude": straight["exclude"]})}, status=status)


@login_required
@require_POST
def cycle_straight_lining(request, pk: int):
    """Tim RB turns the exclusion of straight-lined submissions on or off (before the close)."""
    from evaluations.services import cycle_straight_lining_set

    if not permissions.can_view_rater_quality(request.user):
        raise PermissionDenied
    cycle = access_object(Cycle.objects.select_related("instrument"), pk=pk)
    form = StraightLiningForm(request.POST)
    if form.is_valid():
        try:
            cycle_straight_lining_set(cycle=cycle, by=request.user, exclude=form.cleaned_data["exclude"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan jawaban seragam disimpan."))
            return redirect("improvement:rater_quality", cycle.pk)
    cycle.refresh_from_db()
    return _rater_quality_page(request, cycle, form=form, status=400)


# --- role models ------------------------------------------------------------------------------------------------

@login_required
def recognition_list(request):
    if not permissions.can_review_recognition(request.user):
        raise PermissionDenied
    proposals = list(selectors.recognition_list(request.user)[:300])
    return render(request, "improvement/recognition_list.html", {
        "title": _("Usulan teladan nilai"), "proposals": proposals, "review_form": ReviewForm()})


def _proposal(request, pk: int):
    if not permissions.can_review_recognition(request.user):
        raise PermissionDenied
    return access_object(selectors.recognition_list(request.user), pk=pk)


@login_required
@require_POST
def recognition_review(request, pk: int):
    proposal = _proposal(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            recognition.proposal_review(proposal=proposal, by=request.user,
                                        accept=form.cleaned_data["decision"] == "accept",
                                        reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("improvement:recognition_list")
        messages.success(request, _("Usulan ditinjau."))
        return redirect("improvement:recognition_list")
    return render(request, "improvement/recognition_list.html", {
        "title": _("Usulan teladan nilai"), "proposals": list(selectors.recognition_list(request.user)[:300]),
        "review_form": form}, status=400)


@login_required
def recognition_designate(request, pk: int):
    proposal = _proposal(request, pk)
    form = DesignateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recognition.proposal_designate(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Role model ditetapkan."))
            return redirect("improvement:recognition_list")
    return render(request, "improvement/recognition_designate.html", {
        "title": _("Tetapkan role model"), "proposal": proposal, "form": form},
        status=400 if request.method == "POST" else 200)


@login_required
def recognition_certificate(request, pk: int):
    proposal = access_object(permissions.visible_recognitions(request.user).select_related("employee", "cycle"),
                             pk=pk)
    if not permissions.can_download_certificate(request.user, proposal):
        raise PermissionDenied
    try:
        code = recognition.certificate_code_ensure(proposal=proposal)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    verify_url = settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])
    response = HttpResponse(recognition.certificate_pdf(proposal, verify_url=verify_url),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="piagam-teladan-{proposal.pk}.pdf"'
    return response
