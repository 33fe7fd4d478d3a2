"""Tasks only the test workers load (CELERY_IMPORTS in worker_settings.py)."""

import os
import time
from pathlib import Path

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=150)
def claim_then_work(user_id: int, key: str, folder: str, seconds: float) -> str:
    """Like a reminder: claim the (recipient, kind, object, period) key, then do slow work.

    Each run appends its process id to ``starts``; a run that finds the key already claimed does nothing more.
    """
    from notifications.services import claim_reminder
    from organization.models import User

    folder = Path(folder)
    with open(folder / "starts", "a") as f:
        f.write(f"{os.getpid()}\n")
    if not claim_reminder(recipient=User.objects.get(pk=user_id), kind="worker_lost_test", object_key=key,
                          period_key="once"):
        return "already-sent"
    (folder / "claimed").write_text(str(os.getpid()))
    time.sleep(seconds)  # the worker is killed here
    return "sent"
