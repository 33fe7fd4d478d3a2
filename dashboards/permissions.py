"""Who may see which dashboard.

Pimpinan daerah, Tim RB and administrators read the city dashboard and drill down to any agency; a kepala
perangkat daerah reads the dashboard of the agency they lead, and nothing else. An agency outside the user's scope
answers 404 (as if it did not exist); a user without any dashboard role answers 403.
"""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Agency, Role, User
from organization.permissions import is_city_reader


def can_view_city_dashboard(user: User) -> bool:
    return is_city_reader(user)


def led_agency_ids(user: User) -> set[int]:
    """Agencies the user leads as kepala perangkat daerah."""
    if not user.is_authenticated:
        return set()
    return user.agency_ids_for(Role.KEPALA)


def can_view_dashboards(user: User) -> bool:
    return can_view_city_dashboard(user) or bool(led_agency_ids(user))


def visible_dashboard_agencies(user: User) -> QuerySet[Agency]:
    """Top-level agencies whose dashboard the user may open."""
    qs = Agency.objects.top_level()
    if can_view_city_dashboard(user):
        return qs
    return qs.filter(pk__in=led_agency_ids(user))
