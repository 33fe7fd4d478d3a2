"""The anonymity rule (issue 13): the one place that decides which evaluation figures any reader may see.

Every results page, API call, export, dashboard figure and PDF reads its figures here; no other code groups
answers or counts for display. The rule, the suppression method and the tests that attack it are described in
docs/evaluations.md ("Anonymity: the disclosure rule"). In short:

1. **Nothing of an open cycle but counts.** Scores and comments exist only once the cycle closes. While it runs,
   progress is shown as counts over groups of at least ``k`` (the cycle's threshold) distinct raters, with
   complementary suppression against the total (:func:`suppress`); no per-rater flag, no per-subject progress.
2. **Computed once, frozen.** :func:`compute_snapshot` runs when the cycle closes (services.cycle_close) and its
   result is stored in ``ResultSnapshot``; every later read slices that one figure set. A closed cycle found
   without a snapshot (older data) gets one on first read: its anonymous answers can no longer change.
3. **One group partition per subject.** Which rater groups of a subject are shown, pooled or withheld is decided
   once, from the subject's numbers of raters per group (:func:`scoring.disclose`), and applied to every cell
   (items, values, overall) so no cell shows a group another cell hides.
4. **Pool atoms of at least k.** An item asked of only some of the pooled groups makes an "atom" (item × pooled
   groups that answer it). An atom with fewer than ``k`` raters is left out of every figure of the subject
   (item, value and overall), so dimension − item (or overall − values) can never isolate it; every published
   figure is a sum of atoms of at least ``k`` raters.
5. **Aggregates.** An agency cell (mean of its subjects' published value scores) needs ``k`` subjects with a score
   and ``k`` distinct respondents; then, per value column, secondary suppression hides the next smallest agency
   until the hidden agencies together hold at least ``k`` subjects and ``k`` respondents (else the city cell is
   withheld), so city − shown agencies never isolates fewer than ``k``. Scopes of several agencies show the
   weighted mean of their *shown* agency cells (derived from published figures only).
6. **Comments** are released per group like the scores (never from a withheld group), only once Tim RB publishes
   each one (services.comment_review), unattributed, in the random order of their UUID keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.utils import timezone

from organization.models import Agency

from .models import (
    ANONYMOUS_GROUPS,
    NAMED_GROUPS,
    Assignment,
    Cycle,
    CycleRaterGroup,
    Item,
    RaterGroup,
    ResultSnapshot,
    SubmissionStat,
    SubmittedAnswer,
    SubmittedComment,
)
from .scoring import Cell, GroupStat, band, combine_with, disclose, normalise

SNAPSHOT_VERSION = 1
#: Statuses whose results exist (computed at close).
RESULT_STATUSES = (Cycle.Status.CLOSED, Cycle.Status.PUBLISHED)


# --- the suppression method ---------------------------------------------------------------------------------

def suppress(sizes: Mapping[Hashable, int], k: int, *, members: Mapping[Hashable, set] | None = None,
             extra: Mapping[Hashable, int] | None = None,
             discount: Mapping[Hashable, int] | None = None) -> tuple[set, bool]:
    """Primary and secondary (complementary) suppression of a set of figures linked by one total.

    ``sizes``: key → number of respondents behind the figure (0: empty, nothing to hide). ``members`` (optional):
    key → the respondents themselves, when one person can be behind several figures (the union is counted).
    ``extra`` (optional): key → a second count that must also reach ``k`` (e.g. subjects besides respondents).
    ``discount`` (optional, with ``members``): key → how many of its members may not count after all (their
    submissions were excluded, and which ones is not known): the union of hidden members is lowered by their sum,
    so the hidden size is a lower bound of the true one. ``sizes`` must then be lower bounds too.

    1. Primary: every figure with 0 < size < k (or 0 < extra < k) is hidden.
    2. Secondary: while the hidden figures together hold fewer than ``k`` respondents (total − shown would then
       isolate them), the smallest shown figure is hidden too (ties broken by key, so the result is stable).
    3. If no figure is left to hide and the hidden ones still hold fewer than ``k``, the total is withheld.

    Returns (hidden keys, whether the total may be shown)."""
    extra = extra or {}

    def small(key) -> bool:
        return 0 < sizes.get(key, 0) < k or 0 < extra.get(key, 0) < k

    hidden = {key for key in sizes if small(key)}

    def hidden_size() -> tuple[int, int]:
        if members is not None:
            people = set().union(*(members.get(key, set()) for key in hidden)) if hidden else set()
            first = max(0, len(people) - sum((discount or {}).get(key, 0) for key in hidden))
        else:
            first = sum(sizes.get(key, 0) for key in hidden)
        return first, sum(extra.get(key, 0) for key in hidden) if extra else k

    while True:
        n, m = hidden_size()
        if n == 0 or (n >= k and m >= k):
            return hidden, True
        shown = sorted((key for key in sizes if key not in hidden and sizes.get(key, 0) > 0),
                       key=lambda key: (sizes[key], str(key)))
        if not shown:
            return hidden, False
        hidden.add(shown[0])


# --- progress (counts) ----------------------------------------------------------------------------------------

def _rate(assigned, submitted) -> dict:
    if assigned is None:
        return {"assigned": None, "submitted": None, "rate": None, "hidden": True}
    return {"assigned": assigned, "submitted": submitted,
            "rate": round(submitted / assigned * 100, 1) if assigned else 0.0}


def _progress_rows(qs, key: str) -> tuple[dict, dict, dict]:
    """(assigned, submitted, raters) per ``key`` from one query over the assignments of ``qs``."""
    assigned: dict = defaultdict(int)
    submitted: dict = defaultdict(int)
    raters: dict = defaultdict(set)
    for group_key, rater_id, done in qs.values_list(key, "rater_id", "response__submitted_at").order_by():
        assigned[group_key] += 1
        submitted[group_key] += done is not None
        raters[group_key].add(rater_id)
    return assigned, submitted, raters


def _suppressed_progress(assigned, submitted, raters, k: int) -> tuple[dict, dict]:
    hidden, total_ok = suppress({key: len(r) for key, r in raters.items()}, k, members=raters)
    everyone = set().union(*raters.values()) if raters else set()
    rows = {key: _rate(None, None) if key in hidden else _rate(assigned[key], submitted[key]) for key in assigned}
    if not total_ok or 0 < len(everyone) < k:
        total = _rate(None, None)
    else:
        total = _rate(sum(assigned.values()), sum(submitted.values()))
    return total, rows


def progress(cycle: Cycle, *, agency_ids: set[int] | None = None) -> tuple[dict, dict[int, dict]]:
    """Response counts per subject agency and in total, as the rule allows them (one query; frozen in the
    snapshot once the cycle is closed). A scope narrower than the city shows the sum of its shown agencies."""
    snap = snapshot(cycle, head_only=True)
    if snap is not None:
        total, rows = snap["total_rate"], {int(a): r for a, r in snap["rates"].items()}
    else:
        qs = Assignment.objects.filter(cycle=cycle)
        total, rows = _suppressed_progress(*_progress_rows(qs, "subject__agency_id"), cycle.anonymity_threshold)
    if agency_ids is None:
        return total, rows
    rows = {a: r for a, r in rows.items() if a in agency_ids}
    shown = [r for r in rows.values() if not r.get("hidden")]
    total = _rate(sum(r["assigned"] for r in shown), sum(r["submitted"] for r in shown)) if shown else _rate(None, None)
    return total, rows


def unit_progress(cycle_id: int, agency: Agency, units: Iterable = ()) -> dict:
    """Response counts of an agency's raters per sub-unit (``None`` = outside every sub-unit): a unit with fewer
    than ``k`` raters is hidden, and so is the next smallest until the hidden units hold ``k`` (one query)."""
    assigned: dict = defaultdict(int)
    submitted: dict = defaultdict(int)
    raters: dict = defaultdict(set)
    k = None
    for unit_id, rater_id, done, threshold in (Assignment.objects.filter(cycle_id=cycle_id, rater__agency=agency)
                                       .values_list("rater__unit_id", "rater_id", "response__submitted_at",
                                                    "cycle__anonymity_threshold").order_by()):
        k = threshold
        assigned[unit_id] += 1
        submitted[unit_id] += done is not None
        raters[unit_id].add(rater_id)
    if k is None:
        return {}
    _total, rows = _suppressed_progress(assigned, submitted, raters, k)
    return rows


def cycle_counts(cycles: list[Cycle], agency_ids: set[int] | None) -> dict[int, tuple]:
    """(assigned, submitted) per cycle within the reader's scope, or (None, None) where the rule hides them
    (one query for all cycles that have no snapshot, one for those that have)."""
    out: dict[int, tuple] = {}
    live = [c for c in cycles if c.status not in RESULT_STATUSES]
    frozen = [c for c in cycles if c.status in RESULT_STATUSES]
    # A running cycle's city-wide counts are kept in the cache under its ``answers_version`` (it goes up with every
    # new assignment or submission); an agency's own are counted live (people move between agencies).
    keys = {c.pk: f"evaluations:counts:{c.pk}:{c.answers_version}" for c in live if agency_ids is None}
    found = cache.get_many(list(keys.values())) if keys else {}
    for c in live:
        if keys.get(c.pk) in found:
            out[c.pk] = tuple(found[keys[c.pk]])
    live = [c for c in live if c.pk not in out]
    if live:
        qs = Assignment.objects.filter(cycle_id__in=[c.pk for c in live])
        per: dict[int, tuple] = defaultdict(lambda: (defaultdict(int), defaultdict(int), defaultdict(set)))
        for cycle_id, agency_id, rater_id, done in (qs.values_list("cycle_id", "subject__agency_id", "rater_id",
                                                                   "response__submitted_at").order_by()):
            a, s, r = per[cycle_id]
            a[agency_id] += 1
            s[agency_id] += done is not None
            r[agency_id].add(rater_id)
        for c in live:
            total, rows = _suppressed_progress(*per[c.pk], c.anonymity_threshold)
            out[c.pk] = _scoped_counts(total, rows, agency_ids)
        fresh = {keys[c.pk]: out[c.pk] for c in live if c.pk in keys}
        if fresh:
            cache.set_many(fresh, timeout=getattr(settings, "EVALUATION_RESULTS_CACHE_SECONDS", 24 * 3600))
    if frozen:
        snaps = _snapshots(frozen, head_only=True)
        for c in frozen:
            snap = snaps[c.pk]
            rows = {int(a): r for a, r in snap["rates"].items()}
            out[c.pk] = _scoped_counts(snap["total_rate"], rows, agency_ids)
    return out


def _scoped_counts(total: dict, rows: dict, agency_ids) -> tuple:
    if agency_ids is None:
        return total["assigned"], total["submitted"]
    shown = [r for a, r in rows.items() if a in agency_ids and not r.get("hidden")]
    if not shown:
        return (None, None) if any(a in agency_ids for a in rows) else (0, 0)
    return sum(r["assigned"] for r in shown), sum(r["submitted"] for r in shown)


# --- the snapshot -----------------------------------------------------------------------------------------------

def _cell_json(cell: Cell | None) -> dict | None:
    if cell is None:
        return None
    return {"score": cell.score, "band": cell.band, "groups": cell.groups, "hidden": cell.hidden,
            "withheld": cell.withheld, "raters": cell.raters}


def cell_from(data: dict | None) -> Cell:
    if not data:
        return Cell(score=None, band=None)
    return Cell(score=data["score"], band=data["band"], groups=dict(data["groups"]), hidden=list(data["hidden"]),
                withheld=data["withheld"], raters=data["raters"])


def _subject_cells(items: dict[int, Item], answers: dict[tuple[int, str], tuple[float, int]],
                   raters: dict[str, int], *, k: int, weights, lo, hi, bands) -> dict:
    """One subject's published cells, with one group partition for all of them and pool atoms of at least k."""
    rule = disclose(raters, k)
    order = [*NAMED_GROUPS, *ANONYMOUS_GROUPS]
    by_item: dict[int, dict[str, GroupStat]] = defaultdict(dict)
    by_dim: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    overall: dict[str, list] = defaultdict(lambda: [0.0, 0])
    dropped_items = set()
    for item_id, item in items.items():
        # The pooled groups that answer this item: the atom. Fewer than k raters: out of every figure.
        atom = [g for g in rule.pooled if (item_id, g) in answers]
        atom_ok = sum(raters.get(g, 0) for g in atom) >= k
        if atom and not atom_ok:
            dropped_items.add(item_id)
        for g in order:
            # Withheld groups' sums ride along only so the cell can say they were hidden: combine_with never
            # counts them. A pooled group of a too-small atom is left out entirely.
            if (item_id, g) not in answers or (g in rule.pooled and not atom_ok):
                continue
            total, n = answers[(item_id, g)]
            by_item[item_id][g] = GroupStat(raters=raters.get(g, 0), total=total, answers=n)
            acc = by_dim[item.dimension.code][g]
            acc[0] += total
            acc[1] += n
            overall[g][0] += total
            overall[g][1] += n

    def cell(stats: dict[str, GroupStat], *, partial=False) -> Cell:
        c = combine_with(stats, rule=rule, weights=weights, lo=lo, hi=hi, bands=bands)
        if partial:
            c.withheld = True
            c.hidden = [g for g in order if g in set(c.hidden) | set(rule.pooled)]
        return c

    def stats_of(acc) -> dict[str, GroupStat]:
        return {g: GroupStat(raters=raters.get(g, 0), total=t, answers=n) for g, (t, n) in acc.items() if n}

    return {
        "items": {str(i): _cell_json(cell(s, partial=i in dropped_items)) for i, s in by_item.items()},
        "dims": {code: _cell_json(cell(stats_of(acc), partial=any(items[i].dimension.code == code
                                                                  for i in dropped_items)))
                 for code, acc in by_dim.items()},
        "overall": _cell_json(cell(stats_of(overall), partial=bool(dropped_items))) if overall else None,
        "comment_groups": sorted(set(rule.shown) | set(rule.pooled)),
    }


