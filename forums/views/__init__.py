from .browse import (
    attachment,
    forum_detail,
    index,
    mentions,
    my_topics,
    post_goto,
    preview,
    search,
    topic_detail,
    topic_unread,
)
from .lookup import mention_lookup
from .moderation import moderation, moderation_log, post_moderate, report_handle, topic_moderate, topic_move
from .posting import (
    forum_mark_read,
    forum_subscribe,
    post_delete,
    post_edit,
    post_history,
    post_react,
    post_report,
    reply,
    topic_create,
    topic_subscribe,
)

__all__ = [
    "attachment", "forum_detail", "mention_lookup", "forum_mark_read", "forum_subscribe", "index", "mentions", "moderation",
    "moderation_log", "my_topics", "post_delete", "post_edit", "post_goto", "post_history", "post_moderate",
    "post_react", "post_report", "preview", "reply", "report_handle", "search", "topic_create", "topic_detail",
    "topic_moderate", "topic_move", "topic_subscribe", "topic_unread",
]
