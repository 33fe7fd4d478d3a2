from django import template

from .. import permissions

register = template.Library()


@register.simple_tag
def can_react_tag(user, post) -> bool:
    return permissions.can_react(user, post)


@register.simple_tag
def post_permissions(user, post) -> dict:
    """What ``user`` may do with ``post`` (rules from forums.permissions; no queries: the rows are loaded)."""
    return {
        "edit": permissions.can_edit_post(user, post),
        "delete": permissions.can_delete_post(user, post) and (
            post.pk != post.topic.first_post_id or permissions.can_delete_topic(user, post.topic)),
        "report": permissions.can_report(user, post),
    }


@register.simple_tag
def is_forum_moderator(user) -> bool:
    return permissions.is_moderator(user)