@transaction.atomic
def compute_snapshot(cycle: Cycle) -> ResultSnapshot:
    """Compute every figure the cycle will ever publish, once (four queries over the whole cycle), and store it."""
    cycle = Cycle.objects.select_related("instrument").get(pk=cycle.pk)
    existing = ResultSnapshot.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    k = cycle.anonymity_threshold
    lo, hi = cycle.instrument.scale_min, cycle.instrument.scale_max
    weights = {g.group: float(g.weight) for g in CycleRaterGroup.objects.filter(cycle=cycle, enabled=True)}
    items = {i.pk: i for i in Item.objects.filter(dimension__instrument_id=cycle.instrument_id)
             .select_related("dimension")}
    codes = sorted({i.dimension.code for i in items.values()})
    # Straight-lined submissions left out (issue 17, ``Cycle.exclude_straight_lined``): their answers are skipped,
    # and their number per subject × group (from the anonymous patterns) is taken off the submitted counts BEFORE
    # the threshold is applied. Which raters they were is not known (nothing links a pattern to a rater), so an
    # agency's distinct respondents are lowered by its number of excluded submissions: a lower bound, never more
    # than the truth, so every threshold below still holds.
    excluded: dict[tuple[int | None, str], int] = defaultdict(int)
    excluded_in: dict[int, int] = defaultdict(int)
    if cycle.exclude_straight_lined:
        for subject_id, agency_id, group, n in (SubmissionStat.objects.filter(cycle=cycle, spread=0, items__gte=2)
                                                .values_list("subject_id", "agency_id", "group")
                                                .annotate(n=Count("pk")).order_by()):
            excluded[(subject_id, group)] += n
            excluded_in[agency_id] += n
    # The submission records: who was assigned and who submitted (the rater ids never leave this function).
    assignments = list(Assignment.objects.filter(cycle=cycle)
                       .values_list("subject_id", "subject__agency_id", "group", "rater_id", "response__submitted_at"))
    agency_of: dict[int, int] = {}
    raters: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    counts: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    respondents: dict[int, set] = defaultdict(set)
    for subject_id, agency_id, group, rater_id, done in assignments:
        agency_of[subject_id] = agency_id
        counts[subject_id][group][0] += 1
        if done is not None:
            raters[subject_id][group] += 1
            counts[subject_id][group][1] += 1
            respondents[agency_id].add(rater_id)
    for (subject_id, group), n in excluded.items():
        if subject_id is not None and subject_id in counts:
            raters[subject_id][group] = max(0, raters[subject_id][group] - n)
            counts[subject_id][group][1] = max(0, counts[subject_id][group][1] - n)

    def n_respondents(agency_id) -> int:
        return max(0, len(respondents.get(agency_id, ())) - excluded_in.get(agency_id, 0))

    flipped = Case(When(item__reverse_scored=True, then=Value(lo + hi) - F("score")), default=F("score"),
                   output_field=IntegerField())
    survey = cycle.instrument.is_survey
    answers: dict[int, dict[tuple[int, str], tuple[float, int]]] = defaultdict(dict)
    key = "agency_id" if survey else "subject_id"
    answer_rows = SubmittedAnswer.objects.filter(cycle=cycle)
    if cycle.exclude_straight_lined:
        answer_rows = answer_rows.filter(straight_lined=False)
    for row in (answer_rows.values(key, "item_id", "group")
                .annotate(total=Sum(flipped), n=Count("pk")).order_by()):
        answers[row[key]][(row["item_id"], row["group"])] = (float(row["total"]), row["n"])

    subjects = {}
    survey_cells: dict[int, dict[str, float]] = {}
    if survey:
        # A survey's subjects are its respondents and its answers are known by agency only: an agency's value
        # score is the mean of its answers (every respondent answers every item, so it equals the mean of the
        # respondents' own scores), with as many "subjects" as respondents.
        for agency_id, by_key in answers.items():
            sums: dict[str, list] = defaultdict(lambda: [0.0, 0])
            for (item_id, _g), (total, n) in by_key.items():
                acc = sums[items[item_id].dimension.code]
                acc[0] += total
                acc[1] += n
            survey_cells[agency_id] = {code: normalise(t / n, lo, hi) for code, (t, n) in sums.items() if n}
    for subject_id, agency_id in ({} if survey else agency_of).items():
        cells = _subject_cells(items, answers.get(subject_id, {}), dict(raters.get(subject_id, {})), k=k,
                               weights=weights, lo=lo, hi=hi, bands=cycle.bands)
        cells["agency"] = agency_id
        cells["counts"] = {g: list(v) for g, v in counts[subject_id].items()}
        subjects[str(subject_id)] = cells

    # Aggregates: per value column, agency cells with primary and secondary suppression against the city.
    agency_ids = sorted(set(agency_of.values()))
    heat: dict[int, dict] = {a: {} for a in agency_ids}
    city: dict[str, dict | None] = {}
    everyone = set().union(*respondents.values()) if respondents else set()
    everyone_count = max(0, len(everyone) - sum(excluded_in.values()))
    for code in codes:
        scores: dict[int, list[float]] = defaultdict(list)
        for s in subjects.values():
            dim = s["dims"].get(code)
            if dim and dim["score"] is not None:
                scores[s["agency"]].append(dim["score"])
        for agency_id, cells in survey_cells.items():
            if code in cells:
                scores[agency_id] = [cells[code]] * n_respondents(agency_id)
        sizes = {a: n_respondents(a) if scores.get(a) else 0 for a in agency_ids}
        hidden, city_ok = suppress(sizes, k, members={a: respondents.get(a, set()) for a in agency_ids},
                                   extra={a: len(scores.get(a, [])) for a in agency_ids}, discount=excluded_in)
        for a in agency_ids:
            values = scores.get(a, [])
            heat[a][code] = _mean_json(values, n_respondents(a), None if a in hidden else k, cycle)
        all_values = [v for vs in scores.values() for v in vs]
        city[code] = _mean_json(all_values, everyone_count, k if city_ok and len(all_values) >= k else None, cycle)

    by_agency = {a: respondents.get(a, set()) for a in agency_ids}
    assigned = defaultdict(int)
    submitted = defaultdict(int)
    assigned_raters: dict[int, set] = defaultdict(set)
    for _s, agency_id, _g, rater_id, done in assignments:
        assigned[agency_id] += 1
        submitted[agency_id] += done is not None
        assigned_raters[agency_id].add(rater_id)
    total_rate, rates = _suppressed_progress(assigned, submitted, assigned_raters, k)
    data = {
        "version": SNAPSHOT_VERSION, "threshold": k, "codes": codes, "bands": list(cycle.bands), "subjects": subjects,
        "heatmap": {str(a): cells for a, cells in heat.items()}, "city": city,
        "respondents": everyone_count, "agency_respondents": {str(a): n_respondents(a) for a in by_agency},
        "agency_subjects": {str(a): sum(1 for s in subjects.values() if s["agency"] == a) for a in agency_ids}
        if not survey else {str(a): n_respondents(a) for a in by_agency},
        # Only the cycle's total of excluded submissions, never per subject or agency (it could point at a rater).
        "straight_lined_excluded": sum(excluded_in.values()) if cycle.exclude_straight_lined else None,
        "total_rate": total_rate, "rates": {str(a): r for a, r in rates.items()},
    }
    try:
        with transaction.atomic():
            return ResultSnapshot.objects.create(cycle=cycle, computed_at=timezone.now(), data=data)
    except IntegrityError:          # computed at the same time by another request: keep the first
        return ResultSnapshot.objects.get(cycle=cycle)


