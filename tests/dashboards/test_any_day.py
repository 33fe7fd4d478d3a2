"""Figures that are right on any day: who counts as an active agent, and which cycles a scope is shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agents.models import ChangeAgent
from agents.selectors import agency_summary
from dashboards.selectors import agency_figures, city_figures
from evaluations.models import Cycle
from tests.dashboards.conftest import EXPECTED, make_agent, make_cycle, rate, staff

pytestmark = pytest.mark.django_db


def _row(figures, agency):
    return next(r for r in figures["agencies"] if r["id"] == agency.pk)


def appoint_for_next_term(employee, period) -> ChangeAgent:
    """An agent appointed today by decree for a term that starts in a month (next year's term, say)."""
    agent = make_agent(employee, period)
    today = timezone.localdate()
    ChangeAgent.objects.filter(pk=agent.pk).update(term_start=today + dt.timedelta(days=30),
                                                   term_end=today + dt.timedelta(days=395), decree_date=today)
    agent.refresh_from_db()
    return agent


def test_an_agent_whose_term_starts_later_is_upcoming_not_active(program, diskominfo):
    agent = appoint_for_next_term(staff(diskominfo, 1, offset=5)[0], program["period"])
    today = timezone.localdate()
    assert not ChangeAgent.objects.active().filter(pk=agent.pk).exists()
    assert ChangeAgent.objects.upcoming().filter(pk=agent.pk).exists()
    assert agent.state_on(today) == "upcoming" and agent.is_upcoming and not agent.is_current
    # On the first day of the term it is active, and the day after its last day it has ended.
    assert ChangeAgent.objects.active(on=agent.term_start).filter(pk=agent.pk).exists()
    assert agent.state_on(agent.term_end + dt.timedelta(days=1)) == "ended"


def test_an_upcoming_agent_is_not_counted_in_the_quota_or_the_zi_figures(program, diskominfo):
    appoint_for_next_term(staff(diskominfo, 1, offset=5)[0], program["period"])
    row = agency_summary(agency_ids=[diskominfo.pk])[diskominfo.pk]
    assert row["agents"] == EXPECTED["diskominfo"]["agents"] == 3
    assert row["pct_agents_with_change"] == EXPECTED["diskominfo"]["pct_agents_with_change"]  # changes ÷ 3 agents
    figures = city_figures()
    assert _row(figures, diskominfo)["agents"] == 3
    assert _row(figures, diskominfo)["quota_fill"] == 75.0  # 3 of 4, not 4 of 4
    detail = agency_figures(agency=diskominfo)["detail"]
    assert len([a for a in detail["agents"] if a["kind"] == "agen"]) == 3


def test_the_registry_shows_an_upcoming_agent_as_upcoming(program, diskominfo, login, tim_rb):
    agent = appoint_for_next_term(staff(diskominfo, 1, offset=5)[0], program["period"])
    client = login(tim_rb)
    upcoming = client.get(reverse("agents:agent_list"), {"state": "upcoming"})
    assert [a.pk for a in upcoming.context["page"].object_list] == [agent.pk]
    assert "Akan bertugas" in upcoming.content.decode()
    active = client.get(reverse("agents:agent_list"), {"state": "active", "agency": diskominfo.pk})
    assert agent.pk not in [a.pk for a in active.context["page"].object_list]
    assert "Akan bertugas mulai" in client.get(reverse("agents:agent_detail", args=[agent.pk])).content.decode()


def test_a_scope_is_shown_only_the_open_cycle_it_takes_part_in(program, diskominfo, dinkes):
    # The fixture's open cycle rates Diskominfo only: Dinkes has no open cycle, not a "0,0 %" for someone else's.
    dinkes_figures = agency_figures(agency=dinkes)
    assert dinkes_figures["open_cycle"] is None
    assert dinkes_figures["totals"].get("open_response_rate") is None
    assert agency_figures(agency=diskominfo)["open_cycle"]["name"] == "Siklus uji III"
    assert city_figures()["open_cycle"]["name"] == "Siklus uji III"

    # A newer open cycle of Dinkes alone is Dinkes' open cycle, and does not hide Diskominfo's.
    dinkes_cycle = make_cycle(program["instrument"], "Siklus Dinkes", Cycle.Status.OPEN, timezone.localdate())
    rate(dinkes_cycle, program["dinkes_staff"][0], program["items"], None)
    assert agency_figures(agency=dinkes)["open_cycle"]["name"] == "Siklus Dinkes"
    # One rater is fewer than the anonymity threshold: the rate is withheld (evaluations.disclosure), never 0,0 %.
    assert agency_figures(agency=dinkes)["totals"]["open_response_rate"] is None
    assert agency_figures(agency=diskominfo)["open_cycle"]["name"] == "Siklus uji III"


def test_the_pages_of_a_scope_without_a_cycle_render(program, dinkes, login, sekda, kepala_dinkes):
    assert login(sekda).get(reverse("dashboards:index"), {"kind": "kecamatan"}).status_code == 200
    page = login(kepala_dinkes).get(reverse("dashboards:agency", args=[dinkes.pk]))
    assert page.status_code == 200
    assert "Siklus uji III" not in page.content.decode()
