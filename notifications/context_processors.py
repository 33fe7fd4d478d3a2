from django.utils.functional import SimpleLazyObject

from organization.user_cache import unread_count as cached_unread_count


def unread_count(request):
    """The unread count, computed only when a template shows it (the navbar, on a miss of its cached fragment)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: cached_unread_count(user))}