def _mean_json(values: list[float], respondents: int, minimum: int | None, cycle: Cycle) -> dict:
    if minimum is None or not values or len(values) < minimum or respondents < minimum:
        # Not even the number of respondents of a withheld cell is shown (a small group's participation).
        return {"score": None, "band": None, "groups": {}, "hidden": [], "withheld": False, "raters": None}
    score = sum(values) / len(values)
    return {"score": score, "band": band(score, cycle.bands), "groups": {}, "hidden": [], "withheld": False,
            "raters": respondents, "subjects": len(values)}


def _cache_key(cycle_id: int, part: str) -> str:
    return f"evaluations:snapshot:v{SNAPSHOT_VERSION}:{cycle_id}:{part}"


def snapshot(cycle: Cycle, *, head_only: bool = False) -> dict | None:
    """The frozen figures of a closed or published cycle (``None`` while it is a draft or open). ``head_only``:
    without the per-subject cells (what aggregate pages need: a few kB instead of ~2 MB at city scale)."""
    if cycle.status not in RESULT_STATUSES:
        return None
    return _snapshots([cycle], head_only=head_only)[cycle.pk]


def snapshot_for_subjects(cycle: Cycle, subject_ids: Iterable[int]) -> dict | None:
    """The snapshot with only these subjects' entries under ``"subjects"``: what a page of subjects or one report
    reads. The head, the set of subjects with an entry and the entries come from the cache in one round trip (a few
    kB), instead of the whole snapshot (~19 MB of JSON at province scale, ~1 s to fetch and parse on a cold
    worker). The figures are the frozen ones either way; anything missing from the cache falls back to the whole."""
    if cycle.status not in RESULT_STATUSES:
        return None
    wanted = [str(s) for s in subject_ids]
    head_key, ids_key = _cache_key(cycle.pk, "head"), _cache_key(cycle.pk, "ids")
    keys = {s: _cache_key(cycle.pk, f"s{s}") for s in wanted}
    found = cache.get_many([head_key, ids_key, *keys.values()])
    head, ids = found.get(head_key), found.get(ids_key)
    if head is not None and ids is not None and all(keys[s] in found for s in wanted if s in ids):
        return {**head, "subjects": {s: found[keys[s]] for s in wanted if s in ids}}
    whole = snapshot(cycle)
    return {**_head(whole), "subjects": {s: whole["subjects"][s] for s in wanted if s in whole["subjects"]}}


