"""Results: response rates while a cycle runs, the agency × value heatmap, trend, per-subject reports, exports.

Scope: Tim RB and pimpinan see the whole city, kepala and operator their own agency only (another agency, or a
subject report, answers 404). Scores are shown to Tim RB live and to the others once the cycle is published.
"""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from agenperubahan import fragments
from organization.permissions import access_object

from .. import exports, permissions, selectors
from .answering import SHOWN


def _scoped(request, pk, cycle=None):
    """The cycle and the agencies whose aggregates the user may read (optionally narrowed by ?agency=). ``cycle``:
    the cycle already found in ``visible_cycles(user)`` (``results``: a cached lookup)."""
    if cycle is None:
        cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_view_results(request.user, cycle):
        raise Http404
    scope = permissions.result_agency_ids(request.user)
    wanted = request.GET.get("agency")
    if wanted:
        try:
            wanted = int(wanted)
        except ValueError as exc:
            raise Http404 from exc
        if scope is not None and wanted not in scope:
            raise Http404
        scope = {wanted}
    return cycle, scope


def url_for_each(viewname: str, *args):
    """``reverse()`` once for a whole table: the rows' URLs differ only in their last id."""
    marker = 987654321
    head, tail = reverse(viewname, args=[*args, marker]).rsplit(str(marker), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


RESULTS_BODY = "evaluations/_results_body.html"
RESULTS_INCLUDES = ("evaluations/_status.html", "includes/pagination.html", "includes/empty.html")


@login_required
def results(request, pk):
    user = request.user
    values = fragments.version_values(SHOWN, user=user)  # with the reader's own version, for the checks that follow
    # The cycle as visible_cycles(user) finds it, cached per scope under the evaluations version, and the body, in
    # one round trip; the checks below run on it as on a fresh one.
    reader_scope, today = fragments.scope_of(user), timezone.localdate()
    lookup = fragments.lookup_key("evaluations:results-cycle", values, (reader_scope, pk))
    key = fragments.body_key(request, RESULTS_BODY, values=values, vary=(reader_scope, pk, today),
                             templates=RESULTS_INCLUDES)
    found = cache.get_many([lookup, key])
    cycle = fragments.cached_lookup(lookup, found, lambda: permissions.visible_cycles(user).filter(pk=pk).first())
    if cycle is None:
        raise Http404
    cycle, scope = _scoped(request, pk, cycle)

    def context():
        show_scores = permissions.can_view_scores(user, cycle)
        data = selectors.cycle_results(cycle, agency_ids=scope, show_scores=show_scores)
        rows = [{"agency": a, "rate": data.rates.get(a.pk), "cells": [data.heatmap.get(a.pk, {}).get(c) for c in data.ctx.codes]}
                for a in data.agencies]
        subjects_page, subject_rows = None, []
        if permissions.can_view_subject_results(user, cycle):
            q = request.GET.get("q", "")
            subjects = selectors.cycle_subjects_page_qs(cycle, agency_ids=scope, q=q).only(
                "name", "agency__name", "agency__abbreviation")              # what the table shows of each person
            paginator = Paginator(subjects, 25)
            if scope is None and not q.strip():
                # Every subject of the cycle: counted over the assignments alone (and cached once the cycle is frozen).
                paginator.count = selectors.cycle_subject_count(cycle)
            subjects_page = paginator.get_page(request.GET.get("page"))
            ids = [s.pk for s in subjects_page.object_list]
            scores, progress = selectors.subject_page_figures(data.ctx, ids, show_scores=show_scores)
            subject_url = url_for_each("evaluations:subject_result", cycle.pk)
            for s in subjects_page.object_list:
                res = scores.get(s.pk)
                subject_rows.append({"subject": s, "url": subject_url(s.pk), "progress": progress.get(s.pk),
                                     "overall": res.overall if res else None,
                                     "cells": [res.cells.get(c) if res else None for c in data.ctx.codes]})
        trend_rows = []
        if show_scores:
            trend_rows = [{"cycle": t["cycle"], "respondents": t["respondents"],
                           "cells": [t["cells"].get(c) for c in data.ctx.codes]}
                          for t in selectors.trend(cycle, agency_ids=scope, include_unpublished=True)]
        chart = None
        if len(trend_rows) > 1:
            chart = {"labels": [t["cycle"].name for t in trend_rows],
                     "datasets": [{"label": d.name, "values": [None if t["cells"][n] is None or t["cells"][n].score is None
                                                               else round(t["cells"][n].score, 1) for t in trend_rows]}
                                  for n, d in enumerate(data.ctx.dimensions)]}
        return {
            "chart": chart,
            "cycle": cycle, "data": data, "rows": rows, "show_scores": show_scores,
            "scope_cells": [data.scope.get(c) for c in data.ctx.codes],
            "subjects_page": subjects_page, "page": subjects_page, "subject_rows": subject_rows,
            "trend_rows": trend_rows, "agency_filter": request.GET.get("agency", ""),
            "scope_is_city": scope is None, "q": request.GET.get("q", ""),
        }

    # Cached per scope (roles × agencies: which agencies' aggregates, whether scores and people are shown), cycle
    # and query (agency filter, search, page), under the data versions (agenperubahan/data_versions.py).
    body = fragments.cached_body(request, RESULTS_BODY, context, versions=SHOWN, values=values, found=found,
                                 vary=(reader_scope, pk, today), templates=RESULTS_INCLUDES)
    return render(request, "evaluations/results.html", {
        "body": body, "cycle": cycle, "has_chart": "<!--results:chart-->" in body,
    })


@login_required
def results_xlsx(request, pk):
    cycle, scope = _scoped(request, pk)
    show_scores = permissions.can_view_scores(request.user, cycle)
    data = selectors.cycle_results(cycle, agency_ids=scope, show_scores=show_scores)
    subjects = people = None
    if show_scores and permissions.can_view_subject_results(request.user, cycle):
        subjects = selectors.subject_results(data.ctx, agency_ids=scope)
        people = list(selectors.cycle_subjects_page_qs(cycle, agency_ids=scope)
                      .values_list("pk", "name", "nip", "agency__name"))
    return exports.results_xlsx(data, subjects=subjects, people=people)


@login_required
def results_pdf(request, pk):
    cycle, scope = _scoped(request, pk)
    show_scores = permissions.can_view_scores(request.user, cycle)
    return exports.results_pdf(selectors.cycle_results(cycle, agency_ids=scope, show_scores=show_scores))


def _subject(request, pk, employee_pk):
    cycle = access_object(permissions.visible_cycles(request.user), pk=pk)
    if not permissions.can_view_subject_results(request.user, cycle):
        raise Http404
    subject = access_object(selectors.cycle_subjects_page_qs(cycle), pk=employee_pk)
    return cycle, subject


@login_required
def subject_result(request, pk, employee_pk):
    cycle, subject = _subject(request, pk, employee_pk)
    report = selectors.subject_report(cycle, subject)
    return render(request, "evaluations/subject_report.html", {
        "cycle": cycle, "report": report, "own": False,
        "trend": selectors.trend(cycle, subject_ids=[subject.pk], include_unpublished=True),
    })


@login_required
def subject_result_pdf(request, pk, employee_pk):
    cycle, subject = _subject(request, pk, employee_pk)
    return exports.subject_pdf(selectors.subject_report(cycle, subject))

