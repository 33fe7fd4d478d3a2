from . import navigation as nav


def navigation(request):
    """The menu for the signed-in user: only what their roles can do."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav.items_for(user)}


def institution(request):
    """The institution's identity for every template, read lazily (from the cache) only when a template uses it."""
    from django.utils.functional import SimpleLazyObject

    from .institution import current_institution

    return {"institution": SimpleLazyObject(current_institution)}
