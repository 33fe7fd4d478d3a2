"""Real Celery workers started as subprocesses (bounded in time, stopped at the end of each test):

* `make run`'s worker with embedded beat runs a scheduled task without Redis (filesystem broker, SQLite);
* a task goes through a real Redis broker to a real worker and its result comes back (needs REDIS_URL);
* a worker killed mid-task: the task runs again and its effect (a reminder-log claim) happens once — with Redis
  after the visibility timeout, and with the filesystem broker when the pool process dies.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
pytestmark = pytest.mark.slow

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("setup_schedules", verbosity=0)
from organization.models import User
print(User.objects.create(username="worker.test", email="worker.test@example.go.id").pk)
"""
SCHEDULE_PING = """
from django_celery_beat.models import IntervalSchedule, PeriodicTask
every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
PeriodicTask.objects.create(name="Tes: ping tiap 2 detik", task="notifications.tasks.ping", interval=every)
"""


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (CI sets redis://127.0.0.1:6379/15)")
    return url


@pytest.fixture
def prefix(redis_url):
    """A Redis key prefix of this test's own (parallel runs share a database); its keys are removed afterwards."""
    import redis

    value = f"test-{uuid.uuid4().hex}:"
    yield value
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{value}*"):
        client.delete(key)
    client.close()


def worker_env(tmp_path: Path, *, settings="tests.notifications.worker_settings", redis_url=None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_DATA_DIR": str(tmp_path / "celery"),
        "PYTHONPATH": str(ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def prepare_database(env: dict, extra: str = "") -> int:
    """Migrate the worker's SQLite database and create a user; returns the user's id."""
    done = subprocess.run([PY, "-c", PREPARE + extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return int(done.stdout.split()[-1])


@contextmanager
def celery_worker(env: dict, log: Path, *args: str):
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [PY, "-m", "celery", "-A", "agenperubahan", "worker", "--loglevel=INFO", "--without-mingle",
             "--without-gossip", "--without-heartbeat", "-n", f"test-{uuid.uuid4().hex[:8]}@%h", *args],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Warm shutdown, then SIGKILL the process group this test started (the worker and its pool)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def wait_for(condition, *, timeout: float, proc: subprocess.Popen, log: Path, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"The worker stopped (exit {proc.returncode}) before {what}:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    pytest.fail(f"Waited {timeout} s for {what}:\n{log.read_text()[-4000:]}")


def query(db: Path, sql: str, *params):
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # locked for a moment by the worker
        return None


def probe_app(broker: str, *, backend: str | None = None, transport_options: dict | None = None):
    """A Celery client of our own, sending by task name, as the web server would."""
    from celery import Celery

    app = Celery("probe", broker=broker, backend=backend, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json",
                    broker_transport_options=transport_options or {}, broker_connection_retry_on_startup=True)
    return app


def test_make_runs_worker_and_beat_run_a_scheduled_task_without_redis(tmp_path):
    env = worker_env(tmp_path, settings="agenperubahan.settings.development")
    prepare_database(env, SCHEDULE_PING)
    db, log = tmp_path / "db.sqlite3", tmp_path / "worker.log"
    # The command bin/run-dev (make run) starts beside the web server.
    with celery_worker(env, log, "-B", "--pool=solo", f"--schedule={tmp_path / 'beat-schedule'}") as worker:
        wait_for(lambda: (query(db, "SELECT result FROM django_celery_results_taskresult "
                                    "WHERE task_name = 'notifications.tasks.ping' AND status = 'SUCCESS'") or None),
                 timeout=60, proc=worker, log=log, what="the scheduled ping to succeed")
    text = log.read_text()
    assert "Connected to filesystem:" in text
    # Sent by the database scheduler, from the PeriodicTask row (editable in the admin).
    assert "Sending due task Tes: ping tiap 2 detik" in text
    reports = "SELECT COUNT(*) FROM django_celery_beat_periodictask WHERE task = 'notifications.tasks.build_reports'"
    assert query(db, reports) == [(2,)]  # setup_schedules, as bin/run-dev runs it


@pytest.mark.redis
def test_a_task_goes_through_redis_to_a_real_worker_and_comes_back(tmp_path, redis_url, prefix):
    queue = f"roundtrip-{uuid.uuid4().hex}"
    env = worker_env(tmp_path, redis_url=redis_url, CELERY_RESULT_BACKEND=redis_url, TEST_KEYPREFIX=prefix)
    log = tmp_path / "worker.log"
    probe = probe_app(redis_url, backend=redis_url, transport_options={"global_keyprefix": prefix})
    with celery_worker(env, log, "--pool=solo", "-Q", queue):
        result = probe.send_task("notifications.tasks.ping", queue=queue)
        assert result.get(timeout=60) == "pong"
        assert result.state == "SUCCESS"
        result.forget()
    assert "Connected to redis:" in log.read_text()


@pytest.mark.redis
def test_a_task_whose_worker_is_killed_runs_again_with_its_effect_once_redis(tmp_path, redis_url, prefix):
    queue = f"killed-{uuid.uuid4().hex}"
    env = worker_env(tmp_path, redis_url=redis_url, CELERY_RESULT_BACKEND=redis_url, TEST_KEYPREFIX=prefix,
                     TEST_VISIBILITY_TIMEOUT="3")
    user_id = prepare_database(env)
    probe = probe_app(redis_url, backend=redis_url, transport_options={"global_keyprefix": prefix})
    with celery_worker(env, tmp_path / "first.log", "--pool=solo", "-Q", queue) as first:
        result = probe.send_task("tests.notifications.worker_tasks.claim_then_work",
                                 args=[user_id, "cycle:1", str(tmp_path), 120], queue=queue)
        wait_for((tmp_path / "claimed").exists, timeout=60, proc=first, log=tmp_path / "first.log",
                 what="the task to start")
        os.kill(first.pid, signal.SIGKILL)  # mid-task: the message was never acknowledged
        first.wait(timeout=10)
    # Another worker gets the message back once the visibility timeout (3 s here) has passed.
    with celery_worker(env, tmp_path / "second.log", "--pool=solo", "-Q", queue):
        assert result.get(timeout=90) == "already-sent"
        result.forget()
    starts = (tmp_path / "starts").read_text().split()
    assert len(starts) == 2 and starts[0] != starts[1]
    assert query(tmp_path / "db.sqlite3", "SELECT COUNT(*) FROM notifications_reminderlog "
                                          "WHERE kind = 'worker_lost_test'") == [(1,)]


def test_a_task_whose_pool_process_dies_is_requeued_with_its_effect_once(tmp_path):
    env = worker_env(tmp_path)
    user_id = prepare_database(env)
    db, log = tmp_path / "db.sqlite3", tmp_path / "worker.log"
    folder = tmp_path / "celery" / "queue"
    probe = probe_app("filesystem://localhost/", transport_options={
        "data_folder_in": str(folder), "data_folder_out": str(folder),
        "control_folder": str(tmp_path / "celery" / "control"), "store_processed": False,
    })
    folder.mkdir(parents=True, exist_ok=True)
    with celery_worker(env, log, "--pool=prefork", "--concurrency=1") as worker:
        sent = probe.send_task("tests.notifications.worker_tasks.claim_then_work",
                               args=[user_id, "cycle:2", str(tmp_path), 120], queue="celery")
        wait_for((tmp_path / "claimed").exists, timeout=60, proc=worker, log=log, what="the task to start")
        os.kill(int((tmp_path / "claimed").read_text()), signal.SIGKILL)  # the pool process running the task
        rows = wait_for(
            lambda: query(db, "SELECT result FROM django_celery_results_taskresult WHERE task_id = ? AND status = "
                              "'SUCCESS'", sent.id),
            timeout=60, proc=worker, log=log, what="the task to run again")
    assert rows == [('"already-sent"',)]
    assert "WorkerLostError" in log.read_text()
    starts = (tmp_path / "starts").read_text().split()
    assert len(starts) == 2 and starts[0] != starts[1]
    assert query(db, "SELECT COUNT(*) FROM notifications_reminderlog WHERE kind = 'worker_lost_test'") == [(1,)]
