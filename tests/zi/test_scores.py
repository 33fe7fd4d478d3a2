from decimal import Decimal

import pytest

from zi import selectors
from zi.models import Entry, Indicator

pytestmark = pytest.mark.django_db


def _ind(pk, weight, source):
    return Indicator(pk=pk, code=f"X{pk}", section="s", name="n", weight=Decimal(weight), source=source)


def test_score_is_the_weighted_sum_of_values_with_missing_values_counting_zero():
    indicators = [_ind(1, "2", "manual"), _ind(2, "1", "changes"), _ind(3, "1", "eval_score")]
    entries = {1: Entry(indicator_id=1, value=Decimal("50"))}
    score = selectors.compute_score(indicators, {"changes": 100.0, "eval_score": None}, entries)
    assert score["score"] == Decimal("2.00")  # 2 × 50% + 1 × 100% + 1 × nothing
    assert score["max"] == Decimal("4")
    assert score["percent"] == 50.0


def test_the_default_tree_is_seeded_with_weights_adding_up_to_eight():
    tree = selectors.active_indicators()
    assert [i.code for i in tree][:3] == ["I.1", "I.2", "I.3"]
    assert sum(i.weight for i in tree) == Decimal("8.00")
    assert {i.source for i in tree} >= {"agent_grade", "role_model", "changes", "integrated", "eval_response"}


def test_the_workspace_fills_the_portal_figures_live(world, diskominfo, period):
    data = selectors.workspace(diskominfo, period)
    by_code = {row["indicator"].code: row["value"] for row in data["rows"]}
    assert data["figures"]["agents"]["agents"] >= 2
    assert by_code["I.4.a"] == 100.0  # agents appointed, one with a concrete change: A
    assert by_code["I.4.b"] == 100.0  # a role model is appointed
    assert by_code["I.1"] is None  # manual, not filled yet


def test_the_city_score_is_the_mean_of_the_agencies(world, period):
    scores = selectors.city_scores(period)
    percents = [r["percent"] for r in scores["rows"]]
    assert scores["city_percent"] == round(sum(percents) / len(percents), 1)
    assert max(percents) > 0


def test_the_evaluation_figures_come_from_the_latest_published_cycle_only(monkeypatch):
    from evaluations import selectors as ev

    monkeypatch.setattr(ev, "latest_published_cycle", lambda **kw: "Siklus 2026")
    monkeypatch.setattr(ev, "cycle_summary", lambda *, cycle, agency_ids: {
        "response_rate": 80, "scores": {}, "by_agency": {7: {"response_rate": 75.0,
                                                            "scores": {"A": 80.0, "B": None, "C": 70.0}}}})
    cycle, figures = selectors.evaluation_figures([7])
    assert cycle == "Siklus 2026"
    assert figures[7]["response_rate"] == 75.0
    assert figures[7]["score"] == 75.0  # mean of the values shown; a value under the threshold is left out
