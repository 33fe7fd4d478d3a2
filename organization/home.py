"""Home-page panels. Each app registers the panels it offers; the home page shows those the user may see.

A panel is a template plus a function that builds its context (it must run a fixed number of queries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Panel:
    template: str
    allowed: Callable
    context: Callable
    order: int = 50


_PANELS: list[Panel] = []


def register_panel(template: str, allowed: Callable, context: Callable = lambda user: {}, order: int = 50):
    _PANELS.append(Panel(template=template, allowed=allowed, context=context, order=order))


def panels_for(user) -> list[dict]:
    return [
        {"template": p.template, **p.context(user)}
        for p in sorted(_PANELS, key=lambda p: p.order)
        if p.allowed(user)
    ]
