"""Reads that join or aggregate.

Every figure of a cycle's results (scores, comments, response counts) comes from ``disclosure.py``, the one home of
the anonymity rule: the functions below only shape what it allows into what pages, the API, exports and
dashboards show. Scores exist once a cycle is closed (a frozen snapshot, kept in the cache); response counts of a
running cycle are counted live, in one grouped query, over groups of at least the threshold.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum, Window
from django.utils.translation import gettext_lazy

from organization.models import Agency, Employee, User

from . import disclosure
from .models import SCALE_MIN, Assignment, Cycle, CycleRaterGroup, Dimension, Item, RaterGroup
from .scoring import Cell

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


@dataclass
class SubjectResult:
    subject_id: int
    agency_id: int
    cells: dict[str, Cell] = field(default_factory=dict)   # dimension code -> Cell
    overall: Cell | None = None


def subject_results(ctx: CycleContext, *, agency_ids: set[int] | None = None, subject_ids=None) -> dict[int, SubjectResult]:
    """Per subject and dimension (and overall), as published in the cycle's snapshot (disclosure.py); empty while
    the cycle is open (results exist only once it closes)."""
    subject_ids = None if subject_ids is None else list(subject_ids)
    snap = (disclosure.snapshot(ctx.cycle) if subject_ids is None
            else disclosure.snapshot_for_subjects(ctx.cycle, subject_ids))
    if snap is None:
        return {}
    figures = disclosure.subject_figures(snap, subject_ids)
    return {s: SubjectResult(subject_id=s, agency_id=f.agency_id, cells=f.cells, overall=f.overall)
            for s, f in figures.items() if agency_ids is None or f.agency_id in agency_ids}


def response_rates(cycle: Cycle, *, agency_ids: set[int] | None = None) -> tuple[dict, dict[int, dict]]:
    """Assigned and submitted assignments, per subject agency and in total, as the disclosure rule allows them
    (a hidden figure is ``{"assigned": None, "submitted": None, "rate": None, "hidden": True}``)."""
    return disclosure.progress(cycle, agency_ids=agency_ids)

def raters_without_way_in(cycle: Cycle, *, agency_ids: set[int] | None = None) -> int:
    """Raters of ``cycle`` who cannot answer: no activated account and no e-mail to receive an activation link
    (one query). Shown when opening a cycle and beside the response rate."""
    from organization.identity.selectors import no_way_in_q

    qs = Assignment.objects.filter(cycle=cycle)
    if agency_ids is not None:
        qs = qs.filter(subject__agency_id__in=agency_ids)
    return qs.filter(no_way_in_q("rater__")).values("rater_id").distinct().count()



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
    """Response counts per agency, the agency × dimension heatmap and the scope's scores, read from the disclosure
    module: counts live while the cycle is open, everything from the frozen snapshot once it is closed (≤ 5
    queries; 3 once the snapshot is in the cache). Scores exist only once the cycle is closed."""
    ctx = cycle_context(cycle)
    total_rate, rates = disclosure.progress(cycle, agency_ids=agency_ids)
    snap = disclosure.snapshot(cycle, head_only=True) if show_scores else None
    heat: dict[int, dict[str, Cell]] = {}
    scope: dict[str, Cell] = {}
    scope_respondents = 0
    if snap is not None:
        heat, scope, scope_respondents = disclosure.heatmap(snap, agency_ids)
    agencies = [AgencyRow(*row) for row in Agency.objects.filter(pk__in=list(rates)).order_by("name")
                .values_list("pk", "name", "abbreviation")]
    return CycleResults(ctx=ctx, total_rate=total_rate, agencies=agencies, rates=rates, heatmap=heat, scope=scope,
                        respondents=scope_respondents, show_scores=snap is not None)


def cycle_summary(*, cycle: Cycle, agency_ids: list[int] | None = None) -> dict:
    """Figures for dashboards, for the whole city (``agency_ids=None``) or the given agencies.

    ``{"response_rate": 0–100, "by_agency": {agency id: {"response_rate": x, "scores": {code: 0–100 | None}}},
    "scores": {code: 0–100 | None}}``. What the disclosure rule withholds is None.
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
    """Scores per dimension code across the cycles of the same instrument (any version), oldest first, each read
    from its cycle's snapshot (the same figures its own results show, nothing new). Two queries whatever the number
    of cycles (none for snapshots in the cache). ``include_unpublished``: also ``cycle`` itself once closed."""
    cycles = Cycle.objects.filter(instrument__code=cycle.instrument.code).select_related("instrument")
    if include_unpublished:
        cycles = cycles.filter(Q(status=Cycle.Status.PUBLISHED)
                               | Q(pk=cycle.pk, status__in=disclosure.RESULT_STATUSES))
    else:
        cycles = cycles.published()
    cycles = list(cycles.order_by("opens_on", "pk"))
    if not cycles:
        return []
    snaps = disclosure._snapshots(cycles, head_only=subject_ids is None)
    out = []
    for c in cycles:
        snap = snaps[c.pk]
        if subject_ids is not None:
            figures = disclosure.subject_figures(snap, subject_ids)
            cells = figures[subject_ids[0]].cells if len(subject_ids) == 1 and subject_ids[0] in figures else {}
            respondents = 0
        else:
            _heat, cells, respondents = disclosure.heatmap(snap, agency_ids)
        out.append({"cycle": c, "cells": cells, "respondents": respondents})
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
    """Everything one subject's report shows, from the cycle's snapshot (disclosure.py): per value, per item, per
    rater group where the rule allows, and the comments Tim RB released, without names and in random order
    (≤ 5 queries). Empty while the cycle is open."""
    ctx = cycle_context(cycle)
    snap = disclosure.snapshot_for_subjects(cycle, [subject.pk])
    figures = disclosure.subject_figures(snap, [subject.pk]).get(subject.pk) if snap else None
    items = list(Item.objects.filter(dimension__instrument_id=cycle.instrument_id).select_related("dimension")
                 .order_by("dimension__order", "order", "pk"))
    empty = Cell(score=None, band=None)
    item_cells = [(i, (figures.items.get(i.pk) if figures else None) or empty) for i in items]
    cells = figures.cells if figures else {}
    dims = [(d, cells.get(d.code) or empty) for d in ctx.dimensions]
    comments = disclosure.released_comments(cycle, subject.pk, figures.comment_groups) if figures else []
    shown = {g for _d, c in dims for g in c.groups} | {g for _i, c in item_cells for g in c.groups}
    return SubjectReport(ctx=ctx, subject=subject, overall=figures.overall if figures else None, dimensions=dims,
                         items=item_cells, comments=comments, counts=disclosure.rater_counts(figures, ctx.threshold),
                         groups_shown=[g.value for g in RaterGroup if g.value in shown])