def warm_snapshots() -> int:
    """Load the frozen figures of every closed or published cycle into the shared cache (whole and head): what a
    deploy runs before traffic (``manage.py warm_caches``) and Celery beat with the dashboards. A snapshot at
    province scale is ~19 MB of JSON (4,000 agents); read from the database and parsed, it made the first results
    page after a deploy take 1.4 s. Returns the number of cycles."""
    cycles = list(Cycle.objects.filter(status__in=RESULT_STATUSES))
    for cycle in cycles:
        _snapshots([cycle])
    return len(cycles)


def _head(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "subjects"}


def _snapshots(cycles: list[Cycle], *, head_only: bool = False) -> dict[int, dict]:
    part = "head" if head_only else "all"
    keys = {c.pk: _cache_key(c.pk, part) for c in cycles}
    found = cache.get_many(list(keys.values()))
    out = {c.pk: found[keys[c.pk]] for c in cycles if keys[c.pk] in found}
    todo = [c for c in cycles if c.pk not in out]
    if todo:
        stored = dict(ResultSnapshot.objects.filter(cycle_id__in=[c.pk for c in todo]).values_list("cycle_id", "data"))
        fresh = {}
        for c in todo:
            if c.pk not in stored:
                stored[c.pk] = compute_snapshot(c).data
            fresh[_cache_key(c.pk, "head")] = _head(stored[c.pk])
            # One entry per subject, and which subjects have one: a page of subjects reads those, not the whole.
            subjects = stored[c.pk].get("subjects") or {}
            fresh[_cache_key(c.pk, "ids")] = frozenset(subjects)
            fresh.update({_cache_key(c.pk, f"s{key}"): entry for key, entry in subjects.items()})
            if not head_only:
                fresh[_cache_key(c.pk, "all")] = stored[c.pk]
            out[c.pk] = fresh[keys[c.pk]]
        cache.set_many(fresh, timeout=getattr(settings, "EVALUATION_RESULTS_CACHE_SECONDS", 24 * 3600))
    return out


