"""The rules: which values are named weak, and how a plan is re-checked at the next publication."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evaluations import services as evaluation_services
from evaluations.models import Cycle
from improvement import services
from improvement.models import ImprovementPlan, ImprovementSettings, WeakValue

from .builders import cycle_with_figures, published_with_weak_values

pytestmark = pytest.mark.django_db


def test_the_lowest_disclosed_score_is_named():
    lowest, fallen = services.pick_weak({"a": 70.0, "b": 60.0, "c": 65.0}, {}, lowest_count=1, fallen_count=1,
                                        min_drop=5)
    assert lowest == ["b"] and fallen == []


def test_ties_are_broken_by_code_and_count_is_respected():
    lowest, _fallen = services.pick_weak({"b": 60.0, "a": 60.0, "c": 61.0}, {}, lowest_count=2, fallen_count=0,
                                         min_drop=5)
    assert lowest == ["a", "b"]


def test_a_value_that_fell_at_least_the_minimum_is_named_beside_the_lowest():
    lowest, fallen = services.pick_weak({"a": 70.0, "b": 60.0, "c": 80.0}, {"a": 78.0, "b": 61.0, "c": 84.9},
                                        lowest_count=1, fallen_count=2, min_drop=5)
    assert lowest == ["b"]
    assert fallen == ["a"]          # fell 8; c fell 4.9 (below the minimum), b fell 1


def test_publishing_a_cycle_names_each_agencys_weakest_value(tim_rb, diskominfo, dinkes,
                                                              django_capture_on_commit_callbacks):
    cycle = cycle_with_figures("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}, dinkes.pk: {"loyal": 61.0}},
                               status=Cycle.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.cycle_publish(cycle=cycle, by=tim_rb)
    named = set(WeakValue.objects.filter(cycle=cycle).values_list("agency_id", "code", "score", "is_lowest"))
    assert named == {(diskominfo.pk, "kompeten", 55.0, True), (dinkes.pk, "loyal", 61.0, True)}


def test_publishing_twice_does_not_name_twice(diskominfo):
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}})
    services.cycle_published(cycle_id=cycle.pk)
    assert WeakValue.objects.filter(cycle=cycle).count() == 1


def test_a_withheld_cell_is_never_named(diskominfo):
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": None, "loyal": 70.0}})
    assert list(WeakValue.objects.filter(cycle=cycle).values_list("code", flat=True)) == ["loyal"]


def test_an_agency_with_every_cell_withheld_gets_no_weak_value(diskominfo, dinkes):
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {}, dinkes.pk: {"loyal": 70.0}}, default=None)
    assert set(WeakValue.objects.filter(cycle=cycle).values_list("agency_id", flat=True)) == {dinkes.pk}


def test_the_fall_since_the_previous_published_cycle_uses_the_settings(diskominfo):
    conf = ImprovementSettings.get_solo()
    conf.min_drop = Decimal("10")
    conf.save()
    published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 62.0, "adaptif": 90.0, "loyal": 85.0}},
                               days_ago=180)
    second = published_with_weak_values("Siklus 2", {diskominfo.pk: {"kompeten": 60.0, "adaptif": 75.0,
                                                                     "loyal": 77.0}})
    rows = {wv.code: wv for wv in WeakValue.objects.filter(cycle=second)}
    assert set(rows) == {"kompeten", "adaptif"}      # loyal fell 8 < 10
    assert rows["adaptif"].has_fallen and not rows["adaptif"].is_lowest
    assert rows["adaptif"].previous_score == 90.0 and rows["adaptif"].drop == 15.0


def _plan(weak_value, user, target="70"):
    return services.plan_create(weak_value=weak_value, by=user, summary="Coaching mingguan", target_score=Decimal(target))


def test_the_next_publication_rechecks_the_plan(diskominfo, kepala_diskominfo, tim_rb,
                                                django_capture_on_commit_callbacks):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}}, days_ago=180)
    plan = _plan(WeakValue.objects.get(cycle=first), kepala_diskominfo)
    second = cycle_with_figures("Siklus 2", {diskominfo.pk: {"kompeten": 72.5}}, status=Cycle.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.cycle_publish(cycle=second, by=tim_rb)
    plan.refresh_from_db()
    assert plan.status == ImprovementPlan.Status.RECHECKED
    assert plan.rechecked_cycle == second
    assert (plan.score_after, plan.change, plan.target_met) == (72.5, 17.5, True)


def test_a_plan_below_its_target_is_rechecked_as_not_met(diskominfo, kepala_diskominfo):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}}, days_ago=180)
    plan = _plan(WeakValue.objects.get(cycle=first), kepala_diskominfo, target="75")
    published_with_weak_values("Siklus 2", {diskominfo.pk: {"kompeten": 60.0}})
    plan.refresh_from_db()
    assert (plan.score_after, plan.change, plan.target_met) == (60.0, 5.0, False)


def test_a_value_withheld_at_the_recheck_has_no_score_after(diskominfo, kepala_diskominfo):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}}, days_ago=180)
    plan = _plan(WeakValue.objects.get(cycle=first), kepala_diskominfo)
    published_with_weak_values("Siklus 2", {diskominfo.pk: {"kompeten": None}})
    plan.refresh_from_db()
    assert plan.status == ImprovementPlan.Status.RECHECKED
    assert plan.score_after is None and plan.target_met is None


def test_a_plan_is_not_rechecked_by_its_own_cycle(diskominfo, kepala_diskominfo):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}})
    plan = _plan(WeakValue.objects.get(cycle=first), kepala_diskominfo)
    services.cycle_published(cycle_id=first.pk)
    plan.refresh_from_db()
    assert plan.status == ImprovementPlan.Status.ACTIVE
