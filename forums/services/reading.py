"""Read marks and subscriptions, and the notice to subscribers when someone posts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from organization.models import User

from .. import cache, permissions
from ..models import Forum, ForumReadMark, Mention, Post, Subscription, Topic, TopicReadState
from ..rendering import plain_text


def topic_mark_read(*, user: User, topic: Topic, up_to: dt.datetime, state: TopicReadState | None = None,
                    known_missing: bool = False) -> None:
    """Record that ``user`` has read ``topic`` up to ``up_to`` (never moves backwards).

    Callers that already fetched the state pass it (or ``known_missing``) to save a query.
    """
    if up_to is None or not user.is_authenticated:
        return
    if state is None and not known_missing:
        state = TopicReadState.objects.filter(user=user, topic=topic).first()
    if state is not None:
        if up_to > state.last_read_at:
            TopicReadState.objects.filter(pk=state.pk, last_read_at__lt=up_to).update(last_read_at=up_to)
            cache.reading_changed(user.pk)
        return
    try:
        with transaction.atomic():
            TopicReadState.objects.create(user=user, topic=topic, last_read_at=up_to)
    except IntegrityError:  # two tabs opened the topic at once
        TopicReadState.objects.filter(user=user, topic=topic, last_read_at__lt=up_to).update(last_read_at=up_to)
    cache.reading_changed(user.pk)


@transaction.atomic
def forum_mark_read(*, user: User, forum: Forum) -> None:
    ForumReadMark.objects.update_or_create(user=user, forum=forum, defaults={"marked_at": timezone.now()})
    cache.reading_changed(user.pk)


@transaction.atomic
def subscription_set(*, user: User, on: bool, topic: Topic | None = None, forum: Forum | None = None) -> bool:
    target_forum = topic.forum if topic is not None else forum
    if target_forum is None or (topic is None) == (forum is None):
        raise ValueError("Subscribe to exactly one topic or one forum.")
    if on and not permissions.can_read_forum(user, target_forum):
        raise PermissionDenied(_("Anda tidak dapat berlangganan forum yang tidak bisa Anda baca."))
    lookup = {"user": user, "topic": topic} if topic is not None else {"user": user, "forum": forum}
    if on:
        Subscription.objects.get_or_create(**lookup)
    else:
        Subscription.objects.filter(**lookup).delete()
    return on


@transaction.atomic
def post_notify_subscribers(*, post_id: int) -> int:
    """Tell the subscribers of a post's topic and forum about it. Safe to run twice (the post is claimed once)."""
    claimed = Post.objects.filter(pk=post_id, subscribers_notified_at__isnull=True).update(
        subscribers_notified_at=timezone.now())
    if not claimed:
        return 0
    post = Post.objects.select_related("topic", "topic__forum", "author").get(pk=post_id)
    topic = post.topic
    if not post.is_visible or not topic.is_visible:
        return 0
    subscriber_ids = Subscription.objects.filter(Q(topic=topic) | Q(forum_id=topic.forum_id)).values("user_id")
    mentioned = Mention.objects.filter(post=post).values("user_id")
    users = User.objects.filter(pk__in=subscriber_ids).exclude(pk=post.author_id).exclude(pk__in=mentioned)
    recipients = list(permissions.readers_of(topic.forum, users))
    if not recipients:
        return 0
    is_opening = topic.first_post_id == post.pk
    if is_opening:
        title = _("Topik baru di %(forum)s: %(topic)s") % {"forum": topic.forum, "topic": topic.title}
    else:
        title = _("%(name)s membalas \"%(topic)s\"") % {"name": post.author, "topic": topic.title}
    notify(recipients=recipients, kind="forum_post", title=title, body=plain_text(post.body_html, 300),
           url=post.get_absolute_url(), email_category="subscriptions")
    return len(recipients)
