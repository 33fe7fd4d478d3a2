"""`make run`'s embedded database under two writers: the report build beside a separate process that writes.

Both run as real processes on one SQLite file (the development settings: WAL, IMMEDIATE transactions, a busy
timeout). The writer reads the period's reports and writes a row in each of its transactions, so it also watches
for a partial set: a period's reports appear whole or not at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from organization.demo import seed_agencies
from organization.models import User
from notifications.report_services import report_scopes
seed_agencies()
from organization.models import Agency
keep = Agency.objects.top_level().order_by("code").values_list("pk", flat=True)[:11]
Agency.objects.top_level().exclude(pk__in=list(keep)).update(is_active=False)  # a city of 11 agencies is enough
User.objects.create(username="writer.test", email="writer.test@example.go.id")
print(len(report_scopes()))
"""
WRITER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.db import transaction
from notifications.models import Report, ReminderLog
from organization.models import User

expected, stop = int(sys.argv[1]), Path(sys.argv[2])
user = User.objects.get(username="writer.test")
writes, seen = 0, set()
while not stop.exists():
    with transaction.atomic():  # a read, then a write, in one transaction: the worker's usual shape
        seen.add(Report.objects.filter(kind="monthly").count())
        ReminderLog.objects.create(recipient=user, kind="lock_test", object_key=str(writes), period_key="x")
        time.sleep(0.01)
    writes += 1
    time.sleep(0.005)
print(json.dumps({"writes": writes, "seen": sorted(seen)}))
"""
BUILDER = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from notifications.models import Report

failures, counts = [], []
for _run in range(int(sys.argv[1])):
    try:
        call_command("build_reports", no_deliver=True, verbosity=0)
    except Exception as exc:
        failures.append(repr(exc))
    counts.append(Report.objects.filter(kind="monthly").count())
print(json.dumps({"failures": failures, "counts": counts}))
"""


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "agenperubahan.settings.development", "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_DATA_DIR": str(tmp_path / "celery"),
        "CACHE_DIR": str(tmp_path / "cache"), "MEDIA_ROOT": str(tmp_path / "media"), "LOG_LEVEL": "WARNING",
    })
    return env


def test_ten_report_builds_beside_a_writing_process_all_succeed_and_no_partial_set_is_ever_seen(tmp_path):
    env = _env(tmp_path)
    prepared = subprocess.run([sys.executable, "-c", PREPARE], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    scopes = int(prepared.stdout.split()[-1])
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(scopes), str(stop)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        built = subprocess.run([sys.executable, "-c", BUILDER, "10"], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=900)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert built.returncode == 0, built.stderr[-3000:]
    assert writer.returncode == 0, err[-3000:]
    builds, watched = json.loads(built.stdout.splitlines()[-1]), json.loads(out.splitlines()[-1])
    assert builds == {"failures": [], "counts": [scopes] * 10}
    assert watched["writes"] > 50  # the writer really wrote throughout
    assert set(watched["seen"]) <= {0, scopes}
