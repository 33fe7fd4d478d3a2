from django.db.models import QuerySet

from . import permissions
from .models import Employee, User


def employee_list_filtered(user: User, *, q: str = "", agency_id=None) -> QuerySet[Employee]:
    qs = permissions.visible_employees(user).search(q)
    if agency_id:
        try:
            qs = qs.filter(agency_id=int(agency_id))
        except (TypeError, ValueError):
            qs = qs.none()
    return qs.order_by("name", "nip")
