"""The home-page panel for kepala and leaders: a few key figures from the (cached) dashboard."""

from __future__ import annotations

from organization.models import Agency

from . import permissions
from .selectors import agency_figures, city_figures


def home_panel(user) -> dict:
    if permissions.can_view_city_dashboard(user):
        figures = city_figures()
        return {"figures": figures, "totals": figures["totals"], "scope_name": None, "agency_id": None}
    led = sorted(permissions.led_agency_ids(user))
    agency = Agency.objects.get(pk=led[0])
    figures = agency_figures(agency=agency)
    return {"figures": figures, "totals": figures["totals"], "scope_name": agency.abbreviation or agency.name,
            "agency_id": agency.pk}
