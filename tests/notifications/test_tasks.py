import datetime as dt
import json
import logging
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTask

from agenperubahan.celery import app
from notifications import reminders
from notifications.models import Notification, ReminderLog
from notifications.services import notify
from notifications.tasks import run_reminder, send_notification_email

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def like_a_worker(monkeypatch):
    """Eager tasks that behave as in a worker: a retry runs again, a failure is recorded instead of raised."""
    monkeypatch.setattr(app.conf, "task_eager_propagates", False)


@pytest.fixture
def flaky_smtp(monkeypatch, like_a_worker):
    """The locmem mail backend, failing the first ``fail`` sends with an SMTP error."""
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    state = {"fail": 1, "calls": 0}

    def send_messages(self, messages):
        state["calls"] += 1
        if state["calls"] <= state["fail"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def kepala_with_address(user):
    user.email = f"{user.username}@example.go.id"
    user.save()
    return user


# --- Celery set-up ----------------------------------------------------------------------------------------------

def test_tasks_are_acknowledged_late_json_only_and_time_limited():
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_soft_time_limit < conf.task_time_limit
    for name in ["notifications.tasks.send_notification_email", "notifications.tasks.send_digest_email",
                 "notifications.tasks.run_reminder", "notifications.tasks.build_report",
                 "notifications.tasks.build_reports", "notifications.tasks.ping"]:
        task = app.tasks[name]
        assert task.soft_time_limit and task.time_limit and task.soft_time_limit < task.time_limit, name


def test_the_visibility_timeout_outlasts_every_retry_countdown():
    longest = max(getattr(t, "retry_backoff_max", 0) or 0 for t in app.tasks.values()
                  if t.name.startswith("notifications."))
    assert longest <= settings.CELERY_MAX_COUNTDOWN < settings.CELERY_VISIBILITY_TIMEOUT


def test_without_redis_url_the_broker_is_the_filesystem_and_with_it_redis(monkeypatch):
    import importlib

    from agenperubahan.settings import base

    monkeypatch.delenv("REDIS_URL", raising=False)
    fs = importlib.reload(base)
    assert fs.CELERY_BROKER_URL == "filesystem://localhost/"
    assert fs.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"] == fs.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"]
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    redis = importlib.reload(base)
    assert redis.CELERY_BROKER_URL == "redis://127.0.0.1:6379/3"
    assert redis.CELERY_BROKER_TRANSPORT_OPTIONS == {"visibility_timeout": redis.CELERY_VISIBILITY_TIMEOUT}
    monkeypatch.undo()
    importlib.reload(base)


# --- e-mail retries and failures ---------------------------------------------------------------------------------

def test_a_retry_after_a_mail_error_sends_once(kepala_diskominfo, flaky_smtp, run_on_commit):
    kepala_with_address(kepala_diskominfo)
    with run_on_commit():
        [note] = notify(recipients=[kepala_diskominfo], kind="rating_pending", title="Penilaian menunggu Anda")
    assert flaky_smtp["calls"] == 2
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT and note.email_attempts == 2
    first_sent_at = note.emailed_at
    assert first_sent_at is not None
    # The same task delivered again (a redelivered message) sends nothing and keeps the first time.
    assert send_notification_email.delay(note.pk).get() == "already-sent"
    note.refresh_from_db()
    assert len(mail.outbox) == 1 and note.emailed_at == first_sent_at


def test_a_send_that_keeps_failing_is_recorded_with_its_reason_and_logged(kepala_diskominfo, flaky_smtp, caplog):
    kepala_with_address(kepala_diskominfo)
    flaky_smtp["fail"] = 100
    [note] = notify(recipients=[kepala_diskominfo], kind="rating_pending", title="Penilaian menunggu Anda")
    with caplog.at_level(logging.WARNING, logger="notifications.tasks"):
        result = send_notification_email.delay(note.pk)
    assert result.state == "FAILURE" and isinstance(result.result, smtplib.SMTPException)
    note.refresh_from_db()
    assert mail.outbox == []
    assert note.emailed_at is None and note.email_status == Notification.EmailStatus.FAILED
    assert note.email_attempts == send_notification_email.max_retries + 1
    assert note.email_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert "failed for good" in caplog.text and f"notification {note.pk}" in caplog.text


def test_a_refused_address_is_not_retried_and_is_recorded(kepala_diskominfo, monkeypatch, like_a_worker):
    from django.core.mail.backends.locmem import EmailBackend

    kepala_with_address(kepala_diskominfo)

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({kepala_diskominfo.email: (550, b"No such user")})

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    [note] = notify(recipients=[kepala_diskominfo], kind="rating_pending", title="Penilaian menunggu Anda")
    assert send_notification_email.delay(note.pk).state == "FAILURE"
    note.refresh_from_db()
    assert note.email_attempts == 1 and note.email_status == Notification.EmailStatus.FAILED
    assert "No such user" in note.email_error


def test_a_user_without_an_address_is_skipped_and_says_why(pegawai_diskominfo):
    pegawai_diskominfo.email = ""
    pegawai_diskominfo.save()
    note = Notification.objects.create(recipient=pegawai_diskominfo, kind="t", title="X", email_status="queued")
    assert send_notification_email.delay(note.pk).get() == "skipped"
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SKIPPED and note.email_error


