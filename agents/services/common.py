from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organization.models import Role, User

NOT_ALLOWED = _("Anda tidak berwenang melakukan tindakan ini.")


def users_with_role(role: str, agency_id: int | None = None) -> list[User]:
    """Active users holding ``role`` (in ``agency_id`` for agency roles) — one query."""
    qs = User.objects.filter(is_active=True, roles__role=role, roles__is_active=True)
    if agency_id is not None:
        qs = qs.filter(roles__agency_id=agency_id)
    return list(qs.distinct())


def tim_rb_users() -> list[User]:
    return users_with_role(Role.TIM_RB)


def absolute(url_name: str, *args) -> str:
    return reverse(url_name, args=args)
