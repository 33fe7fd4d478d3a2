"""Raters who have not submitted are reminded when a cycle opens, two days before the close and on the last day."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations import reminders
from evaluations.models import Cycle, RaterGroup
from notifications import reminders as registry
from notifications.models import Notification
from organization.models import Employee

from .conftest import answer_all, assign, make_user, new_cycle

PEER = RaterGroup.PEER.value


@pytest.fixture
def cycle_with_raters(tim_rb, instrument_360, diskominfo, staff_of, pegawai_diskominfo, agen_diskominfo,
                      operator_diskominfo):
    """pegawai (pending), operator (submitted), a rater without an account (pending), agen self (draft only)."""
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject = agen_diskominfo.employee
    no_account = Employee.objects.filter(agency=diskominfo, user__isnull=True).order_by("pk").first()
    assign(cycle, subject, pegawai_diskominfo.employee, PEER)
    answer_all(assign(cycle, subject, operator_diskominfo.employee, PEER), 4)
    assign(cycle, subject, no_account, PEER)
    answer_all(assign(cycle, subject, subject, "self"), 4, submitted=False)
    return cycle


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))


def sent_to():
    return sorted(Notification.objects.filter(kind="rating_pending").values_list("recipient__username", flat=True))


def test_the_reminder_is_registered_with_a_schedule():
    entry = registry.REGISTRY["rating_pending"]
    assert entry.crontab["hour"] == "8"
    assert "penilai" in entry.description.lower()


def test_opening_reminder_reaches_exactly_the_raters_who_have_not_submitted(cycle_with_raters):
    sent = registry.run("rating_pending", now=timezone.now(), force=True)
    assert sent == 2
    assert sent_to() == ["agen.diskominfo", "pegawai.diskominfo"]
    body = Notification.objects.get(recipient__username="pegawai.diskominfo").body
    assert "1 penilaian" in body and "Sisa waktu" in body


def test_running_twice_sends_once(cycle_with_raters):
    assert registry.run("rating_pending", now=timezone.now(), force=True) == 2
    assert registry.run("rating_pending", now=timezone.now(), force=True) == 0
    assert Notification.objects.filter(kind="rating_pending").count() == 2


def test_two_days_before_and_on_the_last_day_with_the_days_left(cycle_with_raters):
    closes = cycle_with_raters.closes_on
    registry.run("rating_pending", now=at(closes - dt.timedelta(days=5)), force=True)   # opening
    assert reminders.period_for(cycle_with_raters, closes - dt.timedelta(days=2)) == "d-2"
    assert registry.run("rating_pending", now=at(closes - dt.timedelta(days=2)), force=True) == 2
    assert registry.run("rating_pending", now=at(closes - dt.timedelta(days=1)), force=True) == 0
    assert registry.run("rating_pending", now=at(closes), force=True) == 2
    last = Notification.objects.filter(recipient__username="pegawai.diskominfo").order_by("-pk").first()
    assert "hari terakhir" in last.body
    assert registry.run("rating_pending", now=at(closes + dt.timedelta(days=1)), force=True) == 0


def test_a_rater_who_submits_gets_no_more_reminders(cycle_with_raters, pegawai_diskominfo):
    registry.run("rating_pending", now=timezone.now(), force=True)
    answer_all(cycle_with_raters.assignments.get(rater=pegawai_diskominfo.employee), 3)
    closes = cycle_with_raters.closes_on
    registry.run("rating_pending", now=at(closes), force=True)
    assert Notification.objects.filter(recipient=pegawai_diskominfo).count() == 1


def test_closed_cycles_send_nothing(cycle_with_raters):
    Cycle.objects.filter(pk=cycle_with_raters.pk).update(status=Cycle.Status.CLOSED)
    assert registry.run("rating_pending", now=timezone.now(), force=True) == 0


def test_opening_a_cycle_reminds_its_raters_at_once(api, tim_rb, instrument_360, django_capture_on_commit_callbacks,
                                                   diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360)
    subject, rater = Employee.objects.filter(agency=diskominfo, user__isnull=True).order_by("pk")[:2]
    make_user(rater, username="rater.baru")
    assign(cycle, subject, rater, PEER)
    with django_capture_on_commit_callbacks(execute=True):
        assert api(tim_rb).post(f"/api/v1/cycles/{cycle.pk}/open/").status_code == 200
    assert Notification.objects.filter(kind="rating_pending", recipient__username="rater.baru").count() == 1
