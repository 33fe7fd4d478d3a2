"""Default beat schedules (django-celery-beat, editable in the admin afterwards).

One periodic task per registered reminder kind (its ``crontab``), plus the weekly digest and the monthly reports.
Times are WIB (Asia/Jakarta).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from . import reminders

TIMEZONE = "Asia/Jakarta"
CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


@dataclass
class Schedule:
    name: str
    task: str
    crontab: dict
    description: str
    args: list | None = None
    kwargs: dict | None = None


# Schedules of other apps (their AppConfig.ready registers them): e.g. the dashboards' warm-up.
EXTRA: dict[str, Schedule] = {}


def register(schedule: Schedule) -> None:
    EXTRA[schedule.name] = schedule


def default_schedules() -> list[Schedule]:
    schedules = [
        Schedule(name="Laporan: ringkasan mingguan", task="notifications.tasks.build_reports",
                 kwargs={"kind": "weekly_digest"}, crontab={"minute": "0", "hour": "7", "day_of_week": "1"},
                 description="Setiap Senin 07.00 WIB: ringkasan minggu lalu untuk kepala PD, pimpinan dan Tim RB."),
        Schedule(name="Laporan: bulanan", task="notifications.tasks.build_reports",
                 kwargs={"kind": "monthly"}, crontab={"minute": "0", "hour": "6", "day_of_month": "1"},
                 description="Setiap tanggal 1 pukul 06.00 WIB: laporan bulan lalu (PDF dan Excel)."),
    ]
    for reminder in sorted(reminders.REGISTRY.values(), key=lambda r: r.kind):
        schedules.append(Schedule(name=f"Pengingat: {reminder.kind}", task="notifications.tasks.run_reminder",
                                  args=[reminder.kind], crontab=reminder.crontab, description=reminder.description))
    schedules.extend(EXTRA.values())
    return schedules


@transaction.atomic
def setup_schedules(*, reset: bool = False) -> dict[str, list[str]]:
    """Create the missing periodic tasks; leave existing ones (maybe edited in the admin) alone unless ``reset``."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    result: dict[str, list[str]] = {"created": [], "kept": [], "reset": []}
    existing = {t.name: t for t in PeriodicTask.objects.filter(name__in=[s.name for s in default_schedules()])}
    for schedule in default_schedules():
        if schedule.name in existing and not reset:
            result["kept"].append(schedule.name)
            continue
        fields = {f: str(schedule.crontab.get(f, "*")) for f in CRONTAB_FIELDS}
        crontab = CrontabSchedule.objects.filter(timezone=TIMEZONE, **fields).first()
        if crontab is None:
            crontab = CrontabSchedule.objects.create(timezone=TIMEZONE, **fields)
        values = {
            "task": schedule.task, "crontab": crontab, "interval": None, "solar": None, "clocked": None,
            "args": json.dumps(schedule.args or []), "kwargs": json.dumps(schedule.kwargs or {}),
            "description": schedule.description, "enabled": True, "one_off": False,
        }
        PeriodicTask.objects.update_or_create(name=schedule.name, defaults=values)
        result["reset" if schedule.name in existing else "created"].append(schedule.name)
    return result
