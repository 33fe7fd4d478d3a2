"""Reads that join or aggregate. Results are computed with grouped queries (sums and counts per subject,
dimension and rater group, aggregated in the database) and then passed through the rules in scoring.py,
so every page and export runs a fixed number of queries whatever the number of subjects or answers.

Aggregates above one subject (agency, whole scope, trend) are means of the subjects' totals, each of which
already obeys the anonymity rule; they are shown only when at least the cycle's threshold of distinct
respondents answered (agencies below the minimum are not reported).

The whole-scope figures read every answer of a cycle, so their cost grows with the number of subjects (about 2 s
for a city of 400 agents, ten times that for a province). Once a cycle is closed its answers can no longer change
(answers are accepted only while open; assignments change only in draft), so the figures of closed and published
cycles are computed once per scope and kept in the cache (``EVALUATION_RESULTS_CACHE_SECONDS``, shared by every
web process when ``CACHE_URL`` points at Redis). Open cycles are always computed live.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When, Window

from organization.models import Agency, Employee, User

from .models import Answer, Assignment, Cycle, CycleRaterGroup, Dimension, Item, RaterGroup, Response
from .scoring import Cell, GroupStat, band, combine

SUBJECT = "response__assignment__subject_id"
AGENCY = "response__assignment__subject__agency_id"
DIM_CODE = "item__dimension__code"
ITEM = "item_id"
GROUP = "response__assignment__group"
CYCLE = "response__assignment__cycle_id"


#: Statuses in which a cycle's answers can no longer change.
FROZEN_STATUSES = (Cycle.Status.CLOSED, Cycle.Status.PUBLISHED)


def _ids_key(ids: Iterable[int] | None) -> str:
    if ids is None:
        return "all"
    text = ",".join(str(i) for i in sorted(set(ids)))
    return text if len(text) <= 64 else hashlib.sha256(text.encode()).hexdigest()


def _frozen_cached(parts: tuple, frozen: bool, compute: Callable):
    """``compute()``, kept in the cache under ``parts`` when the cycles it reads are frozen."""
    if not frozen:
        return compute()
    key = "evaluations:results:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=getattr(settings, "EVALUATION_RESULTS_CACHE_SECONDS", 24 * 3600))
    return value


@dataclass
class CycleContext:
    cycle: Cycle
    dimensions: list[Dimension]
    weights: dict[str, float]
    groups: list[CycleRaterGroup]
    lo: int
    hi: int

    @property
    def threshold(self) -> int:
        return self.cycle.anonymity_threshold

    @property
    def bands(self):
        return self.cycle.bands

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.dimensions]


def cycle_context(cycle: Cycle) -> CycleContext:
    """The instrument's dimensions and the cycle's group weights (two queries)."""
    instrument = cycle.instrument
    groups = list(cycle.rater_groups.all())
    return CycleContext(
        cycle=cycle, dimensions=list(instrument.dimensions.all()),
        weights={g.group: float(g.weight) for g in groups if g.enabled}, groups=groups,
        lo=instrument.scale_min, hi=instrument.scale_max,
    )


def _flipped_constant(lo: int, hi: int):
    return Case(When(item__reverse_scored=True, then=Value(lo + hi) - F("score")), default=F("score"),
                output_field=IntegerField())


def _flipped_per_instrument():
    return Case(When(item__reverse_scored=True,
                     then=Value(1) + F("item__dimension__instrument__scale_max") - F("score")),
                default=F("score"), output_field=IntegerField())


def submitted_answers(cycle_ids, agency_ids: set[int] | None = None, subject_ids=None) -> QuerySet[Answer]:
    qs = Answer.objects.filter(response__assignment__cycle_id__in=cycle_ids, response__submitted_at__isnull=False)
    if agency_ids is not None:
        qs = qs.filter(response__assignment__subject__agency_id__in=agency_ids)
    if subject_ids is not None:
        qs = qs.filter(response__assignment__subject_id__in=subject_ids)
    return qs


def grouped_stats(qs: QuerySet[Answer], keys: list[str], flipped) -> dict[tuple, dict[str, GroupStat]]:
    """One grouped query: sum, answer count and distinct raters per (keys…, rater group)."""
    rows = (qs.values(*keys, GROUP)
            .annotate(total=Sum(flipped), n=Count("pk"), raters=Count("response_id", distinct=True))
            .order_by())
    out: dict[tuple, dict[str, GroupStat]] = defaultdict(dict)
    for r in rows:
        out[tuple(r[k] for k in keys)][r[GROUP]] = GroupStat(raters=r["raters"], total=float(r["total"]),
                                                             answers=r["n"])
    return out


@dataclass
class SubjectResult:
    subject_id: int
    agency_id: int
    cells: dict[str, Cell] = field(default_factory=dict)   # dimension code -> Cell
    overall: Cell | None = None


def subject_results(ctx: CycleContext, *, agency_ids: set[int] | None = None, subject_ids=None) -> dict[int, SubjectResult]:
    """Per subject and dimension (and overall), with the anonymity rule applied per cell. One query."""
    qs = submitted_answers([ctx.cycle.pk], agency_ids, subject_ids)
    stats = grouped_stats(qs, [SUBJECT, AGENCY, DIM_CODE], _flipped_constant(ctx.lo, ctx.hi))
    results: dict[int, SubjectResult] = {}
    overall: dict[int, dict[str, list[GroupStat]]] = defaultdict(lambda: defaultdict(list))
    for (subject_id, agency_id, code), by_group in stats.items():
        res = results.setdefault(subject_id, SubjectResult(subject_id=subject_id, agency_id=agency_id))
        res.cells[code] = _combine(ctx, by_group)
        for g, st in by_group.items():
            overall[subject_id][g].append(st)
    for subject_id, by_group in overall.items():
        merged = {g: GroupStat(raters=max(s.raters for s in sts), total=sum(s.total for s in sts),
                               answers=sum(s.answers for s in sts)) for g, sts in by_group.items()}
        results[subject_id].overall = _combine(ctx, merged)
    return results


def _combine(ctx: CycleContext, by_group: dict[str, GroupStat]) -> Cell:
    return combine(by_group, weights=ctx.weights, threshold=ctx.threshold, lo=ctx.lo, hi=ctx.hi, bands=ctx.bands)


def _mean_cell(scores: list[float], respondents: int, threshold: int, bands) -> Cell:
    if not scores or respondents < threshold:
        return Cell(score=None, band=None, raters=respondents)
    score = sum(scores) / len(scores)
    return Cell(score=score, band=band(score, bands), raters=respondents)


def respondents(cycle: Cycle, *, by_agency: bool, agency_ids: set[int] | None = None) -> dict | int:
    """Distinct raters who submitted, per subject agency or for the whole scope (one query)."""
    qs = Assignment.objects.filter(cycle=cycle, response__submitted_at__isnull=False)
    if agency_ids is not None:
        qs = qs.filter(subject__agency_id__in=agency_ids)
    if by_agency:
        return dict(qs.values_list("subject__agency_id").annotate(n=Count("rater_id", distinct=True)).order_by())
    return qs.aggregate(n=Count("rater_id", distinct=True))["n"]


def response_rates(cycle: Cycle, *, agency_ids: set[int] | None = None) -> tuple[dict, dict[int, dict]]:
    """Assigned and submitted assignments, per subject agency and in total (one grouped query)."""
    qs = Assignment.objects.filter(cycle=cycle)
    if agency_ids is not None:
        qs = qs.filter(subject__agency_id__in=agency_ids)
    rows = (qs.values("subject__agency_id")
            .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(response__submitted_at__isnull=False)))
            .order_by())
    by_agency = {r["subject__agency_id"]: _rate(r["assigned"], r["submitted"]) for r in rows}
    total = _rate(sum(r["assigned"] for r in by_agency.values()), sum(r["submitted"] for r in by_agency.values()))
    return total, by_agency


def raters_without_way_in(cycle: Cycle, *, agency_ids: set[int] | None = None) -> int:
    """Raters of ``cycle`` who cannot answer: no activated account and no e-mail to receive an activation link
    (one query). Shown when opening a cycle and beside the response rate."""
    from organization.identity.selectors import no_way_in_q

    qs = Assignment.objects.filter(cycle=cycle)
    if agency_ids is not None:
        qs = qs.filter(subject__agency_id__in=agency_ids)
    return qs.filter(no_way_in_q("rater__")).values("rater_id").distinct().count()


def _rate(assigned: int, submitted: int) -> dict:
    return {"assigned": assigned, "submitted": submitted,
            "rate": round(submitted / assigned * 100, 1) if assigned else 0.0}


@dataclass(frozen=True)
class AgencyRow:
    """An agency as a results table names it: cheap to keep in and read from the cache (a model instance is not)."""

    pk: int
    name: str
    abbreviation: str

    def __str__(self):
        return self.abbreviation or self.name


@dataclass
class CycleResults:
    ctx: CycleContext
    total_rate: dict
    agencies: list[AgencyRow]
    rates: dict[int, dict]
    heatmap: dict[int, dict[str, Cell]]     # agency id -> code -> Cell
    scope: dict[str, Cell]                  # code -> Cell
    respondents: int
    show_scores: bool


def cycle_results(cycle: Cycle, *, agency_ids: set[int] | None = None, show_scores: bool = True) -> CycleResults:
    """Response rate per agency, the agency × dimension heatmap and the scope's scores (≤ 7 queries; none once a
    closed or published cycle's figures for this scope are cached)."""
    return _frozen_cached(("cycle", cycle.pk, cycle.status, int(show_scores), _ids_key(agency_ids)),
                          cycle.status in FROZEN_STATUSES,
                          lambda: _cycle_results(cycle, agency_ids=agency_ids, show_scores=show_scores))


