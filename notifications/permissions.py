"""Who sees which summary reports: kepala their own agency's; pimpinan daerah, Tim RB and administrators all."""

from __future__ import annotations

from django.db.models import QuerySet

from organization.models import Role, User
from organization.permissions import is_city_reader

from .models import Report


def can_view_reports(user: User) -> bool:
    return bool(user.is_authenticated and (is_city_reader(user) or user.agency_ids_for(Role.KEPALA)))


def visible_reports(user: User) -> QuerySet[Report]:
    qs = Report.objects.select_related("agency")
    if not user.is_authenticated:
        return qs.none()
    if is_city_reader(user):
        return qs
    return qs.filter(agency_id__in=user.agency_ids_for(Role.KEPALA))
