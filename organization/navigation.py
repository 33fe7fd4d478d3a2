"""Navigation entries, each shown only to users whose roles allow it.

Apps register entries here (label, url name, test) so the menu and the permission rules never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class NavItem:
    label: str
    url_name: str
    icon: str
    allowed: Callable
    order: int = 50


_REGISTRY: list[NavItem] = []


def register(label, url_name, icon, allowed, order=50):
    _REGISTRY.append(NavItem(label=label, url_name=url_name, icon=icon, allowed=allowed, order=order))


def items_for(user) -> list[dict]:
    items = []
    for item in sorted(_REGISTRY, key=lambda i: i.order):
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "icon": item.icon})
    return items


def _employees_allowed(user):
    from .permissions import can_list_employees

    return can_list_employees(user)


register(_("Beranda"), "home", "house", lambda u: True, order=0)
register(_("Pegawai"), "organization:employee_list", "people", _employees_allowed, order=80)
