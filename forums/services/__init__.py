"""Every write in the forums goes through these services (views, the API and tasks call them)."""

from .counters import recount, recount_forum, recount_topic
from .forums import city_forum_ensure, forum_sync_all, forum_sync_for_agency
from .moderation import (
    log_action,
    post_set_hidden,
    report_create,
    report_handle,
    topic_move,
    topic_set_hidden,
    topic_set_locked,
    topic_set_pinned,
)
from .posting import (
    check_attachments,
    linkable_projects,
    post_create,
    post_delete,
    post_edit,
    reaction_toggle,
    topic_create,
    topic_delete,
)
from .reading import forum_mark_read, post_notify_subscribers, subscription_set, topic_mark_read

__all__ = [
    "check_attachments", "city_forum_ensure", "linkable_projects", "forum_mark_read", "forum_sync_all", "forum_sync_for_agency",
    "log_action", "post_create", "post_delete", "post_edit", "post_notify_subscribers", "post_set_hidden",
    "reaction_toggle", "recount", "recount_forum", "recount_topic", "report_create", "report_handle",
    "subscription_set", "topic_create", "topic_delete", "topic_mark_read", "topic_move", "topic_set_hidden",
    "topic_set_locked", "topic_set_pinned",
]
