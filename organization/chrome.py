"""The page chrome of ``base.html``, the navbar and the footer, as cached HTML fragments.

They are the same on every page a person opens, so each is rendered once and kept in the (shared) cache:

- **navbar** (``templates/includes/navbar.html``): keyed by the user's version (``user_cache``: bumped by every change
  of their roles or account), the chrome version, the language, which menu entries are active on this page and the
  unread count (``user_cache.unread_count``, dropped by every write of a notification);
- **footer** (``templates/includes/footer.html``): keyed by the chrome version and the language.

What differs per request is put in afterwards: the CSRF field (``{{ csrf_input }}`` in the fragments, never cached:
the token belongs to one browser) and the language switch's ``next`` (``{{ next_path }}``). The fragments are plain
templates rendered without a request: everything they show comes from the context built here.

Cost per page (issue 19): the versions, the unread count and the institution (for ``{% theme_style %}`` and the
fragments) come in ONE round trip to the cache (``_keys``); the fragments themselves come from a small copy this
process keeps by their full versioned key (a key names one content for good, so the copy is never stale), else in a
second round trip. The CSRF field is the response's one masked token (``agenperubahan/csrf.py``).

``bump()`` forgets every cached navbar and footer, e.g. when the institution's name or logo changes. A deploy that
changes the fragments' templates, the menu or the translations needs no bump: the keys hold a digest of them
(``_code_digest``), so new code never serves an old fragment and old and new processes never share one.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from agenperubahan import cache_versions
from agenperubahan.csrf import token as csrf_token

from . import navigation, user_cache
from .institution import Institution, current_institution

VERSION_KEY = "chrome:v"
SECONDS = 3600
_CSRF = SafeString("<!--chrome:csrf-->")
_NEXT = SafeString("<!--chrome:next-->")
_MAX_VARIANTS = 32  # active-entry × unread-count variants kept per user and language


def bump() -> None:
    cache_versions.bump_now_and_on_commit(VERSION_KEY)


@functools.cache
def _code_digest() -> str:
    """What the fragments are made of in this release: their templates, the menu entries and the translations."""
    digest = hashlib.sha1(usedforsecurity=False)
    for name in ("includes/navbar.html", "includes/footer.html"):
        digest.update(get_template(name).template.source.encode())
    with translation.override(None):  # the labels' source text, whatever language is active
        digest.update(repr([(str(i.label), i.url_name, i.icon, i.order) for i in navigation._REGISTRY]).encode())
    for path in sorted(Path(p) for p in settings.LOCALE_PATHS):
        for mo in sorted(path.glob("*/LC_MESSAGES/django.mo")):
            digest.update(mo.read_bytes())
    return digest.hexdigest()[:10]


def _active_flags(items: list[dict], path: str, namespace: str | None) -> list[dict]:
    """Copies of the menu entries with ``active`` set for this page (the rules the template used to hold)."""
    marked = []
    for item in items:
        item = dict(item)
        if "children" in item:
            item["active"] = bool(namespace) and namespace == item.get("namespace")
            item["children"] = [{**child, "active": path == child["url"]} for child in item["children"]]
        else:
            item["active"] = path == item["url"] or (item["url"] != "/" and item["url"] in path)
        marked.append(item)
    return marked


def _signature(items: list[dict]) -> str:
    flags = []
    for item in items:
        flags.append(item["active"])
        flags.extend(child["active"] for child in item.get("children", ()))
    return "".join("1" if f else "0" for f in flags)


def _plain_items(user) -> list[dict]:
    """The menu with its labels translated in the active language (what is cached)."""
    out = []
    for item in navigation.items_for(user):
        entry = {**item, "label": str(item["label"])}
        if "children" in item:
            entry["children"] = [{**c, "label": str(c["label"])} for c in item["children"]]
        out.append(entry)
    return out


def _user(request):
    """The request's user; an error page raised before the authentication middleware ran (a bad Host) has none."""
    from django.contrib.auth.models import AnonymousUser

    return getattr(request, "user", None) or AnonymousUser()


