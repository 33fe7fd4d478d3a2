"""Warming: compute the expensive dashboard figures before a visitor asks for them.

The city figures cost seconds at province scale (6–11 s at ×10 in bench/, over 4,000 agents and 35,000 answers);
the first visitor after a deploy, an expiry (``DASHBOARD_CACHE_SECONDS``) or a write (which bumps the version)
paid for them. ``warm_dashboards`` fills the shared cache under the current version:

- after writes: ``cache.bump_version`` queues the task once per ``WARM_DELAY`` seconds (debounced with
  ``cache.add``), when ``DASHBOARD_WARM_AFTER_WRITES`` is on;
- on schedule: Celery beat runs it every 10 minutes (``manage.py setup_schedules``), inside the 15-minute expiry;
- on deploy: ``manage.py warm_caches`` before the new processes take traffic.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

WARM_DELAY = 30
QUEUED_KEY = "dashboards:warm-queued"


def warm_dashboards() -> dict:
    """The city figures and home panel, and every top-level agency's; returns what was warmed and how long it took."""
    from organization.models import Agency

    from .cache import cached
    from .panels import _glance
    from .selectors import agency_figures, city_figures

    started = time.monotonic()
    city = city_figures()
    cached(("panel", "city"), lambda: _glance(city))
    agencies = 0
    for agency in Agency.objects.top_level().active().only("pk", "name", "abbreviation"):
        figures = agency_figures(agency=agency)
        cached(("panel", "agency", agency.pk), lambda figures=figures: _glance(figures))
        agencies += 1
    return {"agencies": agencies, "seconds": round(time.monotonic() - started, 1)}


def queue_after_write() -> None:
    """Called after a commit that changed dashboard data: one warm-up per WARM_DELAY seconds, however many writes."""
    if not getattr(settings, "DASHBOARD_WARM_AFTER_WRITES", False):
        return
    if cache.add(QUEUED_KEY, 1, timeout=WARM_DELAY):
        from .tasks import warm_dashboards_task

        warm_dashboards_task.apply_async(countdown=WARM_DELAY)
