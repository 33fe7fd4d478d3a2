"""The reminder registry. Each app registers its reminders in its ``reminders.py`` (imported from
``AppConfig.ready``); Celery beat runs them by kind, and ``manage.py send_reminders [--kind K]`` runs them by hand.

A reminder function takes ``now`` (an aware datetime) and returns how many reminders it sent. It must be safe to
run twice: before sending to a person it calls ``notifications.services.claim_reminder(recipient=..., kind=...,
object_key=..., period_key=...)`` and skips the person when that returns False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone


@dataclass
class Reminder:
    kind: str
    func: Callable[[dt.datetime], int]
    description: str
    # Default beat schedule (crontab fields, WIB); editable afterwards in the admin (django-celery-beat).
    crontab: dict = field(default_factory=lambda: {"minute": "0", "hour": "8"})


REGISTRY: dict[str, Reminder] = {}


def register(kind: str, *, description: str, crontab: dict | None = None):
    def decorator(func):
        REGISTRY[kind] = Reminder(kind=kind, func=func, description=description,
                                  crontab=crontab or {"minute": "0", "hour": "8"})
        return func

    return decorator


def in_working_hours(now: dt.datetime | None = None) -> bool:
    """Reminders go out on weekdays within REMINDER_HOURS (WIB)."""
    local = timezone.localtime(now or timezone.now())
    start, end = settings.REMINDER_HOURS
    return local.weekday() < 5 and start <= local.hour < end or (start, end) == (0, 24)


def run(kind: str, *, now: dt.datetime | None = None, force: bool = False) -> int:
    """Run one reminder kind; outside working hours nothing is sent unless ``force``."""
    now = now or timezone.now()
    if not force and not in_working_hours(now):
        return 0
    return REGISTRY[kind].func(now)
