"""Rendered HTML kept in the (shared) cache under the versions of the data it shows: version-keyed fragments.

A fragment is the body of a page, or a part of it, that reads the same for everyone in one *scope* until its data
changes. It is cached under a key made of:

- ``name``: what the fragment is (``"agents:nomination_list"``);
- the **current values of its version keys** (``agenperubahan/cache_versions.py``), read in one round trip: every
  write that changes what the fragment shows bumps one of them (in ONE place per app: its signals or services), so
  the next read misses and renders afresh; old entries are never served, they just age out;
- the **reader's scope** (``scope_of(user)``: superuser flag and role × agency of every active role assignment, not
  the user id) and anything else the content depends on, passed as ``vary`` (the page number, the normalized
  filters, the employee id for a per-person page, the agencies a head leads, ...);
- the **language** and the **time zone**;
- a **digest of the code**: the sources of the templates named in ``templates`` and the compiled translations, so a
  deploy that changes them never serves old markup.

Rules: a fragment never holds a CSRF token or anything secret to one browser (``cached_html`` refuses to store
HTML with a ``csrfmiddlewaretoken`` in it and logs it); whatever differs between two readers of one scope must be in
``vary``; a fragment of one scope is never read by another because the scope is in the key.

API::

    from agenperubahan import fragments

    fragments.scope_of(user) -> str
    fragments.cached_html(name, *, versions=("agents:nominations:v",), vary=(scope, page, q), build=lambda: html,
                          templates=("agents/_nomination_rows.html",), timeout=None) -> SafeString
    fragments.cached_render(template, context_fn, *, name=None, versions=..., vary=..., timeout=None) -> SafeString
        # render_to_string(template, context_fn()) without a request, only on a miss; the template's source is in
        # the key (plus any names in ``templates``)
    fragments.cached_body(request, template, context_fn, *, versions=..., vary=(scope, ...), templates=())
        # a page body: the query string is in the key, the template sees request.GET only, {% csrf_token %} is a
        # placeholder in the cache and this request's token on the page
    fragments.bump(*version_keys)   # now and again on commit (cache_versions.bump_now_and_on_commit)
    # many fragments at once: values = fragments.version_values(keys); key = fragments.make_key(name, values, vary,
    # templates); cache.get_many(...); fragments.store_many({key: html, ...})

Data versions per app, bumped by every write to the app's tables: ``agenperubahan/data_versions.py``
(``data_versions.AGENTS``, ``ORGANIZATION``, ``EVALUATIONS``).

``timeout`` defaults to ``settings.FRAGMENT_CACHE_SECONDS`` (1 hour): a safety net, not the freshness rule (that is
the version).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import cache_versions

logger = logging.getLogger(__name__)

#: What a cached body's forms carry in place of the CSRF token; ``cached_body`` puts the request's token in.
CSRF_PLACEHOLDER = "fragment-csrf-placeholder"
_CSRF_VALUE = re.compile(r'csrfmiddlewaretoken"\s+value="([^"]*)"')


def _holds_a_token(html: str) -> bool:
    """A real CSRF token in the HTML (anything but the placeholder): such HTML must never be cached."""
    if "csrfmiddlewaretoken" not in html:
        return False
    values = _CSRF_VALUE.findall(html)
    return not values or any(v != CSRF_PLACEHOLDER for v in values)


def _timeout(timeout: int | None) -> int:
    return timeout if timeout is not None else getattr(settings, "FRAGMENT_CACHE_SECONDS", 3600)


@functools.cache
def _translations_digest() -> str:
    """The release's translations and the project's template tags (what a fragment's markup is made of besides its
    templates): a deploy that changes them never serves a fragment of the old code."""
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(Path(p) for p in settings.LOCALE_PATHS):
        for mo in sorted(path.glob("*/LC_MESSAGES/django.mo")):
            digest.update(mo.read_bytes())
    for tags in sorted(Path(settings.BASE_DIR).glob("*/templatetags/*.py")):
        digest.update(tags.read_bytes())
    return digest.hexdigest()[:8]


@functools.cache
def _template_digest(names: tuple[str, ...]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for name in names:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:8]


def scope_of(user) -> str:
    """The reader's scope as a short string: ``anon``, or the superuser flag and every active role with its agency
    (sorted), e.g. ``u|agen:12,operator:12`` or ``su|tim_rb:-``. Two users with the same roles in the same agencies
    share it; content that also depends on the person (their employee, the agencies they head in the org data)
    must add that to ``vary``."""
    if not getattr(user, "is_authenticated", False):
        return "anon"
    roles = sorted({f"{a.role}:{a.agency_id or '-'}" for a in user.role_assignments})
    return f"{'su' if user.is_superuser else 'u'}|{','.join(roles)}"


def version_values(keys: Sequence[str], user=None) -> list:
    """The current values of these version keys, in one round trip (missing ones are set up). With a signed-in
    ``user`` whose own version (``organization.user_cache``: roles, account) this request has not read yet, that
    version and the user's cached roles come in the same round trip and serve the role checks that follow (the roles
    only if they were stored under that version)."""
    from organization import user_cache

    wanted = list(keys)
    user_key = roles_key = None
    if user is not None and getattr(user, "is_authenticated", False) and user_cache.known_version(user) is None:
        user_key = user_cache.version_key(user.pk)
        roles_key = user_cache.roles_wanted(user)
        wanted += [user_key, *filter(None, [roles_key])]
    found = cache.get_many(wanted) if wanted else {}
    if user_key is not None:
        found_version = found.get(user_key)
        user_cache.remember_version(user, found_version if found_version is not None
                                    else cache_versions.current(user_key))
        if roles_key is not None:
            user_cache.prime_roles(user, found.get(roles_key))
    return [found.get(k) if found.get(k) is not None else cache_versions.current(k) for k in keys]


def make_key(name: str, values: Sequence, vary: Iterable, templates: Iterable[str] = ()) -> str:
    """A fragment's key from version *values* (``version_values``), for callers that fetch many fragments at once
    (``cache.get_many``, then ``store_many`` for the misses)."""
    shown = repr((list(values), [str(v) for v in vary], get_language(), timezone.get_current_timezone_name()))
    digest = hashlib.sha256(shown.encode()).hexdigest()[:32]
    templates = tuple(templates)
    code = f"{_template_digest(templates)}{_translations_digest()}" if templates else _translations_digest()
    return f"frag:{name}:{code}:{digest}"


def _key(name: str, versions: Sequence[str], vary: Iterable, templates: tuple[str, ...], values=None) -> str:
    return make_key(name, version_values(versions) if values is None else values, vary, templates)


def store_many(entries: dict[str, str], timeout: int | None = None) -> None:
    """Stores rendered fragments by key, except any that holds a CSRF token."""
    safe = {}
    for key, html in entries.items():
        if _holds_a_token(html):
            logger.error("fragment %s holds a CSRF token: not cached", key)
        else:
            safe[key] = html
    if safe:
        cache.set_many(safe, _timeout(timeout))


def cached_html(name: str, *, versions: Sequence[str], vary: Iterable = (), build: Callable[[], str],
                templates: Iterable[str] = (), timeout: int | None = None, values: Sequence | None = None,
                found: dict | None = None) -> SafeString:
    """The HTML ``build()`` returns, from the cache when nothing in its key changed. ``build`` runs only on a miss
    and must return HTML escaped by the template engine (it is marked safe as it is). ``values``: the versions'
    values if the caller read them already (``version_values``, e.g. with the user's own version before the checks);
    ``found``: what the caller's own ``get_many`` brought back, when it asked for this key too (``body_key``)."""
    key = _key(name, versions, vary, tuple(templates), values)
    html = found.get(key) if found is not None else cache.get(key)
    if html is None:
        html = str(build())
        if _holds_a_token(html):
            logger.error("fragment %s holds a CSRF token: not cached", name)
        else:
            cache.set(key, html, _timeout(timeout))
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: rendered by the template engine, which escaped the data


def cached_render(template: str, context: Callable[[], dict], *, versions: Sequence[str], vary: Iterable = (),
                  name: str | None = None, templates: Iterable[str] = (),
                  timeout: int | None = None) -> SafeString:
    """``template`` rendered (without a request: no CSRF token, no context processors) with ``context()``, cached as
    ``cached_html`` does; ``context`` runs only on a miss. The template's own source (and those in ``templates``,
    e.g. what it includes) is part of the key."""
    return cached_html(name or template, versions=versions, vary=vary, timeout=timeout,
                       templates=(template, *templates), build=lambda: render_to_string(template, context()))


def bump(*keys: str) -> None:
    """A write changed the data behind these versions: bump each now and again on commit."""
    for key in keys:
        cache_versions.bump_now_and_on_commit(key)


class QueryOnly:
    """What a cached body may read of the request: its query string (the pagination links repeat the filters)."""

    def __init__(self, request):
        self.GET = request.GET


def render_for_cache(request, template: str, context: dict) -> str:
    """``template`` rendered as HTML that may be kept and served to other readers: it sees only the query string of
    the request (``QueryOnly``), and its forms' ``{% csrf_token %}`` is the placeholder that ``with_csrf_token``
    replaces by each response's token."""
    return render_to_string(template, {**context, "request": QueryOnly(request), "csrf_token": CSRF_PLACEHOLDER})


def query_vary(request) -> tuple:
    """The query string as a key part, independent of the order of its parameters."""
    return tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))


