"""`make run`'s settings in fresh processes, as a newcomer meets them: a quiet start, links on the chosen port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(tmp_path: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SITE_URL", "PORT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "agenperubahan.settings.development",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_DATA_DIR": str(tmp_path / "celery"),
                "CACHE_DIR": str(tmp_path / "cache"), **env_extra})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("args", [
    ("check",),
    # The shell auto-imports every model (history models included) and this one opens the broker connection.
    ("shell", "-c", "from agenperubahan.celery import app; print(app.connection().as_uri())"),
], ids=["check", "shell-with-celery"])
def test_a_command_under_the_filesystem_broker_starts_without_a_warning(tmp_path, args):
    done = manage(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    assert "could not be automatically imported" not in done.stdout


def test_links_in_e_mails_follow_the_port_unless_site_url_is_set(tmp_path):
    show = ("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)")
    assert manage(tmp_path, *show, PORT="18811").stdout.strip().endswith("http://127.0.0.1:18811")
    assert manage(tmp_path, *show).stdout.strip().endswith("http://127.0.0.1:8000")
    chosen = manage(tmp_path, *show, PORT="18811", SITE_URL="https://portal.example.go.id")
    assert chosen.stdout.strip().endswith("https://portal.example.go.id")


def test_bin_run_dev_hands_the_port_and_site_url_to_the_worker_and_the_web_server():
    script = (ROOT / "bin" / "run-dev").read_text()
    assert "export PORT SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT}}" in script


def test_broker_folders_and_schemathesis_runs_are_not_tracked():
    tracked = subprocess.run(["git", "ls-files", "control", ".schemathesis"], cwd=ROOT, capture_output=True,
                             text=True).stdout
    assert tracked == ""
    ignored = subprocess.run(["git", "check-ignore", "control/celery.exchange", ".schemathesis/x", "var/celery/q"],
                             cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert ignored == ["control/celery.exchange", ".schemathesis/x", "var/celery/q"]
