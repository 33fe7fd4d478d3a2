"""The role-model badge (issue 17): beside the name of a person whose recognition as a role model of a value was
accepted and who is designated a role model now (the designation's SK current: active, within its term).

One map for the whole city (role models are a few dozen), read in one query and kept in the cache under a version
key (``agenperubahan.cache_versions``) bumped whenever a proposal or a designation changes (``signals``), and under
the day (a term ends at midnight without any write). A page showing badges therefore adds no query per row, and
none at all while the map is cached.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agenperubahan import cache_versions

VERSION_KEY = "improvement:badges:version"
TIMEOUT = 6 * 3600


def _compute() -> dict[str, dict[int, tuple]]:
    from agents.models import ChangeAgent

    from .models import RecognitionProposal

    today = timezone.localdate()
    rows = (RecognitionProposal.objects
            .filter(status=RecognitionProposal.Status.ACCEPTED, role_model__isnull=False,
                    role_model__status=ChangeAgent.Status.ACTIVE, role_model__term_start__lte=today,
                    role_model__term_end__gte=today)
            .values_list("employee_id", "employee__user__id", "name", "cycle__name").order_by("name", "pk"))
    employees: dict[int, list] = {}
    users: dict[int, list] = {}
    for employee_id, user_id, value, cycle in rows:
        badge = (_("Teladan %(value)s") % {"value": value},
                 _("Role model nilai %(value)s (%(cycle)s)") % {"value": value, "cycle": cycle})
        if badge not in employees.setdefault(employee_id, []):
            employees[employee_id].append(badge)
            if user_id is not None:
                users.setdefault(user_id, []).append(badge)
    return {"employees": {k: tuple(v) for k, v in employees.items()},
            "users": {k: tuple(v) for k, v in users.items()}}


def role_model_badges() -> dict[str, dict[int, tuple]]:
    key = (f"improvement:badges:{cache_versions.current(VERSION_KEY)}:{timezone.localdate().isoformat()}:"
           f"{get_language()}")
    found = cache.get(key)
    if found is None:
        found = _compute()
        cache.set(key, found, TIMEOUT)
    return found


def invalidate() -> None:
    cache_versions.bump_now_and_on_commit(VERSION_KEY)
