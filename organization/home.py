"""Home-page panels. Each app registers the panels it offers; the home page shows those the user may see.

A panel is a template plus a function that builds its context (it must run a fixed number of queries).

**Cached panels** (issue 19). A panel registered with ``versions`` (the version keys of the data it shows, e.g.
``data_versions.AGENTS``) is rendered once and kept as HTML under a key made of those versions' current values,
the user (the panels are personal: "my assignments", "my projects", the agencies I lead), the user's own version
(``user_cache``: roles, account), today's date (panels count days left and reports due), the language and the
templates' text. Whether the panel is shown at all (``allowed``) is decided inside the cached part too, so a warm
home page runs neither the checks nor the panels' queries. Every write to the data bumps its version
(``agenperubahan/data_versions.py``), so a change shows on the next page. ``versions`` may be a function of the user
(the forum panel: the forums' activity version and the reader's own reading version). A panel without ``versions``
is built on every request.

Panel templates are rendered without the request: they see ``panel``, ``user`` and ``institution`` only (never a CSRF
token: a panel with a form must stay uncached).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from agenperubahan import fragments


@dataclass
class Panel:
    template: str
    allowed: Callable
    context: Callable
    order: int = 50
    #: The version keys of the data the panel shows, or a function of the user giving them (e.g. a per-user reading
    #: version beside the app's), or None: not cached.
    versions: tuple[str, ...] | Callable | None = None


_PANELS: list[Panel] = []


def register_panel(template: str, allowed: Callable, context: Callable = lambda user: {}, order: int = 50,
                   versions: tuple[str, ...] | Callable | None = None):
    if versions is not None and not callable(versions):
        versions = tuple(versions)
    _PANELS.append(Panel(template=template, allowed=allowed, context=context, order=order, versions=versions))


def _ordered() -> list[Panel]:
    return sorted(_PANELS, key=lambda p: p.order)


def panels_for(user) -> list[dict]:
    """Every panel the user may see with its context, built now (no cache)."""
    return [{"template": p.template, **p.context(user)} for p in _ordered() if p.allowed(user)]


def _render(panel: Panel, data: dict, user, institution=None) -> str:
    if institution is None:
        from .institution import current_institution

        institution = current_institution()
    return render_to_string(panel.template, {"panel": data, "user": user, "institution": institution})


def rendered_panels(user, institution=None) -> list[dict]:
    """The panels the user may see, in order, each as ``{"template", "html", …context}`` (the context only for
    those built in this request). Cached panels cost two cache round trips in all on a warm page: the versions
    (with the user's own and their roles, unless this request read them already, e.g. the chrome), then the
    panels. ``institution``: the request's (``chrome.institution``), else it is read."""
    from . import user_cache

    panels = _ordered()
    versions = {id(p): tuple(p.versions(user)) if callable(p.versions) else p.versions
                for p in panels if p.versions is not None}
    version_keys = sorted({k for keys in versions.values() for k in keys})
    values = dict(zip(version_keys, fragments.version_values(version_keys, user=user), strict=True))
    personal = (user.pk, user_cache.user_version(user), timezone.localdate().isoformat())
    keys = {id(p): fragments.make_key(f"home:{p.template}", [values[k] for k in versions[id(p)]], personal,
                                      templates=(p.template,))
            for p in panels if p.versions is not None}
    found = cache.get_many(list(keys.values())) if keys else {}
    fresh: dict[str, str] = {}
    out = []
    for panel in panels:
        key = keys.get(id(panel))
        if key is not None and key in found:
            if found[key]:
                out.append({"template": panel.template, "html": mark_safe(found[key])})  # noqa: S308  # nosec B308 B703
            continue
        html = ""
        data = None
        if panel.allowed(user):
            data = {"template": panel.template, **panel.context(user)}
            html = _render(panel, data, user, institution)
        if key is not None:
            fresh[key] = html  # "" = not shown to this user, cached as well
        if data is not None:
            out.append({**data, "html": mark_safe(html)})  # noqa: S308  # nosec B308 B703: rendered by the engine
    if fresh:
        fragments.store_many(fresh)
    return out
