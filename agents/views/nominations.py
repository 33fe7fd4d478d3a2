from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agenperubahan import audit, fragments
from organization.models import Agency, Employee, Role
from organization.nip import normalize_nip
from organization.permissions import access_object, can_see_nip
from organization.user_cache import user_version

from .. import permissions, services
from ..eligibility import check_eligibility, failures
from ..forms import (
    NOMINATION_STATUS_CHOICES,
    ApproveForm,
    EndorseForm,
    EvidenceForm,
    NominationEditForm,
    NominationForm,
    RejectForm,
    ReturnForm,
    score_form_class,
)
from ..models import ChangeAgent, Nomination, NominationScore, ProgramPeriod
from ..selectors import acting_heads_by_agency, nomination_history, quota_overview, stalled_nominations, waiting_for
from ..selectors import nomination_list as select_nominations
from ..selectors import nomination_ranking as select_ranking
from .common import LIST_INCLUDES, PAGE_SIZE, SHOWN, apply_errors, list_scope, serve_evidence, url_for_each


def _operator_agencies(user) -> set[int]:
    return user.agency_ids_for(Role.OPERATOR)


@login_required
def nomination_list(request):
    if not permissions.can_list_nominations(request.user):
        raise PermissionDenied
    g = request.GET
    user = request.user

    def context():
        qs = select_nominations(user, period_id=g.get("period"), status=g.get("status", ""),
                                agency_id=g.get("agency"), q=g.get("q", ""), for_page=True)
        page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
        detail_url = url_for_each("agents:nomination_detail")
        for n in page.object_list:
            n.url = detail_url(n.pk)
        periods = list(ProgramPeriod.objects.order_by("-nomination_opens").only("pk", "name"))
        agencies = None
        if permissions.is_city_reader(user):
            agencies = Agency.objects.top_level().only("pk", "name", "abbreviation").order_by("name")
        return {
            "page": page, "periods": periods, "agencies": agencies, "status_choices": NOMINATION_STATUS_CHOICES,
            "filters": {k: g.get(k, "") for k in ("period", "status", "agency", "q")},
            "can_nominate": permissions.can_nominate(user),
        }

    body = fragments.cached_body(request, "agents/_nomination_list_body.html", context, versions=SHOWN,
                                 vary=(list_scope(user),), templates=LIST_INCLUDES)
    return render(request, "agents/nomination_list.html", {"body": body})


@login_required
def nomination_create(request):
    agency_ids = _operator_agencies(request.user)
    if not agency_ids:
        raise PermissionDenied
    form = NominationForm(request.POST or None, request.FILES or None, user=request.user, agency_ids=agency_ids)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                nomination = services.nomination_create(
                    by=request.user, period=form.cleaned_data["period"], candidate=form.cleaned_data["candidate"],
                    justification=form.cleaned_data["justification"], files=form.cleaned_data["evidence"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Draf nominasi %(name)s disimpan. Periksa syarat, lalu ajukan ke kepala "
                                            "perangkat daerah.") % {"name": nomination.candidate.name})
                return redirect("agents:nomination_detail", pk=nomination.pk)
    period = ProgramPeriod.objects.current()
    return render(request, "agents/nomination_form.html", {
        "form": form, "quotas": quota_overview(period, agency_ids) if period else [], "period": period,
    }, status=status)


@login_required
def candidate_search(request):
    """Search as you type (htmx): employees of the operator's own agency by name or NIP."""
    agency_ids = _operator_agencies(request.user)
    if not agency_ids:
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    results = []
    if len(q) >= 2:
        results = (Employee.objects.active().filter(agency_id__in=agency_ids).search(q)
                   .select_related("agency", "unit").order_by("name")[:10])
    return render(request, "agents/_candidate_results.html", {"results": results, "q": q})


