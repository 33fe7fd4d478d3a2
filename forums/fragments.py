"""Rendered pieces of the forum lists, cached under everything they show.

A row of a topic list, or the head of a post (author, date, text, attachments), reads the same for every reader in a
language until its topic or post changes, and the template language costs ~1 ms for every three rows. So each piece
is rendered once and kept under a key made of what it shows: the values its template reads, the language and time
zone, and the template's own text. A changed topic, post, name or template makes a new key; nothing has to be
invalidated, and entries no longer asked for age out (``FORUM_FRAGMENT_SECONDS``).

A piece's template gets only the values passed here (no request, no user): whatever differs between readers must be
in its key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language


@lru_cache(maxsize=32)
def _template(name: str):
    template = get_template(name)
    # The source is part of every key: a deployment with a changed template does not serve the old markup.
    return template, hashlib.md5(template.template.source.encode(), usedforsecurity=False).hexdigest()[:12]


def render_each(template_name: str, name: str, items: Iterable, content: Callable[[object], tuple],
                context: dict | None = None) -> list[SafeString]:
    """``template_name`` rendered for each item (as ``name`` in its context, beside ``context``), in order.

    ``content(item)`` is the tuple of everything the template shows of the item (and ``context`` must not vary
    for a given tuple: put what varies into it)."""
    items = list(items)
    if not items:
        return []
    template, version = _template(template_name)
    prefix = f"forums:fragment:{version}:{get_language()}:{timezone.get_current_timezone_name()}:"
    keys = [prefix + hashlib.md5(repr(content(item)).encode(), usedforsecurity=False).hexdigest() for item in items]
    found = cache.get_many(keys)
    fresh = {}
    for item, key in zip(items, keys, strict=True):
        if key not in found:
            found[key] = fresh[key] = template.render({**(context or {}), name: item})
    if fresh:
        cache.set_many(fresh, timeout=getattr(settings, "FORUM_FRAGMENT_SECONDS", 24 * 3600))
    return [found[key] for key in keys]
