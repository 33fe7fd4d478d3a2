"""Re-issue the selection minutes when a decision changes after the period's scoring was closed.

The agents app knows nothing of documents (dependencies point one way): this listens to its audit trail.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from agents.models import NominationTransition

DECISIONS = {NominationTransition.Action.APPROVE, NominationTransition.Action.REJECT,
             NominationTransition.Action.RETURN}
log = logging.getLogger(__name__)


@receiver(post_save, sender=NominationTransition, dispatch_uid="documents_minutes_on_decision")
def reissue_minutes_on_decision(sender, instance, created, **kwargs):
    if not created or instance.action not in DECISIONS:
        return
    nomination = instance.nomination
    if not nomination.period.scoring_closed_at:
        return
    period_id, actor_id, who = nomination.period_id, instance.actor_id, nomination.candidate.name

    def reissue():
        from agents.models import ProgramPeriod
        from organization.models import User

        from .services import minutes_reissue

        try:
            minutes_reissue(period=ProgramPeriod.objects.get(pk=period_id),
                            by=User.objects.filter(pk=actor_id).first(),
                            reason=_("Keputusan atas %(who)s berubah") % {"who": who})
        except Exception:  # the decision stands; Tim RB can close the scoring again to re-issue by hand
            log.exception("Berita acara periode %s tidak dapat diterbitkan ulang", period_id)

    transaction.on_commit(reissue)
