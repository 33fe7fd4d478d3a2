"""Celery tasks of the dashboards: warming the cached figures (dashboards/warming.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def warm_dashboards_task() -> dict:
    from .warming import warm_dashboards

    return warm_dashboards()
