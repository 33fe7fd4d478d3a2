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


# When a user sees several entries of one app, they are shown as one dropdown with this label.
GROUP_LABELS = {
    "agents": _("Agen perubahan"),
    "forums": _("Forum"),
    "evaluations": _("Evaluasi"),
}


def items_for(user) -> list[dict]:
    """Visible entries in order; several entries of one app become one group (``children``)."""
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for item in sorted(_REGISTRY, key=lambda i: i.order):
        if not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entry = {"label": item.label, "url": url, "icon": item.icon}
        namespace = item.url_name.split(":", 1)[0] if ":" in item.url_name else None
        if namespace in GROUP_LABELS:
            group = groups.get(namespace)
            if group is None:
                group = groups[namespace] = {"label": GROUP_LABELS[namespace], "icon": item.icon, "url": url,
                                             "children": [], "namespace": namespace}
                items.append(group)
            group["children"].append(entry)
        else:
            items.append(entry)
    for group in groups.values():
        if len(group["children"]) == 1:
            only = group.pop("children")[0]
            group.update(only)
    return items


def _employees_allowed(user):
    from .permissions import can_list_employees

    return can_list_employees(user)


register(_("Beranda"), "home", "house", lambda u: True, order=0)
register(_("Pegawai"), "organization:employee_list", "people", _employees_allowed, order=80)