# --- reading the published figures ---------------------------------------------------------------------------

@dataclass
class SubjectFigures:
    subject_id: int
    agency_id: int
    cells: dict[str, Cell] = field(default_factory=dict)
    overall: Cell | None = None
    items: dict[int, Cell] = field(default_factory=dict)
    counts: dict[str, list[int]] = field(default_factory=dict)
    comment_groups: list[str] = field(default_factory=list)


def subject_figures(snap: dict, subject_ids: Iterable[int] | None = None) -> dict[int, SubjectFigures]:
    wanted = None if subject_ids is None else {str(s) for s in subject_ids}
    out = {}
    for key, s in snap["subjects"].items():
        if wanted is not None and key not in wanted:
            continue
        if not s["dims"] and s["overall"] is None:
            continue
        out[int(key)] = SubjectFigures(
            subject_id=int(key), agency_id=s["agency"], cells={c: cell_from(v) for c, v in s["dims"].items()},
            overall=cell_from(s["overall"]) if s["overall"] else None,
            items={int(i): cell_from(v) for i, v in s["items"].items()}, counts=s["counts"],
            comment_groups=s["comment_groups"])
    return out


def subject_progress(snap: dict | None, subject_ids: Iterable[int]) -> dict[int, dict]:
    """Answers received of assigned, per subject: only once the cycle is closed (never live)."""
    if snap is None:
        return {}
    out = {}
    for s in subject_ids:
        entry = snap["subjects"].get(str(s))
        if entry:
            assigned = sum(v[0] for v in entry["counts"].values())
            submitted = sum(v[1] for v in entry["counts"].values())
            out[s] = _rate(assigned, submitted)
    return out


