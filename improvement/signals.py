"""Hook the publication of a cycle without evaluations knowing of this app.

``evaluations.services.cycle_publish`` saves the cycle with ``update_fields=["status", "published_at"]``; after
that transaction commits, the re-check and the naming of weak values run (as a Celery task; inline if the broker
is unreachable, so a publication never goes without them).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)
DISPATCH_UID = "improvement-cycle-published"


def _run(cycle_id: int) -> None:
    from .tasks import cycle_published

    try:
        cycle_published.delay(cycle_id)
    except Exception:  # noqa: BLE001 — any broker error: do it now
        logger.warning("Could not queue improvement.cycle_published(%s); running inline", cycle_id, exc_info=True)
        from .services import cycle_published as run_now

        run_now(cycle_id=cycle_id)


def cycle_saved(sender, instance, update_fields=None, **kwargs):
    if instance.status != instance.Status.PUBLISHED:
        return
    if update_fields is not None and "published_at" not in update_fields:
        return
    cycle_id = instance.pk
    transaction.on_commit(lambda: _run(cycle_id))


def badges_changed(sender, **kwargs):
    """A proposal or a designation changed (accepted, designated, ended, revoked …): the badge map is stale."""
    from .badges import invalidate

    invalidate()


def connect() -> None:
    from agents.models import ChangeAgent
    from evaluations.models import Cycle

    from .models import RecognitionProposal

    post_save.connect(cycle_saved, sender=Cycle, dispatch_uid=DISPATCH_UID)
    for model in (RecognitionProposal, ChangeAgent):
        post_save.connect(badges_changed, sender=model, dispatch_uid=f"improvement-badges-save-{model.__name__}")
        post_delete.connect(badges_changed, sender=model, dispatch_uid=f"improvement-badges-delete-{model.__name__}")
