"""The dashboard's figures against the example worked out by hand in conftest.py."""

from __future__ import annotations

import pytest

from dashboards.selectors import Filters, agency_figures, city_figures
from tests.dashboards.conftest import EXPECTED

pytestmark = pytest.mark.django_db


def _row(figures, agency):
    return next(r for r in figures["agencies"] if r["id"] == agency.pk)


def _check(actual: dict, expected: dict):
    for key, value in expected.items():
        if key == "nominations":
            assert {k: v for k, v in actual[key].items() if v} == value, key
        else:
            assert actual[key] == value, key


def test_city_figures_match_the_hand_computed_example(program, diskominfo, dinkes):
    figures = city_figures()
    _check(_row(figures, diskominfo), EXPECTED["diskominfo"])
    _check(_row(figures, dinkes), EXPECTED["dinkes"])
    totals, city = figures["totals"], EXPECTED["city"]
    for key in ("agents", "role_models", "changes", "integrated", "pct_agents_with_change", "pct_integrated",
                "zi_grade", "response_rate", "open_response_rate", "posts", "topics"):
        assert totals[key] == city[key], key
    assert figures["scores"] == city["scores"]
    assert figures["previous_scores"] == city["previous_scores"]
    assert figures["cycle"]["name"] == "Siklus uji II"
    assert figures["previous_cycle"]["name"] == "Siklus uji I"
    assert figures["open_cycle"]["name"] == "Siklus uji III"
    assert [v["code"] for v in figures["values"]] == ["akuntabel", "adaptif"]
    assert [t["cycle"]["name"] for t in figures["trend"]] == ["Siklus uji I", "Siklus uji II"]
    assert figures["period"]["name"] == "Periode uji"


def test_the_weekly_forum_chart_counts_this_weeks_visible_posts(program):
    weekly = city_figures()["weekly"]
    assert len(weekly) == 12
    assert weekly[-1]["posts"] == EXPECTED["city"]["posts"]
    assert sum(w["posts"] for w in weekly[:-1]) == 0


def test_agency_figures_add_agents_projects_pending_nominations_and_sub_units(program, diskominfo):
    figures = agency_figures(agency=diskominfo)
    assert [a["name"] for a in figures["agencies"]] == [diskominfo.name]
    _check(figures["totals"], {k: v for k, v in EXPECTED["diskominfo"].items()
                               if k not in {"scores", "score_mean", "topics", "posts"}})
    assert figures["scores"] == EXPECTED["diskominfo"]["scores"]
    detail = figures["detail"]
    agents = [a for a in detail["agents"] if a["kind"] == "agen"]
    assert len(agents) == 3 and len(detail["agents"]) == 4
    assert sorted(p["title"] for a in agents for p in a["projects"]) == [
        "Arsip digital", "Dasbor layanan", "Kanal pengaduan", "Layanan izin daring"]
    assert sorted(n["status"] for n in detail["nominations"]) == ["endorsed", "submitted", "submitted"]
    # Open cycle: four Diskominfo raters assigned, one answered (25%), spread over their sub-units. SEKRE has one
    # rater: its counts are hidden, and APTIKA's with them (else the agency's 25% − APTIKA would give SEKRE's).
    units = detail["units"]
    assert all(u["response_rate"] is None for u in units)
    assert figures["totals"]["open_response_rate"] == 25.0
    assert detail["units_cycle"]["name"] == "Siklus uji III"
    assert sum(u["employees"] for u in units) == figures["totals"]["employees"]


def test_the_kind_filter_keeps_only_agencies_of_that_kind(program, diskominfo):
    figures = city_figures(filters=Filters(kind="kecamatan"))
    assert figures["agencies"] and all(r["kind"] == "kecamatan" for r in figures["agencies"])
    assert figures["totals"]["agents"] == 0
    # No kecamatan takes part in any cycle: none is shown (rather than another scope's cycle with empty scores).
    assert figures["cycle"] is None and figures["open_cycle"] is None and figures["scores"] == {}


def test_choosing_the_previous_cycle_shows_its_scores_with_no_earlier_cycle(program, diskominfo):
    figures = city_figures(filters=Filters(cycle=program["previous"]))
    assert figures["scores"] == EXPECTED["city"]["previous_scores"]
    assert figures["previous_cycle"] is None
    assert _row(figures, diskominfo)["scores"] == {"akuntabel": 50.0, "adaptif": 25.0}


def test_a_period_without_agents_shows_its_own_quota_and_no_nominations(program, diskominfo):
    from agents.models import ProgramPeriod

    old = ProgramPeriod.objects.create(name="Periode lama", nomination_opens="2024-01-01",
                                       nomination_closes="2024-01-31", term_start="2024-02-01",
                                       term_end="2025-01-31", default_quota=2)
    row = _row(city_figures(filters=Filters(period=old)), diskominfo)
    assert row["quota"] == 2
    assert row["pending"] == 0