def attach_response_counts(cycles: Iterable[Cycle], agency_ids: set[int] | None) -> list[Cycle]:
    """Set ``assigned`` and ``submitted`` on each cycle of a page, within the reader's scope, as the disclosure
    rule allows them (``None`` where hidden). Counted in one query for running cycles, read from the snapshots
    for closed ones."""
    cycles = list(cycles)
    counts = disclosure.cycle_counts(cycles, agency_ids)
    for c in cycles:
        c.assigned, c.submitted = counts.get(c.pk, (0, 0))
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


def subject_page_figures(ctx: CycleContext, subject_ids: list[int], *, show_scores: bool
                         ) -> tuple[dict[int, SubjectResult], dict[int, dict]]:
    """The scores (when shown) and response progress of one page of subjects, from the snapshot: nothing while the
    cycle is open (per-subject progress would show whether one named person has answered)."""
    snap = disclosure.snapshot_for_subjects(ctx.cycle, subject_ids)
    if snap is None:
        return {}, {}
    scores = subject_results(ctx, subject_ids=subject_ids) if show_scores else {}
    return scores, disclosure.subject_progress(snap, subject_ids)


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


# --- a rater's own pattern (issue 17) ---------------------------------------------------------------------------

#: How the rater's mean compares with the other raters of the same subjects, in scale points (as the rater-bias
#: analytics bin it for Tim RB): only the band is shown, never the others' mean.
PATTERN_BANDS = (
    (-1.0, "much_lower", gettext_lazy("jauh lebih rendah daripada penilai lain (selisih ≤ −1 poin)")),
    (-0.5, "lower", gettext_lazy("lebih rendah daripada penilai lain (selisih −1 sampai −0,5 poin)")),
    (0.5, "in_line", gettext_lazy("sejalan dengan penilai lain (selisih kurang dari 0,5 poin)")),
    (1.0, "higher", gettext_lazy("lebih tinggi daripada penilai lain (selisih 0,5 sampai 1 poin)")),
    (None, "much_higher", gettext_lazy("jauh lebih tinggi daripada penilai lain (selisih ≥ 1 poin)")),
)