def _keys(request, language: str) -> tuple[str, str]:
    """The navbar's and the footer's cache keys. The versions and the unread count they depend on, and the
    institution (``theme_style`` and the fragments show it), come in one round trip to the cache (missing ones are
    set up), and the user's roles when the view has not read them yet; the memo on the user spares the roles another
    read."""
    state = getattr(request, "_chrome_keys", None)
    if state is not None and state[0] == language:
        return state[1], state[2]
    user = _user(request)
    institution_key = Institution.get_cache_key()
    version_keys = [VERSION_KEY, institution_key]
    roles_key = None
    if user.is_authenticated:
        version_keys += [user_cache.version_key(user.pk), user_cache.unread_key(user.pk)]
        roles_key = user_cache.roles_wanted(user)  # a page whose view reads the chrome first (the home)
        if roles_key:
            version_keys.append(roles_key)
    found = cache.get_many(version_keys)
    if found.get(institution_key):
        request._chrome_institution = found[institution_key]
    chrome_version = f"{found.get(VERSION_KEY) or cache_versions.current(VERSION_KEY)}.{_code_digest()}"
    footer_key = f"chrome:footer:{chrome_version}:{language}"
    if not user.is_authenticated:
        navbar_key = f"chrome:navbar:anon:{chrome_version}:{language}"
    else:
        if user_cache.version_key(user.pk) in found:
            user.__dict__.setdefault(user_cache.MEMO, found[user_cache.version_key(user.pk)])
        if roles_key:
            user_cache.prime_roles(user, found.get(roles_key))  # used only if stored under the version just read
        request._chrome_unread = found.get(user_cache.unread_key(user.pk))
        if request._chrome_unread is None:
            request._chrome_unread = user_cache.unread_count(user)
        navbar_key = f"chrome:navbar:{user.pk}:{user_cache.user_version(user)}:{chrome_version}:{language}"
    request._chrome_keys = (language, navbar_key, footer_key)
    return navbar_key, footer_key


def institution(request) -> Institution:
    """The institution for this request's chrome: read with the chrome's versions (no round trip of its own)."""
    if getattr(request, "_chrome_institution", None) is None:
        _keys(request, get_language())
    found = getattr(request, "_chrome_institution", None)
    if found is None:
        found = request._chrome_institution = current_institution()
    return found


def _navbar(request, key: str, entry) -> str:
    user = _user(request)
    if not user.is_authenticated:
        if entry is None:
            entry = render_to_string("includes/navbar.html", {"user": user, "csrf_input": _CSRF,
                                                               "institution": institution(request)})
            cache.set(key, entry, SECONDS)
        _remember(key, entry)
        return entry
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else None
    unread = request._chrome_unread
    entry = entry or {"items": None, "html": {}}
    if entry["items"] is None:
        entry["items"] = _plain_items(user)
    items = _active_flags(entry["items"], request.path, namespace)
    variant = f"{_signature(items)}|{unread}"
    html = entry["html"].get(variant)
    if html is None:
        html = render_to_string("includes/navbar.html", {
            "user": user, "nav_items": items, "unread_notifications": unread, "csrf_input": _CSRF,
            "role_labels": user.role_labels(), "institution": institution(request),
        })
        if len(entry["html"]) >= _MAX_VARIANTS:
            entry["html"] = {}
        entry["html"][variant] = html
        cache.set(key, entry, SECONDS)
    _remember(key, entry)
    return html


def _footer(key: str, html: str | None, language: str, request) -> str:
    if html is None:
        html = render_to_string("includes/footer.html", {
            "LANGUAGE_CODE": language, "csrf_input": _CSRF, "next_path": _NEXT, "institution": institution(request),
        })
        cache.set(key, html, SECONDS)
    return html


# The fragments this process served last, by their full (versioned) key: a key names one content for good, so a
# copy kept here is never stale; it spares the second round trip to the cache for the people and pages a worker
# serves again and again. Bounded: emptied when full.
_LOCAL: dict[str, object] = {}
_LOCAL_MAX = 512


def _local_get_many(keys: list[str]) -> dict:
    found = {k: _LOCAL[k] for k in keys if k in _LOCAL}
    missing = [k for k in keys if k not in found]
    if missing:
        found.update(cache.get_many(missing))
    return found


def _remember(key: str, value) -> None:
    if len(_LOCAL) >= _LOCAL_MAX:
        _LOCAL.clear()
    _LOCAL[key] = value


def _fragments(request) -> dict:
    """Both fragments of this request: one round trip to the cache for the keys (``_keys``), and one for the
    fragments unless this process holds them already."""
    if not hasattr(request, "_chrome"):
        language = get_language()
        navbar_key, footer_key = _keys(request, language)
        found = _local_get_many([navbar_key, footer_key])
        request._chrome = {
            "navbar": _navbar(request, navbar_key, found.get(navbar_key)),
            "footer": _footer(footer_key, found.get(footer_key), language, request),
        }
        _remember(footer_key, request._chrome["footer"])
    return request._chrome


def _with_request_values(html: str, request) -> SafeString:
    # The response's one masked token (agenperubahan.csrf), the same as the page's own forms and htmx header.
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token(request))
    # The fragment was rendered by the template engine (escaped); the two values put in are escaped above.
    return mark_safe(html.replace(_CSRF, csrf).replace(_NEXT, escape(request.get_full_path())))  # noqa: S308  # nosec B308 B703


def navbar(request) -> SafeString:
    return _with_request_values(_fragments(request)["navbar"], request)


def footer(request) -> SafeString:
    return _with_request_values(_fragments(request)["footer"], request)
