"""Raters answer their assignments; subjects read their own report once published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agenperubahan import data_versions, fragments
from organization.permissions import access_object

from .. import exports, permissions, selectors
from ..models import Cycle, Response
from ..services import AnswerErrors, response_save

#: What the cached bodies of the evaluation pages show (agenperubahan/data_versions.py).
SHOWN = (data_versions.EVALUATIONS, data_versions.ORGANIZATION)


@login_required
def index(request):
    """The rater's landing page: pending assignments with deadlines, finished ones, and own reports."""
    user = request.user

    def context():
        assignments = list(selectors.my_assignments(user, for_list=True)[:200])
        pending = [a for a in assignments if a.cycle.status == Cycle.Status.OPEN and not _submitted(a)]
        done = [a for a in assignments if a not in pending]
        return {
            "pending": pending, "done": done[:50], "reports": list(selectors.my_reports(user)[:20]),
            "patterns": selectors.my_rater_patterns(user),
            "can_manage": permissions.can_manage_cycles(user),
            "can_list_cycles": permissions.can_list_cycles(user),
        }

    # Personal: cached per person (and their roles, and today: deadlines are counted in days) under the data versions.
    body = fragments.cached_body(request, "evaluations/_index_body.html", context, versions=SHOWN,
                                 vary=(user.pk, user.employee_id, fragments.scope_of(user), timezone.localdate()),
                                 templates=("includes/empty.html",))
    return render(request, "evaluations/index.html", {"body": body})


def _submitted(assignment) -> bool:
    try:
        return assignment.response.submitted_at is not None
    except Response.DoesNotExist:
        return False


@login_required
def answer(request, pk):
    """One page per assignment: every item with the scale, a comment, save as draft or submit."""
    assignment = access_object(permissions.visible_assignments(request.user), pk=pk)
    items = selectors.items_for(assignment)
    response = getattr(assignment, "response", None) if _has_response(assignment) else None
    values = {a.item_id: a.score for a in response.answers.all()} if response else {}
    comment = response.comment if response else ""
    item_errors, errors = {}, []
    if request.method == "POST":
        if not permissions.can_answer(request.user, assignment):
            raise PermissionDenied(_("Siklus ini sudah ditutup; jawaban tidak lagi diterima."))
        submit = request.POST.get("action") == "submit"
        posted = {i.pk: request.POST.get(f"item_{i.pk}", "") for i in items}
        comment = request.POST.get("comment", "")
        try:
            response_save(assignment=assignment, by=request.user, answers=posted, comment=comment, submit=submit)
        except AnswerErrors as exc:
            item_errors = exc.item_errors
            errors = [m for msgs in exc.message_dict.values() for m in msgs if m not in item_errors.values()]
            if len(item_errors) > 5:
                errors.append(_("%(n)d butir belum dijawab atau nilainya tidak sah; butir itu ditandai di bawah.")
                              % {"n": len(item_errors)})
            else:
                errors += list(item_errors.values())
            values = {**values, **{k: int(v) for k, v in posted.items() if str(v).isdigit()}}
        else:
            if submit:
                messages.success(request, _("Terima kasih, penilaian Anda sudah dikirim."))
                return redirect("evaluations:index")
            messages.info(request, _("Draf disimpan. Anda dapat melanjutkannya nanti sebelum batas akhir."))
            return redirect("evaluations:answer", pk=assignment.pk)
    instrument = assignment.cycle.instrument
    rows = [{"item": i, "number": n, "value": values.get(i.pk), "error": item_errors.get(i.pk)}
            for n, i in enumerate(items, start=1)]
    sections = []
    for row in rows:
        if not sections or sections[-1]["dimension"].pk != row["item"].dimension_id:
            sections.append({"dimension": row["item"].dimension, "rows": []})
        sections[-1]["rows"].append(row)
    return render(request, "evaluations/answer.html", {
        "assignment": assignment, "cycle": assignment.cycle, "instrument": instrument, "sections": sections,
        "scale": instrument.scale_points, "comment": comment, "errors": errors,
        "answered": sum(1 for r in rows if r["value"]), "total": len(rows),
        "submitted": bool(response and response.submitted_at), "response": response,
        "can_answer": permissions.can_answer(request.user, assignment),
        "is_self": assignment.group == "self",
        "first_error": next((r for r in rows if r["error"]), None),
    }, status=400 if errors else 200)


def _has_response(assignment) -> bool:
    try:
        assignment.response  # noqa: B018
        return True
    except Response.DoesNotExist:
        return False


def _own_report_cycle(request, pk):
    cycle = access_object(selectors.my_reports(request.user), pk=pk)
    if not permissions.can_read_own_report(request.user, cycle):
        raise Http404
    return cycle


@login_required
def my_report(request, pk):
    cycle = _own_report_cycle(request, pk)
    report = selectors.subject_report(cycle, request.user.employee)
    return render(request, "evaluations/subject_report.html", {
        "cycle": cycle, "report": report, "own": True,
        "trend": selectors.trend(cycle, subject_ids=[request.user.employee_id]),
    })


@login_required
def my_report_pdf(request, pk):
    cycle = _own_report_cycle(request, pk)
    return exports.subject_pdf(selectors.subject_report(cycle, request.user.employee))
