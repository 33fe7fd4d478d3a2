"""The staff vote: who voted is kept apart from what they voted for.

``VoteCast`` records that a person voted in a period (one row per person, no choice, no time); ``VoteTally`` holds
one counter per candidate (no voter, no time). No column joins the two, so no query can tell who chose whom.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Agency

from .nominations import Nomination
from .periods import ProgramPeriod


class VoteCast(models.Model):
    """That ``voter`` has voted in ``period`` (for the shortlist of ``agency``): never what for, never when."""

    period = models.ForeignKey(ProgramPeriod, on_delete=models.CASCADE, related_name="votes_cast")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("tanda sudah memilih")
        verbose_name_plural = _("tanda sudah memilih")
        constraints = [models.UniqueConstraint(fields=["period", "voter"], name="one_vote_per_person_period")]
        indexes = [models.Index(fields=["period", "agency"])]

    def __str__(self):
        return f"{self.period_id}/{self.voter_id}"


class VoteTally(models.Model):
    """The number of votes a shortlisted candidate received (a counter, incremented with F())."""

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="vote_tally")
    votes = models.PositiveIntegerField(_("suara"), default=0)

    class Meta:
        verbose_name = _("perolehan suara")
        verbose_name_plural = _("perolehan suara")

    def __str__(self):
        return f"{self.nomination_id}: {self.votes}"
