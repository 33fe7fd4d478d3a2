"""The home-page panel for kepala and leaders: a few key figures from the (cached) dashboard."""

from __future__ import annotations

from organization.models import Agency

from . import permissions
from .cache import cached
from .selectors import agency_figures, city_figures


def _glance(figures: dict) -> dict:
    """What the panel shows: the totals and which sections exist (a small entry, not the whole figures)."""
    return {"figures": {"sections": figures["sections"]}, "totals": figures["totals"]}


def home_panel(user) -> dict:
    if permissions.can_view_city_dashboard(user):
        glance = cached(("panel", "city"), lambda: _glance(city_figures()))
        return {**glance, "scope_name": None, "agency_id": None}
    led = sorted(permissions.led_agency_ids(user))
    agency = Agency.objects.only("pk", "name", "abbreviation").get(pk=led[0])
    glance = cached(("panel", "agency", agency.pk), lambda: _glance(agency_figures(agency=agency)))
    return {**glance, "scope_name": agency.abbreviation or agency.name, "agency_id": agency.pk}
