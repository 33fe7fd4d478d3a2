"""The dashboards' figures are computed in the background (dashboards/warming.py), so visitors find them ready."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import warming
from dashboards.cache import bump_version
from dashboards.panels import home_panel

pytestmark = pytest.mark.django_db


def test_warm_caches_computes_the_city_figures_before_the_first_visitor(sekda):
    call_command("warm_caches")
    with CaptureQueriesContext(connection) as ctx:
        panel = home_panel(sekda)
    assert panel["totals"] and len(ctx.captured_queries) <= 1  # the roles at most, no figures computed


def test_a_write_queues_one_warm_up_however_many_writes(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.DASHBOARD_WARM_AFTER_WRITES = True
    queued = []
    monkeypatch.setattr("dashboards.tasks.warm_dashboards_task.apply_async", lambda **kw: queued.append(kw))
    cache.delete(warming.QUEUED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            bump_version()
    assert queued == [{"countdown": warming.WARM_DELAY}]


def test_no_warm_up_is_queued_when_it_is_turned_off(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.DASHBOARD_WARM_AFTER_WRITES = False
    queued = []
    monkeypatch.setattr("dashboards.tasks.warm_dashboards_task.apply_async", lambda **kw: queued.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        bump_version()
    assert queued == []


def test_the_warm_up_is_on_the_default_beat_schedule():
    from notifications.schedules import default_schedules

    assert "dashboards.tasks.warm_dashboards_task" in {s.task for s in default_schedules()}

