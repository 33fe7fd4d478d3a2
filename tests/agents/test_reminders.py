"""Each reminder reaches exactly the right people, and running it twice sends once."""

import datetime as dt

import pytest
from django.utils import timezone

from agents import reminders, services
from agents.models import ChangeProject, Nomination
from notifications import reminders as registry
from notifications.models import Notification

from .conftest import make_agent, make_employee, make_period, make_project, today

pytestmark = pytest.mark.django_db

KINDS = ["nominations_pending_endorsement", "nominations_pending_decision", "quota_unfilled", "progress_report_due",
         "term_ending"]


def recipients(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def run_twice(kind, now=None):
    now = now or timezone.now()
    return registry.run(kind, now=now, force=True), registry.run(kind, now=now, force=True)


def test_every_kind_is_registered_with_a_description_and_schedule():
    for kind in KINDS:
        assert kind in registry.REGISTRY
        assert registry.REGISTRY[kind].description and registry.REGISTRY[kind].crontab


def test_kepala_are_reminded_of_nominations_waiting_more_than_the_periods_days(
        tim_rb, nominate, dinkes, operator_dinkes, kepala_dinkes):
    period = make_period(tim_rb, endorsement_reminder_days=3)
    old = nominate("submitted", on_period=period)
    fresh = nominate("submitted", on_period=period, agency=dinkes, operator=operator_dinkes, kepala=kepala_dinkes)
    four, one = timezone.now() - dt.timedelta(days=4), timezone.now() - dt.timedelta(days=1)
    Nomination.objects.filter(pk=old.pk).update(submitted_at=four, waiting_since=four)
    Nomination.objects.filter(pk=fresh.pk).update(submitted_at=one, waiting_since=one)
    assert run_twice("nominations_pending_endorsement") == (1, 0)
    assert recipients("nominations_pending_endorsement") == ["kepala.diskominfo"]


def test_tim_rb_is_reminded_of_endorsed_nominations_waiting_for_a_decision(tim_rb, nominate):
    period = make_period(tim_rb, decision_reminder_days=7)
    waiting = nominate("endorsed", on_period=period)
    nominate("endorsed", on_period=period)  # endorsed just now: not yet
    Nomination.objects.filter(pk=waiting.pk).update(endorsed_at=timezone.now() - dt.timedelta(days=8))
    assert run_twice("nominations_pending_decision") == (1, 0)
    assert recipients("nominations_pending_decision") == ["tim.rb"]


def test_operators_are_reminded_while_the_quota_is_unfilled_and_the_window_closes_soon(
        tim_rb, nominate, dinkes, operator_dinkes, kepala_dinkes):
    closing = make_period(tim_rb, nomination_closes=today() + dt.timedelta(days=5), default_quota=2)
    services.period_save(period=closing, by=tim_rb, quotas={dinkes.pk: 1})
    nominate("submitted", on_period=closing, agency=dinkes, operator=operator_dinkes, kepala=kepala_dinkes)  # full
    make_period(tim_rb, nomination_closes=today() + dt.timedelta(days=20))  # closes later: no reminder yet
    # Every agency with room left reminds its operator (the demo gives each agency one); Dinkes is full.
    sent = run_twice("quota_unfilled")
    assert sent[1] == 0 and sent[0] >= 1
    assert "operator.diskominfo" in recipients("quota_unfilled")
    assert "operator.dinkes" not in recipients("quota_unfilled")
    assert "tersisa 2" in Notification.objects.get(kind="quota_unfilled", recipient__username="operator.diskominfo").title


def test_agents_are_reminded_of_the_monthly_report_from_the_25th(agen_diskominfo, agen_dinkes, diskominfo):
    month = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month: every project had started
    mine = make_project(make_agent(agen_diskominfo.employee))
    reported = make_project(make_agent(agen_dinkes.employee))
    ChangeProject.objects.filter(pk=reported.pk).update(last_report_month=month)
    former = make_agent(make_employee(diskominfo), status="ended")
    services.ensure_user_for_employee(former.employee)
    make_project(former)
    finished = make_agent(make_employee(diskominfo))
    services.ensure_user_for_employee(finished.employee)
    make_project(finished, status=ChangeProject.Status.DONE, completed_on=today())
    day_10 = timezone.make_aware(dt.datetime.combine(month.replace(day=10), dt.time(9)))
    day_26 = timezone.make_aware(dt.datetime.combine(month.replace(day=26), dt.time(9)))
    assert reminders.progress_report_due(day_10) == 0
    assert run_twice("progress_report_due", now=day_26) == (1, 0)
    assert recipients("progress_report_due") == ["agen.diskominfo"]
    assert Notification.objects.get(kind="progress_report_due").url.endswith(f"/{mine.pk}/laporan/")


def test_agents_are_reminded_when_their_term_ends_within_30_days(tim_rb, agen_diskominfo, agen_dinkes, diskominfo):
    make_agent(agen_diskominfo.employee, term_end=today() + dt.timedelta(days=20))
    make_agent(agen_dinkes.employee, term_end=today() + dt.timedelta(days=60))
    renewed = make_agent(make_employee(diskominfo), term_end=today() + dt.timedelta(days=10))
    services.ensure_user_for_employee(renewed.employee)
    successor = make_agent(renewed.employee, term_start=today() + dt.timedelta(days=11),
                           term_end=today() + dt.timedelta(days=376))
    successor.renewed_from = renewed
    successor.save()
    assert run_twice("term_ending") == (1, 0)
    assert recipients("term_ending") == ["agen.diskominfo"]
