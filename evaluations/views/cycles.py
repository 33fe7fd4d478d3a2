"""Tim RB sets cycles up, reviews and adjusts the raters, and moves a cycle through draft → open → closed → published."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenperubahan import audit, fragments
from organization.permissions import access_object

from .. import disclosure, permissions, selectors, services
from ..forms import AssignmentAddForm, CycleForm, rater_group_forms
from ..models import Assignment, Cycle, RaterGroup
from .answering import SHOWN
from .instruments import _add_errors


@login_required
def cycle_list(request):
    if not permissions.can_list_cycles(request.user):
        raise PermissionDenied
    user = request.user

    def context():
        qs = permissions.visible_cycles(user)
        status = request.GET.get("status", "")
        if status in Cycle.Status.values:
            qs = qs.filter(status=status)
        q = request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(name__icontains=q)
        page = Paginator(qs.order_by("-opens_on", "-pk"), 20).get_page(request.GET.get("page"))
        page.object_list = selectors.attach_response_counts(page.object_list, permissions.result_agency_ids(user))
        return {
            "page": page, "q": q, "status": status, "statuses": Cycle.Status.choices,
            "can_manage": permissions.can_manage_cycles(user),
        }

    # Cached per scope (roles × agencies decide the cycles and the counts shown) and query, under the data versions.
    body = fragments.cached_body(request, "evaluations/_cycle_list_body.html", context, versions=SHOWN,
                                 vary=(fragments.scope_of(user), timezone.localdate()),
                                 templates=("evaluations/_status.html", "includes/pagination.html",
                                            "includes/empty.html"))
    return render(request, "evaluations/cycle_list.html", {"body": body})


def _cycle_form_save(request, form, group_forms, cycle=None):
    data = form.cleaned_data
    groups = {row.group: gf.cleaned_data for row, gf in group_forms}
    fields = {k: data[k] for k in ("name", "instrument", "opens_on", "closes_on", "subject_mode",
                                   "anonymity_threshold", "band_a", "band_b", "band_c")}
    with transaction.atomic():
        if cycle is None:
            cycle = services.cycle_create(by=request.user, agencies=data["agencies"], **fields)
            if groups:
                services.rater_groups_update(cycle=cycle, by=request.user, groups=groups)
        else:
            services.cycle_update(cycle=cycle, by=request.user, agencies=data["agencies"], **fields)
            services.rater_groups_update(cycle=cycle, by=request.user, groups=groups)
    return cycle


@login_required
def cycle_create(request):
    if not permissions.can_manage_cycles(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = CycleForm(request.POST or None, initial={"opens_on": today, "closes_on": today + dt.timedelta(days=14)})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = _cycle_form_save(request, form, [])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Siklus dibuat sebagai draf. Periksa kelompok penilai, lalu susun penilainya."))
            return redirect("evaluations:cycle_edit", pk=cycle.pk)
    return render(request, "evaluations/cycle_form.html", {"form": form, "group_forms": [], "title": _("Siklus baru")})


@login_required
def cycle_history(request, pk):
    """"Riwayat perubahan" of a cycle: its own fields only (dates, status, threshold, bands, agencies), never
    anything of its assignments, raters or answers (the anonymity rule, docs/evaluations.md)."""
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_view_cycle_history(request.user, cycle):
        raise PermissionDenied
    return render(request, "audit/history.html", {
        "object_title": cycle.name,
        "subtitle": cycle.instrument,
        "crumbs": [(reverse("evaluations:cycle_list"), _("Siklus evaluasi")),
                   (reverse("evaluations:cycle_detail", args=[cycle.pk]), cycle.name)],
        **audit.page_context(request, cycle, show_nip=False),
    })


@login_required
def cycle_edit(request, pk):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_edit_cycle(request.user, cycle):
        raise PermissionDenied
    data = request.POST or None
    form = CycleForm(data, instance=Cycle.objects.get(pk=cycle.pk))
    group_forms = rater_group_forms(cycle, data)
    if request.method == "POST" and form.is_valid() and all(gf.is_valid() for _r, gf in group_forms):
        try:
            _cycle_form_save(request, form, group_forms, cycle=cycle)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Pengaturan siklus disimpan."))
            return redirect("evaluations:cycle_detail", pk=cycle.pk)
    return render(request, "evaluations/cycle_form.html", {"form": form, "group_forms": group_forms, "cycle": cycle,
                                                           "title": _("Ubah siklus")})


@login_required
def cycle_detail(request, pk):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    user = request.user
    total, _rates = selectors.response_rates(cycle, agency_ids=permissions.result_agency_ids(user))
    return render(request, "evaluations/cycle_detail.html", {
        "cycle": cycle, "groups": list(cycle.rater_groups.all()), "agencies": list(cycle.agencies.all()),
        "rate": total,
        "no_way_in": selectors.raters_without_way_in(cycle, agency_ids=permissions.result_agency_ids(user)),
        "can_edit": permissions.can_edit_cycle(user, cycle),
        "can_history": permissions.can_view_cycle_history(user, cycle),
        "can_adjust": permissions.can_adjust_assignments(user, cycle),
        "can_open": permissions.can_open_cycle(user, cycle),
        "can_close": permissions.can_close_cycle(user, cycle),
        "can_publish": permissions.can_publish_cycle(user, cycle),
        "can_results": permissions.can_view_results(user, cycle),
        "can_review_comments": permissions.can_review_comments(user, cycle),
        "can_manage": permissions.can_manage_cycles(user),
    })


@login_required
def cycle_assignments(request, pk):
    """Review the raters: counts per group, subjects short of a minimum, the list; add or remove (draft only)."""
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_manage_cycles(request.user):
        raise PermissionDenied
    can_adjust = permissions.can_adjust_assignments(request.user, cycle)
    form = AssignmentAddForm(request.POST or None)
    if request.method == "POST":
        if not can_adjust:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.assignment_add(cycle=cycle, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Penilai ditambahkan."))
                return redirect("evaluations:cycle_assignments", pk=cycle.pk)
    # No "submitted" flag per rater here (issue 13): who has answered is shown to nobody.
    qs = Assignment.objects.filter(cycle=cycle).select_related("subject", "rater", "rater__user")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(subject__name__icontains=q) | Q(rater__name__icontains=q) | Q(subject__nip__startswith=q)
                       | Q(rater__nip__startswith=q))
    group = request.GET.get("group", "")
    if group in RaterGroup.values:
        qs = qs.filter(group=group)
    page = Paginator(qs.order_by("subject__name", "subject_id", "group", "rater__name"), 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/cycle_assignments.html", {
        "cycle": cycle, "page": page, "form": form, "q": q, "group": group, "groups": RaterGroup.choices,
        "review": selectors.assignment_review(cycle), "can_adjust": can_adjust,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def assignments_generate(request, pk):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_adjust_assignments(request.user, cycle):
        raise PermissionDenied
    n = services.assignments_generate(cycle=cycle, by=request.user)
    messages.success(request, _("%(n)d penugasan disusun dari data organisasi (penambahan manual dipertahankan).") % {"n": n})
    return redirect("evaluations:cycle_assignments", pk=cycle.pk)


@require_POST
@login_required
def assignment_remove(request, pk, assignment_pk):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    assignment = get_object_or_404(Assignment, pk=assignment_pk, cycle=cycle)
    if not permissions.can_adjust_assignments(request.user, cycle):
        raise PermissionDenied
    services.assignment_remove(assignment=assignment, by=request.user)
    messages.success(request, _("Penilai dihapus dari siklus."))
    return redirect("evaluations:cycle_assignments", pk=cycle.pk)


def _transition_view(request, pk, service, allowed, done_message):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not allowed(request.user, cycle):
        raise PermissionDenied
    try:
        service(cycle=cycle, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect("evaluations:cycle_detail", pk=cycle.pk)


@require_POST
@login_required
def cycle_open(request, pk):
    # Raters who cannot sign in and cannot be sent a link would stay silent: opening anyway is a decision, confirmed
    # with the number seen on the page (a stale number asks again).
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    no_way_in = selectors.raters_without_way_in(cycle)
    if no_way_in and request.POST.get("confirm_no_way_in") != str(no_way_in):
        messages.error(request, _("%(n)d penilai belum punya akun dan tidak punya e-mail, jadi belum bisa menjawab. "
                                  "Lengkapi e-mail mereka, atau centang konfirmasi untuk tetap membuka siklus.")
                       % {"n": no_way_in})
        return redirect("evaluations:cycle_detail", pk=cycle.pk)
    return _transition_view(request, pk, services.cycle_open, permissions.can_open_cycle,
                            _("Siklus dibuka. Penilai menerima pemberitahuan."))


@require_POST
@login_required
def cycle_close(request, pk):
    return _transition_view(request, pk, services.cycle_close, permissions.can_close_cycle,
                            _("Siklus ditutup. Jawaban tidak lagi diterima."))


@require_POST
@login_required
def cycle_publish(request, pk):
    return _transition_view(request, pk, services.cycle_publish, permissions.can_publish_cycle,
                            _("Hasil diterbitkan. Yang dinilai kini dapat membaca laporannya."))


@login_required
def cycle_comments(request, pk):
    """Tim RB reviews the comments of a closed cycle: each is released to its subject (once published) or hidden.
    Shown without rater, grouped by subject; only comments of groups the disclosure rule shows are offered."""
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_review_comments(request.user, cycle):
        raise PermissionDenied
    comments = disclosure.reviewable_comments(cycle)
    if request.method == "POST":
        comment = get_object_or_404(comments, pk=_uuid_or_404(request.POST.get("comment")))
        try:
            services.comment_review(comment=comment, by=request.user, status=request.POST.get("status", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Tinjauan komentar disimpan."))
        return redirect(request.get_full_path())
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    return render(request, "evaluations/cycle_comments.html", {"cycle": cycle, "page": page})


def _uuid_or_404(value):
    import uuid

    from django.http import Http404
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc
