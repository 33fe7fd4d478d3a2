"""Writing plans, who may, the list page's queries, the API and the follow-up reminder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement import permissions, services
from improvement.models import ImprovementPlan, PlanAction, WeakValue
from improvement.reminders import plan_followup
from notifications.models import Notification
from organization.models import Employee

from .builders import published_with_weak_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def weak(diskominfo, dinkes):
    cycle = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}, dinkes.pk: {"loyal": 60.0}})
    return {w.agency_id: w for w in WeakValue.objects.filter(cycle=cycle)}


def _plan(weak_value, user):
    return services.plan_create(weak_value=weak_value, by=user, summary="Coaching", target_score=Decimal("70"))


# --- rules --------------------------------------------------------------------------------------------------

def test_the_kepala_and_operator_may_write_their_agencys_plan(weak, diskominfo, kepala_diskominfo,
                                                               operator_diskominfo):
    assert permissions.can_write_plan(kepala_diskominfo, weak[diskominfo.pk])
    assert permissions.can_write_plan(operator_diskominfo, weak[diskominfo.pk])


def test_another_agencys_kepala_tim_rb_and_an_agent_may_not_write_a_plan(weak, diskominfo, kepala_dinkes, tim_rb,
                                                                         agen_diskominfo):
    for user in (kepala_dinkes, tim_rb, agen_diskominfo):
        assert not permissions.can_write_plan(user, weak[diskominfo.pk])
    with pytest.raises(PermissionDenied):
        _plan(weak[diskominfo.pk], kepala_dinkes)


def test_tim_rb_sees_every_agencys_plans_a_kepala_only_their_own(weak, diskominfo, dinkes, kepala_diskominfo,
                                                                 kepala_dinkes, tim_rb):
    _plan(weak[diskominfo.pk], kepala_diskominfo)
    _plan(weak[dinkes.pk], kepala_dinkes)
    assert permissions.visible_plans(tim_rb).count() == 2
    assert list(permissions.visible_plans(kepala_diskominfo).values_list("agency_id", flat=True)) == [diskominfo.pk]
    assert not permissions.can_view_plans(kepala_diskominfo.__class__.objects.get(username="agen.diskominfo"))


def test_the_target_must_be_above_the_current_score(weak, diskominfo, kepala_diskominfo):
    with pytest.raises(ValidationError) as err:
        services.plan_create(weak_value=weak[diskominfo.pk], by=kepala_diskominfo, summary="x",
                             target_score=Decimal("55"))
    assert "target_score" in err.value.error_dict


def test_an_action_owner_must_work_in_the_agency(weak, diskominfo, dinkes, kepala_diskominfo):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    stranger = Employee.objects.filter(agency=dinkes).first()
    with pytest.raises(ValidationError) as err:
        services.plan_action_add(plan=plan, by=kepala_diskominfo, what="Coaching", owner=stranger,
                                 due_date=timezone.localdate(), indicator="Skor Kompeten")
    assert "owner" in err.value.error_dict


def test_a_rechecked_plan_takes_no_more_progress(weak, diskominfo, kepala_diskominfo):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    ImprovementPlan.objects.filter(pk=plan.pk).update(status=ImprovementPlan.Status.RECHECKED)
    plan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.plan_progress_add(plan=plan, by=kepala_diskominfo, progress=50, note="Jalan")


# --- pages ----------------------------------------------------------------------------------------------------

def test_the_kepala_writes_a_plan_adds_an_action_and_reports_progress(weak, diskominfo, kepala_diskominfo,
                                                                      login):
    client = login(kepala_diskominfo)
    page = client.get(reverse("improvement:index"))
    assert "Kompeten" in page.content.decode() and "Loyal" not in page.content.decode()
    wv = weak[diskominfo.pk]
    bad = client.post(reverse("improvement:plan_create", args=[wv.pk]), {"summary": "x", "target_score": "50"})
    assert bad.status_code == 400 and "lebih tinggi" in bad.content.decode()
    done = client.post(reverse("improvement:plan_create", args=[wv.pk]),
                       {"summary": "Coaching mingguan", "target_score": "70"})
    plan = ImprovementPlan.objects.get(weak_value=wv)
    assert done.status_code == 302
    owner = Employee.objects.filter(agency=diskominfo).first()
    client.post(reverse("improvement:action_add", args=[plan.pk]),
                {"what": "Coaching", "owner": owner.pk, "due_date": timezone.localdate().isoformat(),
                 "indicator": "Skor Kompeten"})
    action = PlanAction.objects.get(plan=plan)
    client.post(reverse("improvement:progress_add", args=[plan.pk]),
                {"progress": "40", "note": "Dua sesi", "done_actions": [action.pk]})
    plan.refresh_from_db()
    action.refresh_from_db()
    assert (plan.actions_count, plan.progress, action.done) == (1, 40, True)


def test_another_agencys_plan_answers_404_and_tim_rb_may_read_but_not_write(weak, diskominfo, kepala_diskominfo,
                                                                            kepala_dinkes, tim_rb, login):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    assert login(kepala_dinkes).get(reverse("improvement:plan_detail", args=[plan.pk])).status_code == 404
    client = login(tim_rb)
    assert client.get(reverse("improvement:plan_detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("improvement:progress_add", args=[plan.pk]), {}).status_code == 403


def test_the_city_page_counts_agencies_with_a_plan_for_their_weakest_value(weak, diskominfo, kepala_diskominfo,
                                                                           tim_rb, login):
    _plan(weak[diskominfo.pk], kepala_diskominfo)
    body = login(tim_rb).get(reverse("improvement:index")).content.decode()
    assert "1 dari 2 perangkat daerah punya rencana" in body


def test_the_list_page_runs_the_same_queries_at_two_sizes(diskominfo, dinkes, tim_rb, kepala_diskominfo,
                                                          kepala_dinkes, login, django_assert_num_queries):
    first = published_with_weak_values("Siklus 1", {diskominfo.pk: {"kompeten": 55.0}}, days_ago=100)
    _plan(WeakValue.objects.get(cycle=first), kepala_diskominfo)
    client = login(tim_rb)
    url = reverse("improvement:index")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    second = published_with_weak_values("Siklus 2", {diskominfo.pk: {"loyal": 50.0}, dinkes.pk: {"adaptif": 40.0}})
    for wv in WeakValue.objects.filter(cycle=second):
        _plan(wv, kepala_diskominfo if wv.agency_id == diskominfo.pk else kepala_dinkes)
    with django_assert_num_queries(len(ctx)):
        client.get(url)


# --- API ------------------------------------------------------------------------------------------------------

def test_the_api_lists_plans_in_scope(weak, diskominfo, dinkes, kepala_diskominfo, kepala_dinkes, tim_rb,
                                      pegawai_diskominfo, api):
    mine = _plan(weak[diskominfo.pk], kepala_diskominfo)
    _plan(weak[dinkes.pk], kepala_dinkes)
    assert api(tim_rb).get("/api/v1/improvement-plans/").json()["count"] == 2
    data = api(kepala_diskominfo).get("/api/v1/improvement-plans/").json()
    assert [p["id"] for p in data["results"]] == [mine.pk]
    assert data["results"][0]["weak_value"]["score"] == 55.0
    assert api(pegawai_diskominfo).get("/api/v1/improvement-plans/").status_code == 403


def test_the_api_list_runs_the_same_queries_at_two_sizes(weak, diskominfo, dinkes, kepala_diskominfo,
                                                         kepala_dinkes, tim_rb, api, django_assert_num_queries):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    owner = Employee.objects.filter(agency=diskominfo).first()
    services.plan_action_add(plan=plan, by=kepala_diskominfo, what="a", owner=owner,
                             due_date=timezone.localdate(), indicator="i")
    client = api(tim_rb)
    client.get("/api/v1/improvement-plans/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/improvement-plans/")
    other = _plan(weak[dinkes.pk], kepala_dinkes)
    for _i in range(2):
        services.plan_action_add(plan=other, by=kepala_dinkes, what="b", owner=Employee.objects.filter(agency=dinkes)
                                 .first(), due_date=timezone.localdate(), indicator="i")
    with django_assert_num_queries(len(ctx)):
        client.get("/api/v1/improvement-plans/")


# --- reminders --------------------------------------------------------------------------------------------------

def test_an_overdue_plan_is_reminded_once_per_week(weak, diskominfo, kepala_diskominfo, operator_diskominfo):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    owner = Employee.objects.filter(agency=diskominfo).first()
    services.plan_action_add(plan=plan, by=kepala_diskominfo, what="Coaching", owner=owner,
                             due_date=timezone.localdate() - dt.timedelta(days=3), indicator="Skor")
    now = timezone.now()
    assert plan_followup(now) == 2               # the kepala and the operator
    assert plan_followup(now) == 0
    assert Notification.objects.filter(recipient=kepala_diskominfo, kind="improvement_plan_followup").count() == 1


def test_a_fresh_plan_with_progress_is_not_reminded(weak, diskominfo, kepala_diskominfo):
    plan = _plan(weak[diskominfo.pk], kepala_diskominfo)
    services.plan_progress_add(plan=plan, by=kepala_diskominfo, progress=10, note="Mulai")
    assert plan_followup(timezone.now()) == 0
    assert plan_followup(timezone.now() + dt.timedelta(days=31)) == 2



def test_a_cycle_created_published_without_a_publication_time_is_left_alone(db, django_capture_on_commit_callbacks):
    """Rows loaded by hand (a fixture, an import of old results) may carry no publication time: the hook runs on
    commit and must neither fail nor name weak values it cannot place in the order of publications."""
    from evaluations.models import Cycle

    from .builders import instrument

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        cycle = Cycle.objects.create(name="Siklus lama", instrument=instrument(), opens_on=today - dt.timedelta(days=90),
                                     closes_on=today - dt.timedelta(days=70), status=Cycle.Status.PUBLISHED)
    assert cycle.published_at is None
    assert not WeakValue.objects.filter(cycle=cycle).exists()
