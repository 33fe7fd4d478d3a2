from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from organization.models import Agency


@receiver(post_save, sender=Agency, dispatch_uid="forums_agency_saved")
def agency_saved(sender, instance: Agency, raw: bool = False, **kwargs):
    """A new agency gets its forum; an agency that is no longer active keeps its forum, read-only."""
    if raw:  # loaddata
        return
    from .services import forum_sync_for_agency

    forum_sync_for_agency(agency=instance)


# The cached per-user figures (forums.cache): the services bump the versions themselves; these receivers catch writes
# made around them (the admin, a cascade, a shell).

def _activity_changed(sender, raw: bool = False, **kwargs):
    from . import cache

    cache.activity_changed()


def _reading_changed(sender, instance, raw: bool = False, **kwargs):
    from . import cache

    cache.reading_changed(instance.user_id)


def _user_saved(sender, update_fields=None, **kwargs):
    # The home panel shows names; a sign-in (which saves last_login only) changes nothing it shows.
    if update_fields is None or {"first_name", "last_name", "username"} & set(update_fields):
        _activity_changed(sender, **kwargs)


def connect_cache_invalidation() -> None:
    from .models import Category, Forum, ForumReadMark, Post, Subscription, Topic, TopicReadState

    post_save.connect(_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="forums_unread_user_saved")
    for model in (Forum, Category, Topic, Post):  # a category: the topic lists cache the categories
        post_save.connect(_activity_changed, sender=model, dispatch_uid=f"forums_unread_{model.__name__}_saved")
        post_delete.connect(_activity_changed, sender=model, dispatch_uid=f"forums_unread_{model.__name__}_deleted")
    for model in (TopicReadState, ForumReadMark, Subscription):  # a subscription: the topic list's reader part
        post_save.connect(_reading_changed, sender=model, dispatch_uid=f"forums_unread_{model.__name__}_saved")
        post_delete.connect(_reading_changed, sender=model, dispatch_uid=f"forums_unread_{model.__name__}_deleted")
