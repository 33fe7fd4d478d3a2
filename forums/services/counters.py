"""Counters on forum and topic rows. Creating a post bumps them with F() updates; anything that removes or moves
posts (delete, hide, restore, move) recomputes them from the rows, so they cannot drift."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Sum

from .. import cache
from ..models import Forum, Post, Topic


# Helpers of the posting and moderation services; atomic without a savepoint, so they add no query inside them.
@transaction.atomic(savepoint=False)
def bump_for_new_post(*, post: Post, new_topic: bool) -> None:
    cache.activity_changed()
    topic = post.topic
    Topic.objects.filter(pk=topic.pk).update(
        posts_count=F("posts_count") + 1, last_post_at=post.created_at, last_post_author_id=post.author_id,
    )
    if not topic.is_visible:
        return
    changes = {
        "posts_count": F("posts_count") + 1, "last_post_at": post.created_at,
        "last_post_author_id": post.author_id, "last_topic_id": topic.pk,
    }
    if new_topic:
        changes["topics_count"] = F("topics_count") + 1
    Forum.objects.filter(pk=topic.forum_id).update(**changes)


def recount_topic(topic_id: int) -> None:
    cache.activity_changed()
    visible = Post.objects.filter(topic_id=topic_id, is_hidden=False, is_deleted=False)
    count = visible.count()
    last = visible.order_by("-created_at", "-pk").values("created_at", "author_id").first()
    if last is None:
        # Keep the topic sortable: with no visible post it sits at the time it was opened.
        created = Topic.objects.filter(pk=topic_id).values_list("created_at", flat=True).first()
        last = {"created_at": created, "author_id": None}
    Topic.objects.filter(pk=topic_id).update(
        posts_count=count, last_post_at=last["created_at"], last_post_author_id=last["author_id"],
    )


def recount_forum(forum_id: int) -> None:
    cache.activity_changed()
    topics = Topic.objects.filter(forum_id=forum_id, is_hidden=False, is_deleted=False)
    totals = topics.aggregate(topics=Count("pk"), posts=Sum("posts_count"))
    last = (
        topics.filter(posts_count__gt=0).order_by("-last_post_at", "-pk")
        .values("pk", "last_post_at", "last_post_author_id").first()
    )
    Forum.objects.filter(pk=forum_id).update(
        topics_count=totals["topics"] or 0, posts_count=totals["posts"] or 0,
        last_post_at=last["last_post_at"] if last else None,
        last_post_author_id=last["last_post_author_id"] if last else None,
        last_topic_id=last["pk"] if last else None,
    )


@transaction.atomic(savepoint=False)
def recount(*, topic_id: int | None = None, forum_ids=()) -> None:
    if topic_id is not None:
        recount_topic(topic_id)
    for forum_id in {f for f in forum_ids if f}:
        recount_forum(forum_id)
