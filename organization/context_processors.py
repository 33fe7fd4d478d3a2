from django.utils.functional import SimpleLazyObject

from . import navigation as nav


def navigation(request):
    """The menu for the signed-in user: only what their roles can do. Built only when a template reads it (the
    navbar is a cached fragment, see chrome.py, so most pages never do)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": SimpleLazyObject(lambda: nav.items_for(user))}


def institution(request):
    """The institution's identity for every template, read lazily (from the cache) only when a template uses it."""
    from .institution import current_institution

    return {"institution": SimpleLazyObject(current_institution)}