@login_required
def eligibility_panel(request):
    """Each eligibility rule for the picked candidate and period (htmx), before anything is saved."""
    agency_ids = _operator_agencies(request.user)
    if not agency_ids:
        raise PermissionDenied
    employee = Employee.objects.filter(nip=normalize_nip(request.GET.get("candidate", "")),
                                       agency_id__in=agency_ids).first()
    period_id = request.GET.get("period", "")
    # A period that is not a number (a typo, a crafted request) is simply no period: the panel stays empty.
    period = ProgramPeriod.objects.filter(pk=int(period_id)).first() if period_id.isdigit() and len(period_id) < 10 \
        else None
    rules = check_eligibility(period, employee) if employee and period else []
    return render(request, "agents/_eligibility.html", {
        "rules": rules, "employee": employee, "period": period, "all_passed": bool(rules) and not failures(rules),
    })


def _detail_context(request, nomination: Nomination, **forms) -> dict:
    user = request.user
    self_conflict = not permissions.can_act_on_candidate(user, nomination.candidate_id)
    capacity = None if self_conflict else permissions.endorse_capacity(user, nomination)
    ctx = {
        "nomination": nomination,
        "capacity": capacity,
        "capacity_label": services.nominations.capacity_label(capacity) if capacity else "",
        "history": nomination_history(nomination),
        "waiting_for": waiting_for(nomination),
        "evidence": nomination.evidence.all(),
        "can_edit": permissions.can_edit_nomination(user, nomination),
        "can_history": permissions.can_view_nomination_history(user, nomination),
        "can_submit": permissions.can_submit_nomination(user, nomination),
        "can_endorse": capacity is not None,
        "can_return": not self_conflict and permissions.can_return_nomination(user, nomination),
        "can_decide": not self_conflict and permissions.can_decide_nomination(user, nomination),
        "self_conflict": self_conflict,
        "can_score": permissions.can_score_nomination(user, nomination),
        "can_view_scores": permissions.can_view_scores(user),
        "conflict_of_interest": (permissions.is_tim_rb(user)
                                 and permissions.scorer_agency_id(user) == nomination.agency_id),
        "action_error": forms.get("action_error"),
    }
    # Each form is built only when the page shows its card (the reader may take that step).
    if ctx["can_endorse"]:
        ctx["endorse_form"] = forms.get("endorse_form") or EndorseForm(prefix="endorse")
        steps = nomination.period.endorsement_steps
        ctx["forwards_to_tim_rb"] = nomination.endorse_step >= len(steps) - 1
    if ctx["can_return"]:
        ctx["return_form"] = forms.get("return_form") or ReturnForm(prefix="return")
    if ctx["can_decide"]:
        ctx["reject_form"] = forms.get("reject_form") or RejectForm(prefix="reject")
        ctx["approve_form"] = forms.get("approve_form") or ApproveForm(prefix="approve", initial={
            "decree_date": timezone.localdate()}, unscored=not nomination.score_count)
    if ctx["can_edit"]:
        ctx["evidence_form"] = forms.get("evidence_form") or EvidenceForm()
    if nomination.status == Nomination.Status.DRAFT:
        ctx["rules"] = check_eligibility(nomination.period, nomination.candidate, exclude_nomination_id=nomination.pk)
        ctx["quotas"] = quota_overview(nomination.period, [nomination.agency_id])
    elif ctx["can_endorse"]:
        # The endorser sees the checklist the operator saw (re-checked today).
        ctx["rules"] = check_eligibility(nomination.period, nomination.candidate, exclude_nomination_id=nomination.pk)
    if ctx["can_view_scores"]:
        ctx["scores"] = (NominationScore.objects.filter(nomination=nomination)
                         .select_related("criterion", "scorer").order_by("scorer__username", "criterion__order"))
    if nomination.status == Nomination.Status.APPROVED:
        ctx["agent"] = ChangeAgent.objects.filter(nomination=nomination).first()
    return ctx


def _get(request, pk) -> Nomination:
    return access_object(permissions.visible_nominations(request.user), pk=pk)