def heatmap(snap: dict, agency_ids: set[int] | None) -> tuple[dict[int, dict[str, Cell]], dict[str, Cell], int]:
    """Agency × value cells and the scope's cells. The city's own figures for the whole city; one agency's row
    for one agency; for several agencies the subject-weighted mean of their *shown* cells (nothing new)."""
    heat = {int(a): {c: cell_from(v) for c, v in cells.items()} for a, cells in snap["heatmap"].items()
            if agency_ids is None or int(a) in agency_ids}
    if agency_ids is None:
        city = {c: cell_from(v) for c, v in snap["city"].items()}
        shown = any(cell.score is not None for cell in city.values())
        return heat, city, snap["respondents"] if shown else None
    raw = {int(a): cells for a, cells in snap["heatmap"].items() if int(a) in agency_ids}
    scope: dict[str, Cell] = {}
    k = snap["threshold"]
    shown_agencies = [a for a, cells in raw.items() if any(c and c["score"] is not None for c in cells.values())]
    respondents = sum(snap["agency_respondents"].get(str(a), 0) for a in shown_agencies) if shown_agencies else None
    for code in snap["codes"]:
        parts = [(cells[code]["score"], cells[code].get("subjects", 0)) for cells in raw.values()
                 if cells.get(code) and cells[code]["score"] is not None]
        n = sum(w for _s, w in parts)
        if parts and n >= k:
            score = sum(s * w for s, w in parts) / n
            scope[code] = Cell(score=score, band=band(score, tuple(snap["bands"])), raters=respondents)
        else:
            scope[code] = Cell(score=None, band=None, raters=respondents)
    return heat, scope, respondents


