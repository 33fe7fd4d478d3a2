"""Pure scoring rules: normalisation to 0–100, reverse items, bands, and the anonymity rule.

Nothing here touches the database; selectors.py aggregates answers in grouped queries and hands the sums to
:func:`combine`, so the same rules serve the web pages, the API, the exports and the dashboards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from .models import ANONYMOUS_GROUPS, NAMED_GROUPS

# The Indeks BerAKHLAK band names, translated when shown (gettext_lazy): in the reader's language, not at import.
BAND_LABELS = {
    "A": gettext_lazy("Sehat"),
    "B": gettext_lazy("Cukup Sehat"),
    "C": gettext_lazy("Tidak Sehat"),
    "D": gettext_lazy("Sangat Tidak Sehat"),
}
DEFAULT_BANDS = (75.0, 50.0, 25.0)


def normalise(mean: float, lo: int, hi: int) -> float:
    """Map a mean on the scale ``lo..hi`` onto 0–100: ``(mean − lo) / (hi − lo) × 100``."""
    value = (mean - lo) / (hi - lo) * 100.0
    return min(100.0, max(0.0, value))


def band(score: float | None, bands: tuple[float, float, float] = DEFAULT_BANDS) -> str | None:
    """A ≥ bands[0], B ≥ bands[1], C ≥ bands[2], D below. Uses the score as shown (one decimal)."""
    if score is None:
        return None
    shown = round(score, 1)
    a, b, c = bands
    if shown >= a:
        return "A"
    if shown >= b:
        return "B"
    if shown >= c:
        return "C"
    return "D"


@dataclass(frozen=True)
class GroupStat:
    """Aggregated answers of one rater group in one cell (a subject × dimension, subject × item, …)."""

    raters: int          # distinct raters who answered in the cell
    total: float         # sum of the scores, reverse items already flipped
    answers: int         # number of answers summed

    @property
    def mean(self) -> float:
        return self.total / self.answers


@dataclass(frozen=True)
class Disclosure:
    shown: frozenset        # groups whose score is shown on its own
    pooled: frozenset       # hidden groups whose answers still count in the total (pooled: at least threshold raters)
    withheld: frozenset     # hidden groups left out of the total as well


def disclose(raters: Mapping[str, int], threshold: int) -> Disclosure:
    """Decide which rater groups of one cell may be shown, and which answers may count in the total.

    The rule (DOMAIN.md, "Anonymity"):

    1. *Named* groups (self, superior) have one known rater each and are shown whenever they answered.
    2. An *anonymous* group (peers, subordinates) is shown only when at least ``threshold`` of its raters answered.
    3. No hidden group may be recoverable by subtracting the shown groups from the total. So the hidden groups'
       answers count in the total only as one pool of at least ``threshold`` raters. When the hidden groups
       together have fewer raters than that (always the case when exactly one group is hidden), the smallest
       *shown* anonymous sibling is hidden as well and joins the pool, and so on until the pool is large enough.
       A pool that stays too small even with every anonymous group in it is left out of the total
       (``withheld``): the total then covers only the groups on screen, and the page says so.

    With peers (2 raters) and subordinates (5): peers alone would be recoverable as total − self − superior −
    subordinates, so subordinates are hidden too and both count in the total as one pool of 7. With peers (2)
    and no subordinates, the two peer answers are withheld from the total.
    """
    shown = {g for g in NAMED_GROUPS if raters.get(g, 0) > 0}
    shown |= {g for g in ANONYMOUS_GROUPS if raters.get(g, 0) >= threshold}
    hidden = {g for g in ANONYMOUS_GROUPS if 0 < raters.get(g, 0) < threshold}
    pool = sum(raters[g] for g in hidden)
    if hidden and pool < threshold:
        siblings = sorted((g for g in shown if g in ANONYMOUS_GROUPS), key=lambda g: (raters[g], g))
        while pool < threshold and siblings:
            sibling = siblings.pop(0)
            shown.discard(sibling)
            hidden.add(sibling)
            pool += raters[sibling]
    if hidden and pool < threshold:
        return Disclosure(frozenset(shown), frozenset(), frozenset(hidden))
    return Disclosure(frozenset(shown), frozenset(hidden), frozenset())


@dataclass
class Cell:
    """A score (0–100) with its band, the per-group scores that may be shown, and what was hidden."""

    score: float | None
    band: str | None
    groups: dict = field(default_factory=dict)    # group -> score 0–100, only for shown groups
    hidden: list = field(default_factory=list)    # groups that answered but are not shown
    withheld: bool = False                        # some answers left out of the total (too few to pool)
    raters: int = 0                               # raters behind the total

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS.get(self.band or "", ""))

    def __reduce__(self):
        # Cached results hold hundreds of cells: rebuilt from a tuple they unpickle in half the time.
        return (Cell, (self.score, self.band, self.groups, self.hidden, self.withheld, self.raters))


def combine(stats: Mapping[str, GroupStat], *, weights: Mapping[str, float], threshold: int, lo: int, hi: int,
            bands: tuple[float, float, float] = DEFAULT_BANDS) -> Cell:
    """Combine one cell's per-group sums into the shown group scores and a weighted total.

    The total is Σ weight × group score / Σ weight over the groups that count (see :func:`disclose`); a pool of
    hidden groups counts as one group whose weight is the sum of its members' weights. When every weight that
    counts is zero, the answers are simply averaged.
    """
    stats = {g: s for g, s in stats.items() if s.answers}
    if not stats:
        return Cell(score=None, band=None)
    rule = disclose({g: s.raters for g, s in stats.items()}, threshold)
    return combine_with(stats, rule=rule, weights=weights, lo=lo, hi=hi, bands=bands)


def combine_with(stats: Mapping[str, GroupStat], *, rule: Disclosure, weights: Mapping[str, float], lo: int, hi: int,
                 bands: tuple[float, float, float] = DEFAULT_BANDS) -> Cell:
    """:func:`combine` with a partition decided beforehand (evaluations.disclosure decides it once per subject and
    applies it to every cell, so no cell shows a group that another cell of the same subject hides)."""
    stats = {g: s for g, s in stats.items() if s.answers}
    if not stats:
        return Cell(score=None, band=None)
    rule = Disclosure(shown=frozenset(g for g in rule.shown if g in stats),
                      pooled=frozenset(g for g in rule.pooled if g in stats),
                      withheld=frozenset(g for g in rule.withheld if g in stats))
    parts: list[tuple[float, float, GroupStat]] = []  # (weight, normalised mean, stat)
    for g in rule.shown:
        parts.append((float(weights.get(g, 0)), normalise(stats[g].mean, lo, hi), stats[g]))
    if rule.pooled:
        pool = GroupStat(raters=sum(stats[g].raters for g in rule.pooled),
                         total=sum(stats[g].total for g in rule.pooled),
                         answers=sum(stats[g].answers for g in rule.pooled))
        parts.append((sum(float(weights.get(g, 0)) for g in rule.pooled), normalise(pool.mean, lo, hi), pool))
    score = None
    if parts:
        weight_sum = sum(w for w, _s, _st in parts)
        if weight_sum > 0:
            score = sum(w * s for w, s, _st in parts) / weight_sum
        else:
            total = sum(st.total for _w, _s, st in parts)
            answers = sum(st.answers for _w, _s, st in parts)
            score = normalise(total / answers, lo, hi)
    order = {g: i for i, g in enumerate([*NAMED_GROUPS, *ANONYMOUS_GROUPS])}
    return Cell(
        score=score, band=band(score, bands),
        groups={g: normalise(stats[g].mean, lo, hi) for g in sorted(rule.shown, key=order.get)},
        hidden=sorted(rule.pooled | rule.withheld, key=order.get),
        withheld=bool(rule.withheld),
        raters=sum(st.raters for _w, _s, st in parts),
    )
