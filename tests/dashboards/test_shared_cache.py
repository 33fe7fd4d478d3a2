"""`make run`'s web server and worker share one cache: a change the worker writes shows on the web's next page load.

Two real processes on one SQLite file and the development settings' cache (files in a folder of the test's own):
the "web" process serves the dashboard (API and page) to the city's administrator, the "worker" process applies an
employee import, as the Celery task does, and the web's next load shows the new employees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from organization import demo
from organization.importing.services import import_job_create
from organization.models import Agency, ImportJob, User
from tests.organization.import_files import csv_bytes, team, upload
demo.seed(employees=300, seed=2026)
job = import_job_create(by=User.objects.get(username="operator.diskominfo"), agency=Agency.objects.get(code="DISKOMINFO"),
                        upload=upload(csv_bytes(team(3))))
ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)  # confirmed, waiting for the worker
print(job.pk)
"""
WEB = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.test import Client
from organization.models import User

folder = Path(sys.argv[1])
client = Client()
client.force_login(User.objects.get(username="admin"))

def load():
    figures = client.get("/api/v1/dashboard/").json()
    page = client.get("/dashboards/")
    assert page.status_code == 200, page.status_code
    return {"employees": figures["totals"]["employees"], "page": page.content.decode()}

(folder / "before.json").write_text(json.dumps(load()))
while not (folder / "go").exists():
    time.sleep(0.1)
(folder / "after.json").write_text(json.dumps(load()))
"""
WORKER = """
import sys
import django
django.setup()
from organization.tasks import apply_employee_import
print(apply_employee_import(int(sys.argv[1])))
"""


def test_an_import_the_worker_applies_shows_on_the_webs_next_dashboard_load(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "agenperubahan.settings.development", "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_DATA_DIR": str(tmp_path / "celery"),
        "CACHE_DIR": str(tmp_path / "cache"), "MEDIA_ROOT": str(tmp_path / "media"), "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "false",
    })
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True}
    prepared = subprocess.run([sys.executable, "-c", PREPARE], timeout=300, **run)
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    job_id = prepared.stdout.split()[-1]

    web = subprocess.Popen([sys.executable, "-c", WEB, str(tmp_path)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "before.json").exists():
            assert web.poll() is None and time.monotonic() < deadline, web.stderr.read()[-3000:]
            time.sleep(0.2)
        worker = subprocess.run([sys.executable, "-c", WORKER, job_id], timeout=300, **run)
        assert worker.returncode == 0 and worker.stdout.split()[-1] == "done", worker.stderr[-3000:]
        (tmp_path / "go").touch()
        _out, err = web.communicate(timeout=120)
    finally:
        if web.poll() is None:
            web.kill()
    assert web.returncode == 0, err[-3000:]
    before = json.loads((tmp_path / "before.json").read_text())
    after = json.loads((tmp_path / "after.json").read_text())
    assert after["employees"] == before["employees"] + 3
    assert after["page"] != before["page"]
