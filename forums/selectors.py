"""Reads that join. Every list a page or the API shows comes from here, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from organization.models import User

from . import permissions
from .models import Forum, ForumReadMark, Mention, ModerationLog, Post, Reaction, Report, Topic, TopicReadState

TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20


# --- unread ---------------------------------------------------------------------------------------------------

def _unread_q(user: User) -> Q:
    # Posts from before the user joined the portal are not "unread" for them.
    return (
        Q(last_post_at__isnull=False, last_post_at__gt=user.date_joined)
        & (Q(read_at__isnull=True) | Q(last_post_at__gt=F("read_at")))
        & (Q(mark_at__isnull=True) | Q(last_post_at__gt=F("mark_at")))
    )


def with_unread(qs: QuerySet[Topic], user: User) -> QuerySet[Topic]:
    """Annotate ``is_unread`` (and ``read_at``) on topics for ``user``: one query, whatever the size."""
    if not user.is_authenticated:
        return qs.annotate(is_unread=Case(default=False, output_field=BooleanField()))
    state = TopicReadState.objects.filter(user=user, topic=OuterRef("pk")).values("last_read_at")[:1]
    mark = ForumReadMark.objects.filter(user=user, forum=OuterRef("forum_id")).values("marked_at")[:1]
    return qs.annotate(read_at=Subquery(state), mark_at=Subquery(mark)).annotate(
        is_unread=Case(When(_unread_q(user), then=True), default=False, output_field=BooleanField())
    )


def unread_topics(user: User) -> QuerySet[Topic]:
    qs = permissions.visible_topics(user).filter(is_hidden=False, is_deleted=False)
    return with_unread(qs, user).filter(is_unread=True)


# --- forums and topics ----------------------------------------------------------------------------------------

def forum_index(user: User) -> dict:
    """The forums the user reads, in three groups, with the number of unread topics in each (2 queries)."""
    forums = list(permissions.visible_forums(user).order_by("kind", "name"))
    unread = dict(unread_topics(user).order_by().values_list("forum_id").annotate(n=Count("pk")))
    members = permissions.member_agency_ids(user)
    groups = {"city": [], "mine": [], "others": []}
    for forum in forums:
        forum.unread_count = unread.get(forum.pk, 0)
        if forum.is_city:
            groups["city"].append(forum)
        elif forum.agency_id in members:
            groups["mine"].append(forum)
        else:
            groups["others"].append(forum)
    return groups


def forum_topics(user: User, forum: Forum, *, category_id: int | None = None) -> QuerySet[Topic]:
    qs = permissions.visible_topics(user).filter(forum=forum)
    if category_id:
        qs = qs.filter(category_id=category_id)
    return with_unread(qs, user).order_by("-is_pinned", F("last_post_at").desc(nulls_last=True), "-pk")


def topic_posts(user: User, topic: Topic) -> QuerySet[Post]:
    return (
        permissions.visible_posts(user).filter(topic=topic)
        .select_related("author__employee__agency")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def reaction_summary(post_ids: list[int], user: User) -> dict[int, list[dict]]:
    """Reaction counts per post, and whether ``user`` gave each (one grouped query)."""
    rows = (
        Reaction.objects.filter(post_id__in=post_ids).values("post_id", "kind")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk))).order_by()
    )
    found: dict[tuple, dict] = {(r["post_id"], r["kind"]): r for r in rows}
    summary = {}
    for pid in post_ids:
        summary[pid] = [
            {"kind": kind, "label": label, "emoji": Reaction.EMOJI[kind], "icon": Reaction.ICONS[kind],
             "count": found.get((pid, kind), {}).get("n", 0), "mine": bool(found.get((pid, kind), {}).get("mine"))}
            for kind, label in Reaction.Kind.choices
        ]
    return summary


def read_state(user: User, topic: Topic) -> TopicReadState | None:
    return TopicReadState.objects.filter(user=user, topic=topic).first()


def first_unread_post(user: User, topic: Topic) -> Post | None:
    """The first post the user has not read yet (posts before they joined count as read)."""
    state = read_state(user, topic)
    marks = [user.date_joined]
    if state:
        marks.append(state.last_read_at)
    mark = ForumReadMark.objects.filter(user=user, forum_id=topic.forum_id).values_list("marked_at", flat=True).first()
    if mark:
        marks.append(mark)
    return topic_posts(user, topic).filter(created_at__gt=max(marks)).first()


def post_page_number(user: User, post: Post) -> int:
    before = topic_posts(user, post.topic).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    ).count()
    return before // POSTS_PER_PAGE + 1


def my_topics(user: User) -> QuerySet[Topic]:
    """Topics the user opened or replied to."""
    mine = Post.objects.filter(author=user, is_deleted=False).values("topic_id")
    qs = permissions.visible_topics(user).filter(Q(author=user) | Q(pk__in=mine)).filter(is_deleted=False)
    return with_unread(qs, user).order_by(F("last_post_at").desc(nulls_last=True), "-pk")


def my_mentions(user: User) -> QuerySet[Mention]:
    visible = permissions.visible_posts(user).filter(is_hidden=False, is_deleted=False).values("pk")
    return (
        Mention.objects.filter(user=user, post__in=visible)
        .select_related("post", "post__author", "post__topic", "post__topic__forum")
        .order_by("-created_at", "-pk")
    )


def search_posts(user: User, q: str) -> QuerySet[Post]:
    """Full-text search on PostgreSQL (title weighs more than the body); a plain substring match elsewhere."""
    q = (q or "").strip()
    qs = (
        permissions.visible_posts(user).filter(is_hidden=False, is_deleted=False, topic__is_hidden=False,
                                               topic__is_deleted=False)
        .select_related("topic__forum")
    )
    if not q:
        return qs.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("topic__title", weight="A", config="simple") + SearchVector(
            "body", weight="B", config="simple")
        query = SearchQuery(q, search_type="websearch", config="simple")
        return qs.annotate(search=vector, rank=SearchRank(vector, query)).filter(search=query).order_by(
            "-rank", "-created_at")
    words = q.split()[:8]
    cond = Q()
    for word in words:
        cond &= Q(body__icontains=word) | Q(topic__title__icontains=word)
    return qs.filter(cond).order_by("-created_at", "-pk")


# --- moderation -----------------------------------------------------------------------------------------------

def moderation_queue(user: User) -> QuerySet[Report]:
    forums = permissions.moderated_forums(user).values("pk")
    return (
        Report.objects.filter(status=Report.Status.OPEN, post__topic__forum__in=forums)
        .select_related("post", "post__author", "post__topic", "post__topic__forum", "reporter")
        .order_by("created_at", "pk")
    )


def moderation_log(user: User) -> QuerySet[ModerationLog]:
    forums = permissions.moderated_forums(user).values("pk")
    return ModerationLog.objects.filter(forum__in=forums).select_related("actor", "forum", "topic", "post")


def hidden_posts(user: User) -> QuerySet[Post]:
    forums = permissions.moderated_forums(user).values("pk")
    return (
        Post.objects.filter(is_hidden=True, topic__forum__in=forums)
        .select_related("author", "topic", "topic__forum").order_by("-created_at")
    )


# --- home panel and dashboards ---------------------------------------------------------------------------------

def home_panel(user: User) -> dict:
    """Latest topics in the user's own forum (their agency's, else the city forum) and their unread count."""
    members = permissions.member_agency_ids(user)
    forum = None
    if members:
        forum = Forum.objects.filter(agency_id__in=members).order_by("name").first()
    if forum is None:
        forum = Forum.objects.filter(kind=Forum.Kind.CITY).first()
    latest = []
    if forum is not None:
        latest = list(forum_topics(user, forum).filter(is_hidden=False, is_deleted=False)
                      .order_by(F("last_post_at").desc(nulls_last=True), "-pk")[:5])
    return {"forum": forum, "latest": latest, "unread_count": unread_topics(user).count()}


def _start_of(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def activity_summary(*, agency_ids: list[int] | None = None, since=None) -> dict:
    """Forum activity for the dashboards, in a fixed number of grouped queries.

    - ``by_agency``: agency id → {"topics": n, "posts": n} for the agency's own forum (posts include opening
      posts), counted from ``since`` (a date or datetime) when given. With ``agency_ids``, every listed agency
      appears, with zeros when quiet.
    - ``weekly``: the last 12 weeks (Monday first, oldest first) as {"week_start": date, "posts": n}, for the
      listed agencies' forums, or for every forum (the city forum included) when ``agency_ids`` is None.
    - ``city``: {"topics": n, "posts": n} in the city forum (only when ``agency_ids`` is None).
    Hidden and deleted topics and posts are not counted.
    """
    topics = Topic.objects.filter(is_hidden=False, is_deleted=False)
    posts = Post.objects.filter(is_hidden=False, is_deleted=False, topic__is_hidden=False, topic__is_deleted=False)
    if agency_ids is not None:
        topics = topics.filter(forum__agency_id__in=agency_ids)
        posts = posts.filter(topic__forum__agency_id__in=agency_ids)
    since = _start_of(since)
    recent_topics = topics.filter(created_at__gte=since) if since else topics
    recent_posts = posts.filter(created_at__gte=since) if since else posts

    by_agency: dict[int, dict] = {i: {"topics": 0, "posts": 0} for i in (agency_ids or [])}
    topic_rows = (recent_topics.filter(forum__kind=Forum.Kind.AGENCY).values_list("forum__agency_id")
                  .annotate(n=Count("pk")).order_by())
    for agency_id, n in topic_rows:
        by_agency.setdefault(agency_id, {"topics": 0, "posts": 0})["topics"] = n
    post_rows = (recent_posts.filter(topic__forum__kind=Forum.Kind.AGENCY).values_list("topic__forum__agency_id")
                 .annotate(n=Count("pk")).order_by())
    for agency_id, n in post_rows:
        by_agency.setdefault(agency_id, {"topics": 0, "posts": 0})["posts"] = n

    today = timezone.localdate()
    first_week = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=11)
    weekly_rows = (
        posts.filter(created_at__gte=_start_of(first_week)).annotate(week=TruncWeek("created_at"))
        .values_list("week").annotate(n=Count("pk")).order_by()
    )
    per_week = {}
    for week, n in weekly_rows:
        day = timezone.localtime(week).date() if isinstance(week, dt.datetime) and timezone.is_aware(week) else (
            week.date() if isinstance(week, dt.datetime) else week)
        per_week[day] = per_week.get(day, 0) + n
    weekly = [{"week_start": first_week + dt.timedelta(weeks=i), "posts": per_week.get(first_week + dt.timedelta(weeks=i), 0)}
              for i in range(12)]

    result = {"by_agency": by_agency, "weekly": weekly}
    if agency_ids is None:
        city = recent_topics.filter(forum__kind=Forum.Kind.CITY).count()
        city_posts = recent_posts.filter(topic__forum__kind=Forum.Kind.CITY).count()
        result["city"] = {"topics": city, "posts": city_posts}
    return result