@login_required
def nomination_detail(request, pk):
    # The page names the candidate, agency and period (not the candidate's unit or who created the draft).
    # The body is cached per reader (the steps offered depend on the person: their roles, the agencies they head,
    # whether they are the candidate) and nomination, under the data versions; forms that come back with errors
    # are rendered live (the other views below). The scope check (404) runs on a miss: a body in the cache was
    # rendered for this reader with the same data, roles and date, so the same check let them in.
    user = request.user

    def context():
        nomination = access_object(permissions.visible_nominations(user).select_related(None)
                                   .select_related("candidate", "agency", "period"), pk=pk)
        return _detail_context(request, nomination)

    body = fragments.cached_body(request, "agents/_nomination_detail_body.html", context, versions=SHOWN,
                                 vary=(user.pk, user_version(user), int(pk), timezone.localdate()))
    title, _sep, rest = body.removeprefix("<!--title:").partition("-->\n")
    # The title was escaped by the template engine when the body was rendered.
    return render(request, "agents/nomination_detail.html", {"body": mark_safe(rest),  # noqa: S308  # nosec B308 B703
                                                             "title": mark_safe(title)})  # noqa: S308  # nosec B308 B703


@login_required
def nomination_history_page(request, pk):
    """"Riwayat perubahan": the nomination's field edits and workflow transitions in one timeline."""
    nomination = access_object(permissions.visible_nominations(request.user).select_related(None)
                               .select_related("candidate", "agency", "period"), pk=pk)
    if not permissions.can_view_nomination_history(request.user, nomination):
        raise PermissionDenied
    return render(request, "audit/history.html", {
        "object_title": nomination.candidate.full_name,
        "subtitle": f"{nomination.agency} · {nomination.period.name}",
        "crumbs": [(reverse("agents:nomination_list"), _("Nominasi")),
                   (reverse("agents:nomination_detail", args=[nomination.pk]), nomination.candidate.full_name)],
        **audit.page_context(request, nomination, show_nip=can_see_nip(request.user, nomination.candidate),
                             transitions=nomination_history(nomination)),
    })