def _cycle_results(cycle: Cycle, *, agency_ids: set[int] | None, show_scores: bool) -> CycleResults:
    ctx = cycle_context(cycle)
    total_rate, rates = response_rates(cycle, agency_ids=agency_ids)
    heatmap: dict[int, dict[str, Cell]] = {}
    scope: dict[str, Cell] = {}
    scope_respondents = 0
    if show_scores:
        subjects = subject_results(ctx, agency_ids=agency_ids)
        per_agency = respondents(cycle, by_agency=True, agency_ids=agency_ids)
        scope_respondents = respondents(cycle, by_agency=False, agency_ids=agency_ids)
        scores_by_agency: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        scores_all: dict[str, list[float]] = defaultdict(list)
        for res in subjects.values():
            for code, cell in res.cells.items():
                if cell.score is not None:
                    scores_by_agency[res.agency_id][code].append(cell.score)
                    scores_all[code].append(cell.score)
        for agency_id in rates:
            heatmap[agency_id] = {code: _mean_cell(scores_by_agency[agency_id][code], per_agency.get(agency_id, 0),
                                                   ctx.threshold, ctx.bands) for code in ctx.codes}
        scope = {code: _mean_cell(scores_all[code], scope_respondents, ctx.threshold, ctx.bands) for code in ctx.codes}
    agencies = [AgencyRow(*row) for row in Agency.objects.filter(pk__in=list(rates)).order_by("name")
                .values_list("pk", "name", "abbreviation")]
    return CycleResults(ctx=ctx, total_rate=total_rate, agencies=agencies, rates=rates, heatmap=heatmap, scope=scope,
                        respondents=scope_respondents, show_scores=show_scores)


