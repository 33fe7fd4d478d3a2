"""Reads about ways in: who has an activated account, who has none and no e-mail to receive a link."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Employee, User
from .services import activated_q


def with_way_in(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """Annotate ``has_account`` (an activated, active account) for a list of employees, without a query per row."""
    accounts = User.objects.filter(activated_q(), employee_id=OuterRef("pk"), is_active=True)
    return qs.annotate(has_account=Exists(accounts))


def no_way_in_q(prefix: str = "") -> Q:
    """Employees who cannot sign in and cannot be sent a link: no activated account and no e-mail address.

    ``prefix`` is the path to the employee ("rater__" from an assignment)."""
    # NOT IN over a column with NULLs matches nothing: accounts without an employee are left out of the subquery.
    accounts = User.objects.filter(activated_q(), is_active=True, employee_id__isnull=False).values("employee_id")
    return ~Q(**{f"{prefix}pk__in": accounts}) & Q(**{f"{prefix}email": ""})


def employees_without_way_in(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.filter(no_way_in_q())