@login_required
def nomination_edit(request, pk):
    nomination = _get(request, pk)
    if not permissions.can_edit_nomination(request.user, nomination):
        raise PermissionDenied
    form = NominationEditForm(request.POST or None, initial={"justification": nomination.justification})
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(nomination=nomination, by=request.user,
                                       justification=form.cleaned_data["justification"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Nominasi disimpan."))
            return redirect("agents:nomination_detail", pk=nomination.pk)
    return render(request, "agents/nomination_edit.html", {"form": form, "nomination": nomination},
                  status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def nomination_evidence_add(request, pk):
    nomination = _get(request, pk)
    if not permissions.can_edit_nomination(request.user, nomination):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add_many(nomination=nomination, by=request.user,
                                       uploads=form.cleaned_data["evidence"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Bukti ditambahkan."))
            return redirect("agents:nomination_detail", pk=nomination.pk)
    return render(request, "agents/nomination_detail.html",
                  _detail_context(request, nomination, evidence_form=form), status=400)


@login_required
def nomination_evidence(request, pk, evidence_pk):
    nomination = _get(request, pk)
    evidence = nomination.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return serve_evidence(evidence)


ACTIONS = {
    # action: (form class, prefix, context key)
    "submit": (None, None, None),
    "endorse": (EndorseForm, "endorse", "endorse_form"),
    "return": (ReturnForm, "return", "return_form"),
    "reject": (RejectForm, "reject", "reject_form"),
    "approve": (ApproveForm, "approve", "approve_form"),
}
DONE_MESSAGES = {
    "submit": gettext_lazy("Nominasi diajukan ke kepala perangkat daerah."),
    "endorse": gettext_lazy("Nominasi disetujui dan diteruskan ke langkah berikutnya."),
    "return": gettext_lazy("Nominasi dikembalikan ke operator."),
    "reject": gettext_lazy("Nominasi ditolak."),
    "approve": gettext_lazy("Nominasi ditetapkan; agen perubahan tercatat di daftar agen."),
}


@require_POST
@login_required
def nomination_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    nomination = _get(request, pk)
    if not permissions.can_transition(request.user, nomination, action):
        raise services.nominations.not_allowed(nomination, action, request.user)  # before reading the data: 403
    form_class, prefix, key = ACTIONS[action]
    extra_kwargs = {"unscored": not nomination.score_count} if action == "approve" else {}
    form = form_class(request.POST, prefix=prefix, **extra_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        return render(request, "agents/nomination_detail.html",
                      _detail_context(request, nomination, **{key: form}), status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        if action == "submit":
            services.nomination_submit(nomination=nomination, by=request.user)
        elif action == "endorse":
            services.nomination_endorse(nomination=nomination, by=request.user, comment=data.get("comment", ""))
        elif action == "return":
            services.nomination_return(nomination=nomination, by=request.user, comment=data.get("comment", ""))
        elif action == "reject":
            services.nomination_reject(nomination=nomination, by=request.user, reason=data.get("reason", ""))
        elif action == "approve":
            services.nomination_approve(
                nomination=nomination, by=request.user, decree_number=data.get("decree_number", ""),
                decree_date=data.get("decree_date"), decree_signatory=data.get("decree_signatory", ""),
                roles=data.get("roles") or None, confirm_unscored=bool(data.get("confirm_unscored")),
            )
    except ValidationError as exc:
        nomination.refresh_from_db()
        if form is not None:
            apply_errors(form, exc)
            extra = {key: form}
        else:
            extra = {"action_error": list(exc.messages)}
        return render(request, "agents/nomination_detail.html", _detail_context(request, nomination, **extra),
                      status=400)
    messages.success(request, DONE_MESSAGES[action])
    return redirect("agents:nomination_detail", pk=nomination.pk)


@login_required
def nomination_score(request, pk):
    nomination = _get(request, pk)
    if permissions.is_tim_rb(request.user) and permissions.scorer_agency_id(request.user) == nomination.agency_id:
        raise PermissionDenied(services.nominations.CONFLICT_OF_INTEREST)
    if not permissions.can_score_nomination(request.user, nomination):
        raise PermissionDenied
    criteria = list(nomination.period.criteria.all())
    form_class = score_form_class(criteria)
    mine = {s.criterion_id: s for s in NominationScore.objects.filter(nomination=nomination, scorer=request.user)}
    initial = {}
    for c in criteria:
        if c.pk in mine:
            initial[f"score_{c.pk}"] = mine[c.pk].score
            initial[f"note_{c.pk}"] = mine[c.pk].note
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        scores = {c.pk: (form.cleaned_data.get(f"score_{c.pk}"), form.cleaned_data.get(f"note_{c.pk}", ""))
                  for c in criteria}
        try:
            services.nomination_score(nomination=nomination, by=request.user, scores=scores)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Penilaian Anda disimpan."))
            return redirect("agents:nomination_detail", pk=nomination.pk)
    return render(request, "agents/nomination_score.html", {
        "form": form, "nomination": nomination,
        "rows": [(c, form[f"score_{c.pk}"], form[f"note_{c.pk}"]) for c in criteria],
    }, status=400 if request.method == "POST" else 200)


@login_required
def nomination_ranking(request):
    if not permissions.can_view_scores(request.user):
        raise PermissionDenied
    periods = list(ProgramPeriod.objects.order_by("-nomination_opens").only("pk", "name"))
    period = None
    if request.GET.get("period"):
        period = next((p for p in periods if str(p.pk) == request.GET["period"]), None)
    period = period or ProgramPeriod.objects.current()
    rows = list(select_ranking(request.user, period, agency_id=request.GET.get("agency"))) if period else []
    return render(request, "agents/nomination_ranking.html", {
        "periods": periods, "period": period, "rows": rows,
        "agencies": Agency.objects.top_level().only("pk", "name").order_by("name"),
        "agency_id": request.GET.get("agency", ""),
    })


@login_required
def nomination_stalled(request):
    """Every nomination waiting longer than its period's escalation days, longest first (Tim RB)."""
    if not permissions.can_view_stalled(request.user):
        raise PermissionDenied
    page = Paginator(stalled_nominations(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    acting = acting_heads_by_agency({n.agency_id for n in rows})
    now = timezone.now()
    for n in rows:
        n.days_waiting = (now - n.waiting_since).days
        n.acting = acting.get(n.agency_id, [])
    return render(request, "agents/nomination_stalled.html", {"page": page, "rows": rows})