def body_key(request, template: str, *, values: Sequence, vary: Iterable = (), templates: Iterable[str] = ()) -> str:
    """The key ``cached_body`` stores this body under (same arguments), for a caller that reads it in one
    ``get_many`` with its other keys and passes the result as ``found``."""
    return make_key(template, values, (*vary, query_vary(request)), (template, *templates))


#: What ``cached_lookup`` keeps for a lookup that found nothing (the caller answers 404).
_NOTHING = "fragment-lookup-nothing"


def lookup_key(name: str, values: Sequence, vary: Iterable) -> str:
    """The key of a scoped object lookup (``cached_lookup``) under the versions of the data it reads."""
    return make_key(f"lookup:{name}", values, vary)


def cached_lookup(key: str, found: dict, fetch: Callable[[], object | None], timeout: int | None = None):
    """The object of a scoped lookup, e.g. ``visible_cycles(user).filter(pk=pk).first()``, kept under ``key``
    (``lookup_key``: the versions of every table the lookup reads and everything the scoping depends on, e.g.
    ``scope_of(user)``), read in the caller's ``get_many`` (``found``). ``fetch`` runs on a miss; None (not found or
    out of scope) is kept too. The object is a fresh copy on every request (unpickled), never shared."""
    obj = found.get(key)
    if obj is None:
        obj = fetch()
        cache.set(key, _NOTHING if obj is None else obj, _timeout(timeout))
    return None if isinstance(obj, str) and obj == _NOTHING else obj


def cached_body(request, template: str, context: Callable[[], dict], *, versions: Sequence[str],
                vary: Iterable = (), templates: Iterable[str] = (), timeout: int | None = None,
                values: Sequence | None = None, found: dict | None = None) -> SafeString:
    """A page's body: ``template`` rendered with ``context()`` (only on a miss) and cached under ``versions``,
    ``vary`` and the whole query string (filters, page number). The template sees ``request.GET`` only (no user, no
    session); its forms' ``{% csrf_token %}`` is a placeholder in the cache, replaced here by this request's token.
    List included templates in ``templates`` so that a change of their text renders afresh."""
    def build():
        return render_for_cache(request, template, context())

    html = cached_html(template, versions=versions, vary=(*vary, query_vary(request)),
                       templates=(template, *templates), timeout=timeout, build=build, values=values, found=found)
    return with_csrf_token(request, html)


def with_csrf_token(request, html: str) -> SafeString:
    """Cached HTML with this request's CSRF token where its forms hold the placeholder (``CSRF_PLACEHOLDER``)."""
    if CSRF_PLACEHOLDER in html:
        from .csrf import token

        html = html.replace(CSRF_PLACEHOLDER, token(request))
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: rendered by the template engine; the token is [A-Za-z0-9]
