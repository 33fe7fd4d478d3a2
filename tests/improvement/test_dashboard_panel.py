"""The city dashboard's improvement panel: agencies named, with a plan for their lowest value, and improved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from improvement import selectors, services
from improvement.models import WeakValue
from organization.models import Agency

from .builders import published_with_weak_values

pytestmark = pytest.mark.django_db


def plan(weak_value, user, target="70"):
    return services.plan_create(weak_value=weak_value, by=user, summary="Coaching", target_score=Decimal(target))


@pytest.fixture
def two_cycles(diskominfo, dinkes, kepala_diskominfo, kepala_dinkes):
    """Cycle 1 names Diskominfo's Kompeten (55) and Dinkes' Loyal (60); both write a plan. Cycle 2: Kompeten 72.5
    (improved), Loyal 55 (fell)."""
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}, dinkes.pk: {"loyal": 60.0}},
                                       days_ago=180)
    plan(WeakValue.objects.get(cycle=first, agency=diskominfo), kepala_diskominfo)
    plan(WeakValue.objects.get(cycle=first, agency=dinkes), kepala_dinkes)
    return published_with_weak_values("Siklus 2", {diskominfo.pk: {"kompeten": 72.5}, dinkes.pk: {"loyal": 55.0}})


def test_the_panel_counts_agencies_named_planned_and_improved(two_cycles, diskominfo, sekda, kepala_diskominfo):
    assert selectors.dashboard_figures(sekda) == {"cycle": "Siklus 2", "named": 2, "planned": 0, "rechecked": 2,
                                                  "improved": 1}
    lowest = WeakValue.objects.get(cycle=two_cycles, agency=diskominfo, is_lowest=True)
    plan(lowest, kepala_diskominfo, target="80")
    assert selectors.dashboard_figures(sekda)["planned"] == 1


def test_a_recheck_without_a_disclosed_score_is_not_counted(diskominfo, kepala_diskominfo, tim_rb):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}}, days_ago=180)
    plan(WeakValue.objects.get(cycle=first), kepala_diskominfo)
    published_with_weak_values("Siklus 2", {diskominfo.pk: {"kompeten": None}})
    figures = selectors.dashboard_figures(tim_rb)
    assert (figures["rechecked"], figures["improved"]) == (0, 0)


def test_only_city_readers_get_the_figures(two_cycles, kepala_diskominfo, operator_diskominfo, agen_diskominfo):
    for user in (kepala_diskominfo, operator_diskominfo, agen_diskominfo):
        assert selectors.dashboard_figures(user) is None


def test_the_city_dashboard_shows_the_panel(two_cycles, sekda, login):
    body = login(sekda).get(reverse("dashboards:index")).content.decode()
    assert 'data-testid="improvement-panel"' in body
    assert 'data-testid="improvement-improved">1<' in body


def test_no_weak_value_yet_shows_no_panel(sekda, login):
    body = login(sekda).get(reverse("dashboards:index")).content.decode()
    assert 'data-testid="improvement-panel"' not in body


@pytest.mark.parametrize("agencies", [2, 8])
def test_the_figures_take_three_queries_whatever_the_number_of_agencies(agencies, sekda, kepala_diskominfo,
                                                                       django_assert_num_queries):
    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:agencies])
    published_with_weak_values("Siklus 1", {a: {"kompeten": 55.0} for a in ids}, days_ago=180)
    published_with_weak_values("Siklus 2", {a: {"kompeten": 60.0} for a in ids})
    selectors.dashboard_figures(sekda)              # the roles are read (and cached) once
    with django_assert_num_queries(3):           # the latest cycle, its weak values with plans, its re-checks
        selectors.dashboard_figures(sekda)


# --- the cached panel (issue 19): keyed by the improvement and evaluations data versions and the reader's scope ---

def _panel(client) -> str:
    body = client.get(reverse("dashboards:index")).content.decode()
    start = body.find('data-testid="improvement-panel"')
    return body[start:body.find("</section>", start)] if start >= 0 else ""


def test_a_new_plan_shows_on_the_cached_panel_at_once(two_cycles, diskominfo, sekda, kepala_diskominfo, login):
    client = login(sekda)
    assert 'data-testid="improvement-planned">0<' in _panel(client)
    assert 'data-testid="improvement-planned">0<' in _panel(client)  # now cached
    plan(WeakValue.objects.get(cycle=two_cycles, agency=diskominfo, is_lowest=True), kepala_diskominfo, target="80")
    assert 'data-testid="improvement-planned">1<' in _panel(client)


def test_a_bulk_update_shows_on_the_cached_panel_at_once(two_cycles, sekda, login):
    from improvement.models import ImprovementPlan

    client = login(sekda)
    assert 'data-testid="improvement-improved">1<' in _panel(client)
    _panel(client)
    ImprovementPlan.objects.filter(rechecked_cycle=two_cycles).update(score_after=99.0)  # no signal
    assert 'data-testid="improvement-improved">2<' in _panel(client)
    WeakValue.objects.filter(cycle=two_cycles).delete()  # the latest named cycle is now the first one
    assert "Siklus 1" in _panel(client)


def test_a_renamed_cycle_shows_on_the_cached_panel_at_once(two_cycles, sekda, login):
    from evaluations.models import Cycle

    client = login(sekda)
    assert "Siklus 2" in _panel(client)
    Cycle.objects.filter(pk=two_cycles.pk).update(name="Siklus kedua (ganti nama)")
    assert "Siklus kedua (ganti nama)" in _panel(client)


def test_a_reader_outside_the_city_never_gets_the_panel_a_city_reader_cached(two_cycles, sekda, kepala_diskominfo,
                                                                          login, rf):
    from django.template import Context, Template

    assert 'data-testid="improvement-panel"' in login(sekda).get(reverse("dashboards:index")).content.decode()
    template = Template('{% include "improvement/_dashboard_panel.html" %}')
    for reader, shown in ((kepala_diskominfo, False), (sekda, True)):
        request = rf.get("/dashboards/")
        request.user = type(reader).objects.get(pk=reader.pk)
        html = template.render(Context({"request": request}))
        assert ('data-testid="improvement-panel"' in html) is shown


@pytest.mark.parametrize("agencies", [2, 8])
def test_the_warm_panel_runs_no_query_whatever_the_number_of_agencies(agencies, sekda, login,
                                                                      django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True)[:agencies])
    published_with_weak_values("Siklus 1", {a: {"kompeten": 55.0} for a in ids}, days_ago=180)
    published_with_weak_values("Siklus 2", {a: {"kompeten": 60.0} for a in ids})
    client = login(sekda)
    client.get(reverse("dashboards:index"))
    with CaptureQueriesContext(connection) as ctx:
        assert f'data-testid="improvement-named">{agencies}<' in _panel(client)
    assert not [q for q in ctx.captured_queries if "improvement_" in q["sql"]]
    assert len(ctx) == 1  # the session's user
