"""The staff vote page: the agency's shortlist (profile and work programme), the ballot, turnout, results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organization.models import Agency
from organization.permissions import access_object

from .. import permissions, services
from ..models import VoteCast
from ..services import votes


def _agency_id(request, period) -> int:
    """The user's own agency, or (for city readers) the one chosen with ?agency=."""
    raw = request.GET.get("agency") or request.POST.get("agency")
    own = permissions.voter_agency_id(request.user)
    if raw:
        try:
            return int(raw)
        except ValueError:
            raise Http404 from None
    if own is None:
        raise Http404
    return own


@login_required
def vote(request, pk):
    period = access_object(permissions.visible_periods(request.user), pk=pk)
    if not period.vote_enabled:
        raise Http404
    agency_id = _agency_id(request, period)
    if not permissions.can_view_vote(request.user, period, agency_id):
        raise Http404
    agency = access_object(Agency.objects.all(), pk=agency_id)
    own = permissions.voter_agency_id(request.user) == agency_id
    if request.method == "POST":
        if not own or not permissions.can_vote(request.user, period):
            raise PermissionDenied
        try:
            services.vote_cast(period=period, by=request.user, nomination_id=request.POST.get("nomination"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Suara Anda tercatat. Terima kasih; pilihan Anda dirahasiakan."))
        return redirect("agents:vote", pk=period.pk)
    has_voted = own and VoteCast.objects.filter(period=period, voter=request.user).exists()
    show_results = permissions.can_view_vote_results(request.user, period, agency_id)
    return render(request, "agents/vote.html", {
        "period": period, "agency": agency, "candidates": votes.shortlist(period, agency_id),
        "turnout": votes.turnout(period, agency_id), "is_open": period.vote_is_open(),
        "can_cast": own and period.vote_is_open() and not has_voted, "has_voted": has_voted,
        "results": votes.results(period, agency_id) if show_results else None,
    })