def cycle_summary(*, cycle: Cycle, agency_ids: list[int] | None = None) -> dict:
    """Figures for dashboards, for the whole city (``agency_ids=None``) or the given agencies.

    ``{"response_rate": 0–100, "by_agency": {agency id: {"response_rate": x, "scores": {code: 0–100 | None}}},
    "scores": {code: 0–100 | None}}``. Scores below the anonymity threshold of respondents are None.
    """
    scope = set(agency_ids) if agency_ids is not None else None
    results = cycle_results(cycle, agency_ids=scope, show_scores=True)
    return {
        "response_rate": results.total_rate["rate"],
        "by_agency": {
            agency_id: {
                "response_rate": rate["rate"],
                "scores": {code: _rounded(cell.score) for code, cell in results.heatmap.get(agency_id, {}).items()},
            }
            for agency_id, rate in results.rates.items()
        },
        "scores": {code: _rounded(cell.score) for code, cell in results.scope.items()},
    }


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 1)


def including(cycles: QuerySet[Cycle], agency_ids: Iterable[int] | None) -> QuerySet[Cycle]:
    """The cycles that include any of ``agency_ids`` (None: every cycle): one of its employees is rated in it, or
    it is a cycle of chosen agencies that names one of them. A scope is shown only the cycles it takes part in."""
    if agency_ids is None:
        return cycles
    ids = list(agency_ids)
    rated = Exists(Assignment.objects.filter(cycle_id=OuterRef("pk"), subject__agency_id__in=ids))
    named = Exists(Cycle.agencies.through.objects.filter(cycle_id=OuterRef("pk"), agency_id__in=ids))
    return cycles.filter(rated | named)