def released_comments(cycle: Cycle, subject_id: int, comment_groups: list[str]) -> list[str]:
    """The subject's comments Tim RB has published, from groups whose answers are disclosed, unattributed, in the
    random order of their UUID keys (not submission order)."""
    if cycle.status != Cycle.Status.PUBLISHED or not comment_groups:
        return []
    return list(SubmittedComment.objects.filter(cycle=cycle, subject_id=subject_id, group__in=comment_groups,
                                                status=SubmittedComment.Status.PUBLISHED)
                .order_by("pk").values_list("text", flat=True))


def reviewable_comments(cycle: Cycle):
    """Comments Tim RB reviews once the cycle is closed: only from groups whose answers are disclosed (a comment
    of a withheld group is never released, so it is not offered for release either)."""
    snap = snapshot(cycle)
    if snap is None:
        return SubmittedComment.objects.none()
    from django.db.models import Q

    allowed = Q(pk__in=[])
    by_groups: dict[tuple, list[int]] = defaultdict(list)
    for key, s in snap["subjects"].items():
        by_groups[tuple(s["comment_groups"])].append(int(key))
    for groups, subject_ids in by_groups.items():
        if groups:
            allowed |= Q(subject_id__in=subject_ids, group__in=list(groups))
    return (SubmittedComment.objects.filter(cycle=cycle).filter(allowed)
            .select_related("subject").order_by("subject__name", "subject_id", "pk"))


