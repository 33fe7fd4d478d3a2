from . import navigation as nav


def navigation(request):
    """The menu for the signed-in user: only what their roles can do."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": nav.items_for(user)}