def latest_published_cycle(*, kind: str | None = None, agency_ids: Iterable[int] | None = None) -> Cycle | None:
    qs = including(Cycle.objects.published().select_related("instrument"), agency_ids)
    if kind:
        qs = qs.filter(instrument__kind=kind)
    return qs.order_by("-closes_on", "-pk").first()


def latest_open_cycle(*, agency_ids: Iterable[int] | None = None) -> Cycle | None:
    """The newest open cycle that includes the scope (None: the whole city, any open cycle)."""
    return including(Cycle.objects.filter(status=Cycle.Status.OPEN), agency_ids).order_by("-opens_on", "-pk").first()


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The published cycle of the same instrument (any version) just before ``cycle``."""
    return (Cycle.objects.published().select_related("instrument")
            .filter(instrument__code=cycle.instrument.code)
            .filter(Q(opens_on__lt=cycle.opens_on) | Q(opens_on=cycle.opens_on, pk__lt=cycle.pk))
            .exclude(pk=cycle.pk).order_by("-opens_on", "-pk").first())


def trend(cycle: Cycle, *, agency_ids: set[int] | None = None, subject_ids: list[int] | None = None,
          include_unpublished: bool = False) -> list[dict]:
    """Scores per dimension code across the cycles of the same instrument (any version), oldest first.

    Four queries whatever the number of cycles: cycles, their weights, one grouped query over all answers,
    respondents per cycle. For one subject (``subject_ids``) the subject's own cells are used as they are
    (each already obeys the anonymity rule), without the respondents minimum of aggregates.
    """
    cycles = Cycle.objects.filter(instrument__code=cycle.instrument.code).select_related("instrument")
    if include_unpublished:
        cycles = cycles.filter(Q(status=Cycle.Status.PUBLISHED) | Q(pk=cycle.pk))
    else:
        cycles = cycles.published()
    cycles = list(cycles.order_by("opens_on", "pk"))
    if not cycles:
        return []
    parts = ("trend", _ids_key(agency_ids), _ids_key(subject_ids), *(f"{c.pk}{c.status[0]}" for c in cycles))
    figures = _frozen_cached(parts, all(c.status in FROZEN_STATUSES for c in cycles),
                             lambda: _trend_figures(cycles, agency_ids=agency_ids, subject_ids=subject_ids))
    return [{"cycle": c, **figures[c.pk]} for c in cycles]


def _trend_figures(cycles: list[Cycle], *, agency_ids, subject_ids) -> dict[int, dict]:
    ids = [c.pk for c in cycles]
    weights: dict[int, dict[str, float]] = defaultdict(dict)
    for row in CycleRaterGroup.objects.filter(cycle_id__in=ids, enabled=True):
        weights[row.cycle_id][row.group] = float(row.weight)
    stats = grouped_stats(submitted_answers(ids, agency_ids, subject_ids), [CYCLE, SUBJECT, DIM_CODE],
                          _flipped_per_instrument())
    resp_qs = Assignment.objects.filter(cycle_id__in=ids, response__submitted_at__isnull=False)
    if agency_ids is not None:
        resp_qs = resp_qs.filter(subject__agency_id__in=agency_ids)
    if subject_ids is not None:
        resp_qs = resp_qs.filter(subject_id__in=subject_ids)
    resp = dict(resp_qs.values_list("cycle_id").annotate(n=Count("rater_id", distinct=True)).order_by())
    by_cycle = {c.pk: c for c in cycles}
    scores: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (cycle_id, _subject, code), by_group in stats.items():
        c = by_cycle[cycle_id]
        cell = combine(by_group, weights=weights[cycle_id], threshold=c.anonymity_threshold, lo=c.instrument.scale_min,
                       hi=c.instrument.scale_max, bands=c.bands)
        if cell.score is not None:
            scores[cycle_id][code].append(cell.score)
    out = {}
    for c in cycles:
        minimum = 0 if subject_ids is not None else c.anonymity_threshold
        cells = {code: _mean_cell(values, resp.get(c.pk, 0), minimum, c.bands)
                 for code, values in scores[c.pk].items()}
        out[c.pk] = {"cells": cells, "respondents": resp.get(c.pk, 0)}
    return out


# --- one subject ----------------------------------------------------------------------------------------------

@dataclass
class SubjectReport:
    ctx: CycleContext
    subject: Employee
    overall: Cell | None
    dimensions: list[tuple[Dimension, Cell]]
    items: list[tuple[Item, Cell]]
    comments: list[str]
    counts: list[dict]          # per rater group: assigned, submitted
    groups_shown: list[str]     # groups with a column in the tables


def subject_report(cycle: Cycle, subject: Employee) -> SubjectReport:
    """Everything one subject's report shows (seven queries): per value, per item, per rater group where the
    anonymity rule allows, and the comments, without names and in an order that says nothing about who wrote them."""
    ctx = cycle_context(cycle)
    result = subject_results(ctx, subject_ids=[subject.pk]).get(subject.pk)
    item_stats = grouped_stats(submitted_answers([cycle.pk], subject_ids=[subject.pk]), [ITEM],
                               _flipped_constant(ctx.lo, ctx.hi))
    items = list(Item.objects.filter(dimension__instrument_id=cycle.instrument_id).select_related("dimension")
                 .order_by("dimension__order", "order", "pk"))
    item_cells = [(i, _combine(ctx, item_stats.get((i.pk,), {}))) for i in items]
    comments = sorted(Response.objects.filter(assignment__cycle=cycle, assignment__subject=subject,
                                              submitted_at__isnull=False).exclude(comment="")
                      .values_list("comment", flat=True))
    count_rows = (Assignment.objects.filter(cycle=cycle, subject=subject).values("group")
                  .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(response__submitted_at__isnull=False)))
                  .order_by())
    by_group = {r["group"]: r for r in count_rows}
    counts = [{"group": g, "label": g.label, **by_group[g.value]} for g in RaterGroup if g.value in by_group]
    cells = result.cells if result else {}
    dims = [(d, cells.get(d.code) or Cell(score=None, band=None)) for d in ctx.dimensions]
    shown = {g for _d, c in dims for g in c.groups} | {g for _i, c in item_cells for g in c.groups}
    return SubjectReport(ctx=ctx, subject=subject, overall=result.overall if result else None, dimensions=dims,
                         items=item_cells, comments=list(comments), counts=counts,
                         groups_shown=[g.value for g in RaterGroup if g.value in shown])


def attach_response_counts(cycles: Iterable[Cycle], agency_ids: set[int] | None) -> list[Cycle]:
    """Set ``assigned`` and ``submitted`` on each cycle of a page, counted within the reader's scope.

    The counts are kept in the cache under the cycle's ``answers_version`` (it goes up with every new assignment
    or submitted answer, so a change is counted at once): closed and published cycles for every scope, running
    ones for the whole city (an agency's own counts also change when people move between agencies, so they are
    counted live). What is not cached is counted in one grouped query."""
    cycles = list(cycles)
    scope = _ids_key(agency_ids)
    keys = {c.pk: f"evaluations:counts:{c.pk}:{c.status}:{c.answers_version}:{scope}" for c in cycles
            if c.status in FROZEN_STATUSES or agency_ids is None}
    found = cache.get_many(list(keys.values())) if keys else {}
    todo = [c.pk for c in cycles if keys.get(c.pk) not in found]
    counts: dict[int, tuple[int, int]] = {}
    if todo:
        qs = Assignment.objects.filter(cycle_id__in=todo)
        if agency_ids is not None:
            qs = qs.filter(subject__agency_id__in=agency_ids)
        rows = (qs.values("cycle_id").annotate(assigned=Count("pk"),
                                              submitted=Count("pk", filter=Q(response__submitted_at__isnull=False)))
                .order_by())
        counts = {r["cycle_id"]: (r["assigned"], r["submitted"]) for r in rows}
        fresh = {keys[pk]: counts.get(pk, (0, 0)) for pk in todo if pk in keys}
        if fresh:
            cache.set_many(fresh, timeout=getattr(settings, "EVALUATION_RESULTS_CACHE_SECONDS", 24 * 3600))
    for c in cycles:
        c.assigned, c.submitted = found.get(keys.get(c.pk)) or counts.get(c.pk, (0, 0))
    return cycles


def cycle_subjects_page_qs(cycle: Cycle, *, agency_ids: set[int] | None = None, q: str = "") -> QuerySet[Employee]:
    qs = (Employee.objects.filter(pk__in=Assignment.objects.filter(cycle=cycle).values("subject_id"))
          .select_related("agency").search(q).order_by("name", "pk"))
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return qs


def cycle_subject_count(cycle: Cycle) -> int:
    """How many people a cycle rates: one count over its assignments, kept in the cache once the cycle is closed
    or published (assignments change only while it is a draft)."""
    return _frozen_cached(("subject-count", cycle.pk, cycle.status), cycle.status in FROZEN_STATUSES,
                          lambda: Assignment.objects.filter(cycle=cycle).values("subject_id").distinct().count())


def subject_progress(cycle: Cycle, subject_ids: list[int]) -> dict[int, dict]:
    rows = (Assignment.objects.filter(cycle=cycle, subject_id__in=subject_ids).values("subject_id")
            .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(response__submitted_at__isnull=False)))
            .order_by())
    return {r["subject_id"]: _rate(r["assigned"], r["submitted"]) for r in rows}


def subject_page_figures(ctx: CycleContext, subject_ids: list[int], *, show_scores: bool
                         ) -> tuple[dict[int, SubjectResult], dict[int, dict]]:
    """The scores (when shown) and response progress of one page of subjects (two queries; none once a closed or
    published cycle's figures for these subjects are cached: their answers and assignments can no longer change)."""
    cycle = ctx.cycle

    def compute():
        scores = subject_results(ctx, subject_ids=subject_ids) if show_scores else {}
        return scores, subject_progress(cycle, subject_ids)

    return _frozen_cached(("subjects", cycle.pk, cycle.status, int(show_scores), _ids_key(subject_ids)),
                          cycle.status in FROZEN_STATUSES, compute)


# --- assignments ----------------------------------------------------------------------------------------------

#: What a list of assignments shows (the rater's page, the home panel, the API list): reading only these columns
#: keeps the six-table join cheap to build and to load.
LIST_FIELDS = ("group", "cycle__name", "cycle__status", "cycle__closes_on", "cycle__instrument__kind",
               "subject__name", "subject__position", "subject__agency__name", "subject__agency__abbreviation",
               "response__submitted_at")


def my_assignments(user: User, *, pending_only: bool = False, for_list: bool = False) -> QuerySet[Assignment]:
    """The caller's assignments in cycles that have opened, most urgent first (``for_list``: only the columns a
    list shows)."""
    from .permissions import visible_assignments

    qs = visible_assignments(user)
    if pending_only:
        qs = qs.filter(cycle__status=Cycle.Status.OPEN, response__submitted_at__isnull=True)
    if for_list:
        qs = qs.only(*LIST_FIELDS)
    return qs.order_by("cycle__closes_on", "cycle_id", "group", "subject__name", "pk")


def pending_summary(user: User, limit: int = 5) -> tuple[list[Assignment], int]:
    """The first ``limit`` pending assignments and how many are pending in all, in one query (the count rides
    along on each row as a window over the whole result)."""
    rows = list(my_assignments(user, pending_only=True, for_list=True)
                .annotate(pending_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].pending_total if rows else 0)


def items_for(assignment: Assignment) -> list[Item]:
    """The items a rater of this group answers, in order (one query)."""
    items = (Item.objects.filter(dimension__instrument_id=assignment.cycle.instrument_id).select_related("dimension")
             .order_by("dimension__order", "order", "pk"))
    return [i for i in items if assignment.group in i.rater_groups]


def my_reports(user: User) -> QuerySet[Cycle]:
    """Published 360° cycles in which the user was a subject."""
    if not user.employee_id:
        return Cycle.objects.none()
    return (Cycle.objects.published().exclude(instrument__kind="survey")
            .filter(pk__in=Assignment.objects.filter(subject_id=user.employee_id).values("cycle_id"))
            .select_related("instrument").order_by("-closes_on"))


def assignment_review(cycle: Cycle) -> dict:
    """Counts per group and the subjects short of a group's minimum (three queries)."""
    groups = {g.group: g for g in cycle.rater_groups.all()}
    rows = list(Assignment.objects.filter(cycle=cycle).values("subject_id", "group").annotate(n=Count("pk")).order_by())
    per_subject: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        per_subject[r["subject_id"]][r["group"]] = r["n"]
        totals[r["group"]] += r["n"]
    short = []
    for subject_id, counts in per_subject.items():
        # Having no subordinates is structural, not something to fix: only "some, but too few" is flagged.
        missing = [(g, counts.get(g, 0), row.min_count) for g, row in groups.items()
                   if row.enabled and g != RaterGroup.SELF and counts.get(g, 0) < row.min_count
                   and not (g == RaterGroup.SUBORDINATE and counts.get(g, 0) == 0)]
        if missing:
            short.append((subject_id, missing))
    names = dict(Employee.objects.filter(pk__in=[s for s, _m in short[:50]]).values_list("pk", "name"))
    shortfalls = [{"subject_id": s, "name": names.get(s, ""),
                   "missing": [{"group": g, "label": RaterGroup(g).label, "have": have, "want": want}
                               for g, have, want in m]}
                  for s, m in sorted(short, key=lambda x: names.get(x[0], ""))[:50]]
    return {"subjects": len(per_subject), "totals": [(RaterGroup(g).label, totals.get(g, 0)) for g in groups],
            "shortfalls": shortfalls, "shortfall_count": len(short)}