# --- reminders ---------------------------------------------------------------------------------------------------

def test_running_a_reminder_twice_sends_each_email_once(test_reminder, kepala_diskominfo, kepala_dinkes,
                                                        run_on_commit):
    for user in (kepala_diskominfo, kepala_dinkes):
        kepala_with_address(user)
    with run_on_commit():
        first = run_reminder.delay(test_reminder).get()
    with run_on_commit():
        second = run_reminder.delay(test_reminder).get()
    assert (first, second) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kepala_diskominfo.email, kepala_dinkes.email])
    assert ReminderLog.objects.filter(kind=test_reminder).count() == 2
    assert Notification.objects.filter(kind=test_reminder).count() == 2


def test_an_unknown_reminder_kind_fails_loudly():
    with pytest.raises(ValueError, match="tidak dikenal"):
        run_reminder.delay("no_such_kind")


@pytest.mark.parametrize(("local", "expected"), [
    (dt.datetime(2026, 11, 30, 6, 59), False),   # Monday before 07.00 WIB
    (dt.datetime(2026, 11, 30, 7, 0), True),     # Monday 07.00 WIB
    (dt.datetime(2026, 11, 30, 16, 59), True),
    (dt.datetime(2026, 11, 30, 17, 0), False),
    (dt.datetime(2026, 11, 28, 10, 0), False),   # Saturday
    (dt.datetime(2026, 11, 29, 10, 0), False),   # Sunday
])
def test_reminders_go_out_only_in_working_hours_wib(settings, local, expected):
    settings.REMINDER_HOURS = (7, 17)
    as_utc = local.replace(tzinfo=WIB).astimezone(dt.UTC)
    assert reminders.in_working_hours(as_utc) is expected


def test_outside_working_hours_a_reminder_sends_nothing_unless_forced(settings, test_reminder, run_on_commit):
    settings.REMINDER_HOURS = (7, 17)
    saturday = dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
    with run_on_commit():
        assert reminders.run(test_reminder, now=saturday) == 0
        assert not ReminderLog.objects.filter(kind=test_reminder).exists()
        assert reminders.run(test_reminder, now=saturday, force=True) == 2


def test_send_reminders_runs_one_kind_and_lists_the_kinds(test_reminder, capsys, run_on_commit):
    call_command("send_reminders", "--list")
    assert test_reminder in capsys.readouterr().out
    with run_on_commit():
        call_command("send_reminders", "--kind", test_reminder)
        call_command("send_reminders", "--kind", test_reminder)
    out = capsys.readouterr().out
    assert f"{test_reminder}: 2 terkirim" in out and f"{test_reminder}: 0 terkirim" in out


def test_send_reminders_outside_working_hours_needs_force(settings, test_reminder, capsys, monkeypatch):
    settings.REMINDER_HOURS = (7, 17)
    monkeypatch.setattr(reminders, "in_working_hours", lambda now=None: False)
    call_command("send_reminders", "--kind", test_reminder)
    assert "--force" in capsys.readouterr().out
    assert not ReminderLog.objects.filter(kind=test_reminder).exists()
    call_command("send_reminders", "--kind", test_reminder, "--force")
    assert ReminderLog.objects.filter(kind=test_reminder).count() == 2


def test_send_reminders_names_the_kinds_when_given_an_unknown_one(test_reminder):
    with pytest.raises(CommandError, match=test_reminder):
        call_command("send_reminders", "--kind", "typo")


# --- schedules ---------------------------------------------------------------------------------------------------

def test_setup_schedules_creates_one_periodic_task_per_reminder_and_the_reports(test_reminder):
    call_command("setup_schedules")
    task = PeriodicTask.objects.select_related("crontab").get(name=f"Pengingat: {test_reminder}")
    assert task.task == "notifications.tasks.run_reminder" and json.loads(task.args) == [test_reminder]
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("30", "9", "Asia/Jakarta")
    weekly = PeriodicTask.objects.select_related("crontab").get(name="Laporan: ringkasan mingguan")
    assert json.loads(weekly.kwargs) == {"kind": "weekly_digest"} and weekly.crontab.day_of_week == "1"
    monthly = PeriodicTask.objects.select_related("crontab").get(name="Laporan: bulanan")
    assert json.loads(monthly.kwargs) == {"kind": "monthly"} and monthly.crontab.day_of_month == "1"


def test_setup_schedules_twice_changes_nothing_and_keeps_admin_edits(test_reminder):
    call_command("setup_schedules")
    count = PeriodicTask.objects.count()
    edited = PeriodicTask.objects.get(name=f"Pengingat: {test_reminder}")
    edited.crontab.hour = "10"
    edited.crontab.save()
    edited.enabled = False
    edited.save()
    call_command("setup_schedules")
    assert PeriodicTask.objects.count() == count
    edited.refresh_from_db()
    assert edited.enabled is False and edited.crontab.hour == "10"
    call_command("setup_schedules", "--reset")
    edited.refresh_from_db()
    assert edited.enabled is True and edited.crontab.hour == "9"
