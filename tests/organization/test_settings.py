import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessLog
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def run_check(env_extra):
    # The e2e conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in this process; a deployment never has it.
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "agenperubahan.settings.production", "ALLOWED_HOSTS": "x.go.id", **env_extra})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_check({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


SECRET = "k" * 20 + "-production-secret-for-the-deploy-check-0123456789"


def test_production_settings_pass_the_deploy_check_with_a_secret_key_and_a_shared_cache():
    result = run_check({"SECRET_KEY": SECRET, "CACHE_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_warns_about_a_cache_local_to_each_process():
    result = run_check({"SECRET_KEY": SECRET})
    assert result.returncode != 0
    assert "agenperubahan.W001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_sign_ins_are_recorded_in_the_audit_log(client):
    client.post(reverse("login"), {"username": "sekda", "password": "demo-agen-2026"})
    assert AccessLog.objects.filter(username="sekda").exists()


@pytest.mark.django_db
def test_operator_home_shows_their_employee_count(login, operator_diskominfo, diskominfo):
    from organization.models import Employee

    response = login(operator_diskominfo).get(reverse("home"))
    count = Employee.objects.filter(agency=diskominfo, is_active=True).count()
    assert f">{count}<" in response.content.decode().replace(" ", "").replace("\n", "")
