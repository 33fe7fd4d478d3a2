"""docker-compose.yml, Dockerfile and .env.example, checked by reading (no Docker engine runs in CI)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_health_checks_and_volumes():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "mailpit", "release", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "mailpit", "web", "worker", "beat"):
        assert services[name].get("healthcheck"), name
    for name in ("web", "worker", "beat"):
        assert "media:/app/var/media" in services[name]["volumes"]
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "agenperubahan.settings.production"
        assert services[name]["depends_on"]["release"]["condition"] == "service_completed_successfully"
    assert set(compose()["volumes"]) == {"pgdata", "redisdata", "media"}


def test_beat_is_single_and_uses_the_database_scheduler():
    beat = compose()["services"]["beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat["command"]
    assert beat["deploy"]["replicas"] == 1


def test_the_commands_the_containers_run_exist():
    services = compose()["services"]
    programs = {services[name]["command"][0] for name in ("web", "worker", "beat")}
    assert programs == {"gunicorn", "celery"}
    for program in programs:  # installed from requirements.txt, which the image installs
        assert importlib.util.find_spec(program), program
    assert (ROOT / "gunicorn.conf.py").exists()
    for script in ("bin/release", "bin/healthcheck"):
        path = ROOT / script
        assert path.exists() and path.stat().st_mode & 0o111, script
    assert services["release"]["command"] == ["bin/release"]


def test_env_example_lists_every_variable_the_settings_read():
    example = (ROOT / ".env.example").read_text()
    read = set()
    for settings_file in (ROOT / "agenperubahan" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_file.read_text()))
    missing = sorted(v for v in read if not re.search(rf"^#?\s*{v}=", example, re.MULTILINE))
    assert not missing, f"add to .env.example: {missing}"


def test_the_image_collects_static_files_and_runs_as_a_normal_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic --noinput" in dockerfile
    assert "USER app" in dockerfile
    assert "gunicorn.conf.py" in dockerfile


def test_mailpit_is_reachable_from_the_host_only_and_behind_a_password():
    """Issue 14: Mailpit shows password-reset links; it is not published to the network, and asks for a password."""
    mailpit = compose()["services"]["mailpit"]
    for port in mailpit.get("ports", []):
        assert str(port).startswith("127.0.0.1:"), port
    assert "MAILPIT_UI_AUTH" in mailpit["environment"]["MP_UI_AUTH"]
    assert re.search(r"^MAILPIT_UI_AUTH=\S+:\S+", (ROOT / ".env.example").read_text(), re.MULTILINE)
