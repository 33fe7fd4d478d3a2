"""Rater-bias analytics for Tim RB, per cycle (issue 17; docs/improvement.md "Honest ratings").

Read from the submission patterns evaluations stores anonymously (``SubmissionStat``: no rater, no timestamp) and
from the anonymous answers; shown only once the cycle is closed, as counts and distributions per agency and rater
group, never per rater or answer. A cell of fewer than ``k`` submissions is hidden, and per rater group the next
smallest agencies too until the hidden ones hold ``k`` (``evaluations.disclosure.suppress``, the one suppression
method), so the city total minus the shown agencies never isolates a small group.

Measures of one submission (scale points; thresholds in ``ImprovementSettings``):

- **leniency / strictness**: its mean minus the mean of the *other* non-self submissions about the same subject
  (needs at least one other; self-ratings are left out: they are the self-vs-others gap below) ≥ +t / ≤ −t;
- **straight-lining**: the same answer to every item (spread 0);
- **central tendency**: not straight-lined, no answer at either end of the scale, spread below a threshold;
- **halo**: not straight-lined, the means of its values (two or more) spread less than a threshold;
- **self vs others**: per agency and value, the mean self-rating minus the mean of the other groups, on 0–100,
  shown when the agency has at least ``k`` self and ``k`` other submissions.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Case, F, FloatField, Value, When

from evaluations import disclosure
from evaluations.models import Cycle, Dimension, RaterGroup, SubmissionStat, SubmittedAnswer
from organization.models import Agency

from .models import ImprovementSettings

BIN_EDGES = (-1.0, -0.5, 0.5, 1.0)
BIN_LABELS = ("≤ −1", "−1 … −0,5", "−0,5 … 0,5", "0,5 … 1", "≥ 1")
FLAGS = ("lenient", "strict", "straight", "central", "halo")


def _bin(deviation: float) -> int:
    """The bins close towards the ends, like the flags: −0.5 is "strict" and in "−1 … −0,5"."""
    low, mid_low, mid_high, high = BIN_EDGES
    if deviation <= low:
        return 0
    if deviation <= mid_low:
        return 1
    if deviation < mid_high:
        return 2
    return 3 if deviation < high else 4


def classify(rows, *, leniency: float, central: float, halo: float) -> dict[tuple[int, str], dict]:
    """Counts per (agency, group) from submission patterns ``(agency, subject, group, mean, spread,
    extreme_share, value_spread)``. Pure: the tests give it rows with a known answer."""
    others: dict[int, list] = defaultdict(lambda: [0.0, 0])
    for _a, subject, group, mean, *_rest in rows:
        if subject is not None and group != RaterGroup.SELF:
            others[subject][0] += mean
            others[subject][1] += 1
    cells: dict[tuple[int, str], dict] = defaultdict(lambda: {"n": 0, "compared": 0, "bins": [0] * 5,
                                                              **dict.fromkeys(FLAGS, 0)})
    for agency, subject, group, mean, spread, extreme, value_spread in rows:
        cell = cells[(agency, group)]
        cell["n"] += 1
        straight = spread == 0
        cell["straight"] += straight
        cell["central"] += (not straight and extreme == 0 and spread < central)
        cell["halo"] += (not straight and value_spread is not None and value_spread < halo)
        total, n = others.get(subject, (0.0, 0))
        if subject is not None and group != RaterGroup.SELF and n > 1:
            deviation = mean - (total - mean) / (n - 1)
            cell["compared"] += 1
            cell["lenient"] += deviation >= leniency
            cell["strict"] += deviation <= -leniency
            cell["bins"][_bin(deviation)] += 1
    return dict(cells)


def _add(a: dict | None, b: dict) -> dict:
    if a is None:
        return {**b, "bins": list(b["bins"])}
    return {key: ([x + y for x, y in zip(a[key], b[key], strict=True)] if key == "bins" else a[key] + b[key])
            for key in a}


def rater_quality(cycle: Cycle) -> dict:
    """Everything the page and the API show for a cycle (three queries)."""
    if cycle.status not in disclosure.RESULT_STATUSES:
        return {"available": False}
    k = cycle.anonymity_threshold
    conf = ImprovementSettings.get_solo()
    rows = list(SubmissionStat.objects.filter(cycle=cycle).values_list(
        "agency_id", "subject_id", "group", "mean", "spread", "extreme_share", "value_spread"))
    cells = classify(rows, leniency=float(conf.leniency_points), central=float(conf.central_spread),
                     halo=float(conf.halo_spread))
    agency_ids = sorted({a for a, _g in cells})
    groups = [g for g in RaterGroup.values if any(key[1] == g for key in cells)]
    shown: dict[tuple[int, str], dict | None] = {}
    totals: dict[str, dict | None] = {}
    for group in groups:
        sizes = {a: cells.get((a, group), {"n": 0})["n"] for a in agency_ids}
        hidden, total_ok = disclosure.suppress(sizes, k)
        total = None
        for a in agency_ids:
            cell = cells.get((a, group))
            if cell is None:
                continue
            shown[(a, group)] = None if a in hidden else cell
            total = _add(total, cell)
        totals[group] = total if total_ok and total and total["n"] >= k else None
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    return {
        "available": True, "threshold": k, "groups": [(g, RaterGroup(g).label) for g in groups],
        "bins": BIN_LABELS,
        "agencies": [{"agency_id": a, "agency": names.get(a, ""),
                      "cells": {g: shown[(a, g)] for g in groups if (a, g) in shown}} for a in agency_ids],
        "totals": totals, "gaps": self_gaps(cycle, cells, k),
        "settings": {"leniency_points": float(conf.leniency_points), "central_spread": float(conf.central_spread),
                     "halo_spread": float(conf.halo_spread)},
    }


def self_gaps(cycle: Cycle, cells: dict, k: int) -> dict:
    """Per agency and value: mean self-rating − mean of the others, on 0–100 (``None`` where withheld)."""
    instrument = cycle.instrument
    lo, hi = instrument.scale_min, instrument.scale_max
    self_n: dict[int, int] = defaultdict(int)
    other_n: dict[int, int] = defaultdict(int)
    for (agency, group), cell in cells.items():
        (self_n if group == RaterGroup.SELF else other_n)[agency] += cell["n"]
    open_agencies = [a for a in self_n if self_n[a] >= k and other_n[a] >= k]
    values = list(Dimension.objects.filter(instrument=instrument, kind=Dimension.Kind.VALUE)
                  .order_by("order", "code").values_list("code", "name"))
    if not open_agencies:
        return {"values": values, "rows": []}
    flipped = Case(When(item__reverse_scored=True, then=Value(lo + hi) - F("score")), default=F("score"),
                   output_field=FloatField())
    is_self = Case(When(group=RaterGroup.SELF, then=Value(1)), default=Value(0))
    means: dict[tuple[int, str, int], float] = {}
    for row in (SubmittedAnswer.objects.filter(cycle=cycle, agency_id__in=open_agencies)
                .values("agency_id", "item__dimension__code").annotate(is_self=is_self, mean=Avg(flipped))
                .order_by()):
        means[(row["agency_id"], row["item__dimension__code"], row["is_self"])] = row["mean"]
    names = dict(Agency.objects.filter(pk__in=open_agencies).values_list("pk", "name"))
    out = []
    for a in sorted(open_agencies, key=lambda a: names.get(a, "")):
        gaps = {}
        for code, _name in values:
            mine, theirs = means.get((a, code, 1)), means.get((a, code, 0))
            gaps[code] = None if mine is None or theirs is None else round((mine - theirs) / (hi - lo) * 100, 1)
        out.append({"agency_id": a, "agency": names.get(a, ""), "values": gaps})
    return {"values": values, "rows": out}