def _pattern_band(deviation: float) -> tuple[str, str]:
    for upper, code, label in PATTERN_BANDS:
        if upper is None or (deviation <= upper if upper <= -0.5 else deviation < upper):
            return code, str(label)
    raise AssertionError  # pragma: no cover


def my_rater_patterns(user: User) -> list[dict]:
    """The signed-in rater's own pattern per cycle in which they submitted (``RaterPattern``; nobody else's row
    can be asked for: the key is derived from the caller). Mean (reverse items flipped) and spread on the scale,
    straight-lined submissions; once the cycle is published, how their mean about others compares with the other
    raters of the same subjects in the same group, as a band only, and only when every such group had at least
    ``k`` submissions (so no small group's answers move it). Three queries at most, whatever the number of cycles."""
    from .models import RaterPattern, SubmissionStat

    employee_id = getattr(user, "employee_id", None)
    if not employee_id:
        return []
    mine = list(Assignment.objects.filter(rater_id=employee_id, response__submitted_at__isnull=False)
                .values_list("cycle_id", "subject_id", "group", "cycle__name", "cycle__status",
                             "cycle__anonymity_threshold", "cycle__instrument__scale_max", "cycle__opens_on")
                .order_by("-cycle__opens_on", "-cycle_id"))
    if not mine:
        return []
    cycles: dict[int, dict] = {}
    pairs: dict[int, set] = defaultdict(set)
    for cycle_id, subject_id, group, name, status, k, hi, _opens in mine:
        cycles.setdefault(cycle_id, {"cycle_id": cycle_id, "cycle": name, "status": status, "k": k,
                                     "scale": (SCALE_MIN, hi)})
        if group != RaterGroup.SELF:
            pairs[cycle_id].add((subject_id, group))
    keys = {RaterPattern.key_for(c, employee_id): c for c in cycles}
    rows = {keys[r.key]: r for r in RaterPattern.objects.filter(key__in=list(keys))}
    published = [c for c in rows if cycles[c]["status"] == Cycle.Status.PUBLISHED and pairs.get(c)]
    sums: dict[tuple, tuple[float, int]] = {}
    if published:
        subjects = {s for c in published for s, _g in pairs[c]}
        for c, s, g, total, n in (SubmissionStat.objects.filter(cycle_id__in=published, subject_id__in=subjects)
                                  .exclude(group=RaterGroup.SELF).values_list("cycle_id", "subject_id", "group")
                                  .annotate(total=Sum("mean"), n=Count("pk")).values_list(
                                      "cycle_id", "subject_id", "group", "total", "n").order_by()):
            sums[(c, s, g)] = (total, n)
    out = []
    for cycle_id, info in cycles.items():
        row = rows.get(cycle_id)
        if row is None or not row.answers:
            continue        # submitted before patterns were kept
        mean = row.flipped_sum / row.answers
        raw_mean = row.raw_sum / row.answers
        spread = max(0.0, row.raw_squares / row.answers - raw_mean ** 2) ** 0.5
        item = {**info, "submissions": row.submissions, "mean": round(mean, 2), "spread": round(spread, 2),
                "straight_lined": row.straight_lined, "comparison": None, "comparison_note": ""}
        if cycle_id in published and row.others_submissions:
            found = [sums.get((cycle_id, s, g), (0.0, 0)) for s, g in pairs[cycle_id]]
            if all(n >= info["k"] for _t, n in found):
                others_n = sum(n for _t, n in found) - row.others_submissions
                others_sum = sum(t for t, _n in found) - row.others_mean_sum
                if others_n > 0:
                    deviation = row.others_mean_sum / row.others_submissions - others_sum / others_n
                    code, label = _pattern_band(deviation)
                    item["comparison"] = {"band": code, "label": label}
            if item["comparison"] is None:
                item["comparison_note"] = str(gettext_lazy(
                    "Perbandingan tidak ditampilkan: ada kelompok penilai dengan terlalu sedikit pengisian."))
        elif cycle_id not in published and pairs.get(cycle_id):
            item["comparison_note"] = str(gettext_lazy("Perbandingan dengan penilai lain tersedia setelah hasil diterbitkan."))
        out.append(item)
    return out
