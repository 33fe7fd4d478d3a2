from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import permissions
from .models import ActingHead, Agency, Employee, Role, RoleAssignment, User


def employee_list_filtered(user: User, *, q: str = "", agency_id=None) -> QuerySet[Employee]:
    qs = permissions.visible_employees(user).search(q)
    if agency_id:
        try:
            qs = qs.filter(agency_id=int(agency_id))
        except (TypeError, ValueError):
            qs = qs.none()
    return qs.order_by("name", "nip")


# --- heads of agencies and acting heads (Plt./Plh.) -----------------------------------------------------------

@dataclass(frozen=True)
class Capacity:
    """In what capacity a user acts as the head of an agency on a day: the head themself, an acting head (Plt. or
    Plh., in the head's name, "a.n."), or, for an agency whose head is not recorded, the holder of the kepala role."""

    agency: Agency
    kind: str  # "head", "plt", "plh" or "kepala_role"
    acting: ActingHead | None = None

    @property
    def on_behalf_of(self) -> Employee | None:
        return self.agency.head if self.acting is not None and self.agency.head_id else None


def head_capacity(user: User, agency_id: int | None, *, on: dt.date | None = None) -> Capacity | None:
    """The capacity in which ``user`` may act as head of ``agency_id`` on ``on`` (default today), or None.

    Read from the organisation data: ``Agency.head`` and the acting heads in force on that day. Only when an agency
    has no head recorded does the kepala role assignment stand in (data from before heads were recorded). Cached on
    the user object for the request (pages ask several rules about the same agency)."""
    if not agency_id or not user.is_authenticated:
        return None
    on = on or timezone.localdate()
    cache = user.__dict__.setdefault("_head_capacity", {})
    key = (agency_id, on)
    if key not in cache:
        cache[key] = _head_capacity(user, agency_id, on)
    return cache[key]


def _head_capacity(user: User, agency_id: int, on: dt.date) -> Capacity | None:
    agency = Agency.objects.select_related("head").filter(pk=agency_id).first()
    if agency is None:
        return None
    if user.employee_id and agency.head_id == user.employee_id:
        return Capacity(agency=agency, kind="head")
    if user.employee_id:
        acting = (ActingHead.objects.on(on).filter(agency_id=agency_id, employee_id=user.employee_id)
                  .order_by("kind").first())  # a Plt. before a Plh.
        if acting is not None:
            acting.agency = agency
            return Capacity(agency=agency, kind=acting.kind, acting=acting)
    if agency.head_id is None and agency_id in user.agency_ids_for(Role.KEPALA):
        return Capacity(agency=agency, kind="kepala_role")
    return None


def led_agency_ids_subquery(user: User, *, on: dt.date | None = None):
    """A subquery of the agencies ``user`` heads or acts for on ``on``: no query of its own, for ``visible_*``."""
    on = on or timezone.localdate()
    if not user.is_authenticated or not user.employee_id:
        return Agency.objects.none().values("pk")
    acting = ActingHead.objects.on(on).filter(employee_id=user.employee_id).values("agency_id")
    return Agency.objects.filter(Q(head_id=user.employee_id) | Q(pk__in=acting)).values("pk")


def head_users(agency_ids, *, on: dt.date | None = None) -> dict[int, list[User]]:
    """Who may act as head of each agency on ``on``: the head's account, acting heads' accounts and (for an agency
    without a recorded head) the kepala role holders. Three queries whatever the number of agencies."""
    on = on or timezone.localdate()
    agency_ids = list(agency_ids)
    found: dict[int, list[User]] = {a: [] for a in agency_ids}
    heads = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "head_id"))
    employee_agency: dict[int, list[int]] = {}
    for agency_id, head_id in heads.items():
        if head_id:
            employee_agency.setdefault(head_id, []).append(agency_id)
    for agency_id, employee_id in ActingHead.objects.on(on).filter(agency_id__in=agency_ids).values_list(
            "agency_id", "employee_id"):
        employee_agency.setdefault(employee_id, []).append(agency_id)
    for user in User.objects.filter(is_active=True, employee_id__in=list(employee_agency)):
        for agency_id in employee_agency[user.employee_id]:
            found[agency_id].append(user)
    headless = [a for a, h in heads.items() if not h]
    if headless:
        for ra in RoleAssignment.objects.filter(role=Role.KEPALA, is_active=True, agency_id__in=headless,
                                                user__is_active=True).select_related("user"):
            if ra.user not in found[ra.agency_id]:
                found[ra.agency_id].append(ra.user)
    return found


def acting_head_list(*, agency_id=None, current_only: bool = False) -> QuerySet[ActingHead]:
    qs = ActingHead.objects.select_related("agency", "agency__head", "employee")
    if agency_id:
        try:
            qs = qs.filter(agency_id=int(agency_id))
        except (TypeError, ValueError):
            qs = qs.none()
    if current_only:
        qs = qs.on()
    return qs.order_by("-starts_on", "-pk")