def rater_counts(figures: SubjectFigures | None, k: int) -> list[dict]:
    """Raters assigned and answered per group of one subject; for an anonymous group of fewer than ``k`` raters
    neither number is shown (whether the one or two of them answered is nobody's business)."""
    counts = figures.counts if figures else {}
    out = []
    for g in RaterGroup:
        if g.value not in counts:
            continue
        assigned, submitted = counts[g.value]
        if g.value in ANONYMOUS_GROUPS and assigned < k:
            assigned = submitted = None
        out.append({"group": g, "label": g.label, "assigned": assigned, "submitted": submitted})
    return out


def suppression_counts(snap: dict) -> dict:
    """How much a cycle's figure set withholds (``manage.py disclosure_report``; docs/evaluations.md): per level,
    the cells that have answers behind them and how many of those are published."""
    out = {"subject_group_cells": [0, 0], "subject_cells": [0, 0], "agency_cells": [0, 0], "city_cells": [0, 0]}
    partial = 0
    for s in snap["subjects"].values():
        answered = {g for g, (_assigned, submitted) in s["counts"].items() if submitted}
        cells = [*s["items"].values(), *s["dims"].values(), *([s["overall"]] if s["overall"] else [])]
        for c in cells:
            present = set(c["groups"]) | set(c["hidden"])
            out["subject_group_cells"][0] += len(present & answered)
            out["subject_group_cells"][1] += len(set(c["groups"]))
            out["subject_cells"][0] += 1
            out["subject_cells"][1] += c["score"] is not None
            partial += c["score"] is not None and c["withheld"]
    for cells in snap["heatmap"].values():
        for c in cells.values():
            if c["raters"]:
                out["agency_cells"][0] += 1
                out["agency_cells"][1] += c["score"] is not None
    for c in snap["city"].values():
        out["city_cells"][0] += 1
        out["city_cells"][1] += c["score"] is not None
    report = {level: {"with_answers": n, "published": shown, "withheld": n - shown} for level, (n, shown) in out.items()}
    report["subject_cells"]["published_without_some_answers"] = partial
    return report
