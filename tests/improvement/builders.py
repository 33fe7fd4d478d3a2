"""Published cycles with known, disclosed figures, for the improvement tests and the access matrices.

The figures are written as the cycle's frozen ``ResultSnapshot`` (the one set every reader slices through
``evaluations.disclosure``), so each test states the agency × value scores it needs; ``None`` is a withheld cell.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
from evaluations.models import Cycle, Dimension, Instrument, ResultSnapshot


def instrument():
    ensure_default_instruments()
    return Instrument.objects.get(code=BEHAVIOUR_360_CODE, version=1)


def value_codes() -> list[str]:
    return list(Dimension.objects.filter(instrument=instrument(), kind=Dimension.Kind.VALUE)
                .order_by("order", "code").values_list("code", flat=True))


def _cell(score):
    if score is None:
        return {"score": None, "band": None, "groups": {}, "hidden": [], "withheld": False, "raters": None}
    return {"score": score, "band": "B", "groups": {}, "hidden": [], "withheld": False, "raters": 5}


def subject(agency_id: int, scores: dict[str, tuple[float, dict[str, float]]], counts: dict[str, int]) -> dict:
    """One subject's published figures: code → (score, shown group → score); ``counts`` group → raters answered."""
    dims = {code: {**_cell(score), "groups": groups} for code, (score, groups) in scores.items()}
    return {"agency": agency_id, "dims": dims, "overall": None, "items": {},
            "counts": {g: [n, n] for g, n in counts.items()}, "comment_groups": []}


def cycle_with_figures(name: str, figures: dict[int, dict[str, float | None]], *, status=Cycle.Status.PUBLISHED,
                       days_ago: int = 0, default: float = 80.0, subjects: dict | None = None) -> Cycle:
    """A cycle whose agency × value scores are ``figures`` (agency id → code → score); other values ``default``;
    ``subjects``: employee id → :func:`subject`."""
    now = timezone.now() - dt.timedelta(days=days_ago)
    today = timezone.localdate() - dt.timedelta(days=days_ago)
    cycle = Cycle.objects.create(name=name, instrument=instrument(), opens_on=today - dt.timedelta(days=20),
                                 closes_on=today - dt.timedelta(days=5), status=status, opened_at=now,
                                 closed_at=now, published_at=now if status == Cycle.Status.PUBLISHED else None)
    codes = value_codes()
    heat = {str(a): {c: _cell(cells.get(c, default)) for c in codes} for a, cells in figures.items()}
    ResultSnapshot.objects.create(cycle=cycle, computed_at=now, data={
        "version": 1, "threshold": 3, "codes": codes, "bands": [75.0, 50.0, 25.0],
        "subjects": {str(k): v for k, v in (subjects or {}).items()},
        "heatmap": heat, "city": {c: _cell(None) for c in codes}, "respondents": 30,
        "agency_respondents": {str(a): 15 for a in figures}, "agency_subjects": {str(a): 5 for a in figures},
        "total_rate": {"assigned": None, "submitted": None, "rate": None, "hidden": True}, "rates": {}})
    return cycle


def published_with_weak_values(name: str, figures, **kwargs) -> Cycle:
    from improvement.services import cycle_published

    cycle = cycle_with_figures(name, figures, **kwargs)
    cycle_published(cycle_id=cycle.pk)
    return cycle
