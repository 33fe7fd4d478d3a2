"""The staff vote (optional per period): cast a secret vote, count the turnout, read results after the window.

Secrecy: ``vote_cast`` writes two rows that share nothing — ``VoteCast`` (who, no choice) and an F() increment of the
candidate's ``VoteTally`` (what, no who). Neither holds a time.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import User

from .. import permissions
from ..models import Criterion, Nomination, ProgramPeriod, VoteCast, VoteTally
from .common import NOT_ALLOWED

ALREADY_VOTED = _("Anda sudah memberikan suara pada periode ini; setiap pegawai memilih satu kali.")
VOTE_CLOSED = _("Pemungutan suara tidak sedang dibuka.")
NOT_ON_SHORTLIST = _("Pilih salah satu calon dari daftar calon perangkat daerah Anda.")


def shortlist(period: ProgramPeriod, agency_id: int):
    """The candidates staff vote among: the agency's submitted or endorsed nominations (decided ones stay listed
    once the window has closed, so the results still show them)."""
    statuses = [Nomination.Status.SUBMITTED, Nomination.Status.ENDORSED]
    if period.vote_has_closed():
        statuses += [Nomination.Status.APPROVED, Nomination.Status.REJECTED]
    return (Nomination.objects.filter(period=period, agency_id=agency_id, status__in=statuses)
            .select_related("candidate", "candidate__unit").order_by("candidate__name", "pk"))


@transaction.atomic
def vote_cast(*, period: ProgramPeriod, by: User, nomination_id) -> None:
    if not permissions.can_vote(by, period):
        raise PermissionDenied(NOT_ALLOWED)
    if not period.vote_is_open():
        raise ValidationError({"nomination": VOTE_CLOSED})
    agency_id = by.employee.agency_id
    try:
        pk = int(nomination_id)
        if not 0 < pk < 2**31:
            raise ValueError(pk)
        nomination = shortlist(period, agency_id).get(pk=pk)
    except (Nomination.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"nomination": NOT_ON_SHORTLIST}) from None
    try:
        with transaction.atomic():
            VoteCast.objects.create(period=period, agency_id=agency_id, voter=by)
    except IntegrityError:
        raise ValidationError({"nomination": ALREADY_VOTED}) from None
    tally, _created = VoteTally.objects.get_or_create(nomination=nomination)
    VoteTally.objects.filter(pk=tally.pk).update(votes=F("votes") + 1)


def turnout(period: ProgramPeriod, agency_id: int) -> dict:
    """The live count (never who): votes cast and the agency's active staff who may vote."""
    from organization.models import Employee

    cast = VoteCast.objects.filter(period=period, agency_id=agency_id).count()
    eligible = Employee.objects.active().filter(agency_id=agency_id).count()
    return {"cast": cast, "eligible": eligible,
            "percent": round(100 * cast / eligible, 1) if eligible else 0.0}


def results(period: ProgramPeriod, agency_id: int) -> list[dict]:
    """Votes and share per shortlisted candidate, most votes first. Only after the window (the caller checks)."""
    rows = list(shortlist(period, agency_id).select_related("vote_tally"))
    counts = {n.pk: getattr(getattr(n, "vote_tally", None), "votes", 0) for n in rows}
    total = sum(counts.values())
    out = [{"nomination": n, "votes": counts[n.pk],
            "share": (Decimal(100 * counts[n.pk]) / total).quantize(Decimal("0.01")) if total else Decimal("0")}
           for n in rows]
    return sorted(out, key=lambda r: (-r["votes"], r["nomination"].candidate.name))


def vote_share(nomination: Nomination) -> Decimal | None:
    """The candidate's share (0–100) of the votes cast in their agency; None when the vote does not count (yet)."""
    period = nomination.period
    if not (period.vote_enabled and period.vote_weight and period.vote_has_closed()):
        return None
    total = (VoteTally.objects.filter(nomination__period_id=period.pk, nomination__agency_id=nomination.agency_id)
             .aggregate(n=Sum("votes"))["n"]) or 0
    mine = VoteTally.objects.filter(nomination=nomination).values_list("votes", flat=True).first() or 0
    return (Decimal(100 * mine) / total).quantize(Decimal("0.01")) if total else Decimal("0")


def with_vote_share(nomination: Nomination, panel_total: Decimal | None, criteria: list[Criterion]) -> Decimal | None:
    """The panel's weighted total with the vote share as one more weighted criterion (once the vote has closed)."""
    share = vote_share(nomination)
    if panel_total is None or share is None:
        return panel_total
    weights = sum(c.weight for c in criteria)
    vote_weight = nomination.period.vote_weight
    return ((panel_total * weights + share * vote_weight) / (weights + vote_weight)).quantize(Decimal("0.01"))


@transaction.atomic
def period_close_scoring(*, period: ProgramPeriod, by: User) -> ProgramPeriod:
    """Tim RB closes the panel's scoring: the totals are refreshed (with the vote share) and the time recorded."""
    from .nominations import refresh_score_total

    if not permissions.can_close_scoring(by, period):
        raise PermissionDenied(NOT_ALLOWED)
    if period.vote_enabled and not period.vote_has_closed():
        raise ValidationError({"period": _("Pemungutan suara belum ditutup; tunggu hingga %(when)s.")
                               % {"when": timezone.localtime(period.vote_closes).strftime("%d-%m-%Y %H:%M")}})
    criteria = list(Criterion.objects.filter(period=period))
    for nomination in period.nominations.select_related("period").exclude(status=Nomination.Status.DRAFT):
        refresh_score_total(nomination, criteria)
    period.scoring_closed_at = timezone.now()
    ProgramPeriod.objects.filter(pk=period.pk).update(scoring_closed_at=period.scoring_closed_at)
    return period
