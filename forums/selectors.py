"""Reads that join. Every list a page or the API shows comes from here, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncWeek
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from agenperubahan import fragments
from organization.models import User
from organization.permissions import access_object

from . import cache as forum_cache
from . import permissions
from .links import url_for
from .models import (
    Forum,
    ForumReadMark,
    Mention,
    ModerationLog,
    Post,
    Reaction,
    Report,
    Subscription,
    Topic,
    TopicReadState,
)
from .paging import CappedPaginator, TailPaginator
from .search import headline_annotations, highlight_row, query_words

TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20


# --- unread ---------------------------------------------------------------------------------------------------
#
# A topic is unread when its last post is newer than all of: the day the user joined (older posts are not news to
# them), their read state of the topic, and their "mark all read" in its forum.
#
# PostgreSQL's planning time grows steeply with the number of relations in a query: a list that joins its authors
# and also joins the read state and mark (or repeats them as subqueries in a CASE) took 10-40 ms to plan, for a
# millisecond of work. So lists read the state and mark with one scalar subquery each, and counts, which join
# nothing else, use LEFT JOINs that PostgreSQL can hash.

def _seen_until(user: User, read_at, mark_at):
    joined = Value(user.date_joined)
    # Coalesce: SQLite's MAX() of several values is NULL when one is.
    return Greatest(joined, Coalesce(read_at, joined), Coalesce(mark_at, joined))


def _unread(user: User, read_at, mark_at) -> GreaterThan:
    # A lookup expression rather than Q(last_post_at__gt=…): filtering with it leaves the joins LEFT OUTER.
    return GreaterThan(F("last_post_at"), _seen_until(user, read_at, mark_at))


def with_unread(qs: QuerySet[Topic], user: User) -> QuerySet[Topic]:
    """Annotate ``is_unread`` on topics for ``user``: one query, whatever the size."""
    if not user.is_authenticated:
        return qs.annotate(is_unread=Value(False, output_field=BooleanField()))
    read_at = Subquery(TopicReadState.objects.filter(user=user.pk, topic=OuterRef("pk")).values("last_read_at")[:1])
    mark_at = Subquery(ForumReadMark.objects.filter(user=user.pk, forum=OuterRef("forum_id")).values("marked_at")[:1])
    return qs.annotate(is_unread=Coalesce(_unread(user, read_at, mark_at), False))  # no last post: read


def unread_counts(user: User, versions: tuple | None = None) -> dict[int, int]:
    """The number of unread topics in each forum (by id) the user reads; cached, see ``forums.cache``
    (``versions``: the activity and reading versions, when the caller read them already)."""
    if not user.is_authenticated:
        return {}
    return forum_cache.cached(user, "unread", lambda: _scope(user), lambda: _count_unread(user), known=versions)


def _count_unread(user: User) -> dict[int, int]:
    return dict(unread_topics(user).order_by().values_list("forum_id").annotate(n=Count("pk")))


def _scope(user: User) -> str:
    """What the forums a user reads depend on (for cache keys): reading every forum, or their agencies."""
    if permissions.reads_every_forum(user):
        return "all"
    return "-".join(str(i) for i in sorted(permissions.member_agency_ids(user)))


def unread_topics(user: User) -> QuerySet[Topic]:
    """The visible topics ``user`` has not read (for counting: the read states and marks are joined)."""
    qs = permissions.visible_topics(user).filter(is_hidden=False, is_deleted=False)
    if not user.is_authenticated:
        return qs
    return qs.alias(
        _read=FilteredRelation("read_states", condition=Q(read_states__user=user.pk)),
        _mark=FilteredRelation("forum__read_marks", condition=Q(forum__read_marks__user=user.pk)),
    ).filter(_unread(user, F("_read__last_read_at"), F("_mark__marked_at")))


# --- forums and topics ----------------------------------------------------------------------------------------

def forum_index(user: User) -> dict:
    """The forums the user reads, in three groups, with the number of unread topics in each (2 queries, 1 when
    the unread counts are cached)."""
    forums = list(permissions.visible_forums(user).order_by("kind", "name"))
    unread = unread_counts(user)
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


def forum_page(user: User, pk: int) -> Forum:
    """A forum the user reads (404 otherwise), with ``subscribed``: whether they follow the whole forum."""
    qs = permissions.visible_forums(user).select_related(None).annotate(
        subscribed=Exists(Subscription.objects.filter(user=user.pk, forum=OuterRef("pk"))))
    return access_object(qs, pk=pk)


def _topics_in(user: User, forum: Forum) -> QuerySet[Topic]:
    """The topics of ``forum`` (one the user reads) that the user may open, without joining the forum again."""
    if not permissions.can_read_forum(user, forum):
        return Topic.objects.none()
    qs = Topic.objects.filter(forum=forum)
    if not permissions.can_moderate(user, forum):
        qs = qs.filter(is_hidden=False, is_deleted=False)
    return qs


def forum_topics(user: User, forum: Forum, *, category_id: int | None = None) -> QuerySet[Topic]:
    qs = _topics_in(user, forum).select_related("category", "author", "last_post_author")
    if category_id:
        qs = qs.filter(category_id=category_id)
    return with_unread(qs, user).order_by("-is_pinned", F("last_post_at").desc(nulls_last=True), "-pk")


def forum_topics_count(user: User, forum: Forum, *, category_id: int | None = None) -> int | None:
    """How many topics ``forum_topics`` lists, when the forum's counter says it (it counts the visible topics,
    which is all a non-moderator sees); None when they must be counted (a category, or a moderator)."""
    if category_id or permissions.can_moderate(user, forum):
        return None
    return forum.topics_count


TOPIC_LIST_TEMPLATES = ("forums/_topic_rows.html", "forums/_topic_row.html", "includes/pagination.html")
#: The templates of a forum page's body around the list (``topic_list(body=...)``).
FORUM_BODY_TEMPLATES = ("forums/_forum_body.html", "forums/_subnav.html", "includes/empty.html")


def subscribed_to_forum(user: User, forum: Forum) -> bool:
    return Subscription.objects.filter(user=user.pk, forum=forum.pk).exists()


def topic_list(request, user: User, forum: Forum, category_id: int | None, can_moderate: bool, number: str, *,
               mine: dict, reader_key: str | None = None, activity: int | None = None,
               body: tuple[str, dict, tuple] | None = None) -> SafeString:
    """A forum's topic list as HTML (the rows and the page links; "" when empty), cached in two parts:

    - *the reader's part* ``mine``, kept under ``reader_key`` by this function: whether they follow the forum
      (``subscribed``, set by the caller), the page number the asked one resolves to and which of the page's topics
      are unread for them (a string of 0/1). The key holds their id, the day they joined, the forum, category, the
      page asked for, and the forums' activity version and their reading version (``forums.cache``): any new,
      moved, hidden or retitled topic or post, a topic they read, a forum they marked read or followed, makes a
      new key; ``moderator`` (their role may change without a version) is checked by the caller;
    - *the HTML*, shared by every reader with the same view of the list (forum, category, moderator or not: a
      moderator also sees hidden and deleted topics, page number and unread marks), under the activity version
      (``agenperubahan.fragments``; language, time zone and the templates are in its key). ``activity``: its value,
      when the caller read it already.

    ``body``: ``(template, context, vary)``, the page body around the list: the list is rendered into ``template``
    (as ``topic_list``, with ``context``, the query string as ``request.GET`` and a CSRF placeholder that this
    request's token replaces) and the whole body is cached as one entry. Whatever in ``context`` differs between two
    readers of the same list must be in ``vary``; everything in it must change only with the activity version.

    A warm visit costs two cache round trips here (one when ``activity`` is given) and no query. ``reader_key``
    None: rendered afresh, not kept."""

    def compute() -> str:
        topics = forum_topics(user, forum, category_id=category_id)
        count = None if category_id or can_moderate else forum.topics_count  # a moderator also sees hidden ones
        page = TailPaginator(topics, TOPICS_PER_PAGE, count=count).get_page(number)
        rows = list(page.object_list)
        mine.update(number=page.number, unread="".join("1" if t.is_unread else "0" for t in rows))
        if not rows:
            return ""
        return (render_to_string("forums/_topic_rows.html", {"topics": rows, "show_forum": False})
                + fragments.render_for_cache(request, "includes/pagination.html", {"page": page}))

    def wrap(html: str) -> str:
        if body is None:
            return html
        template, context, _vary = body
        return fragments.render_for_cache(request, template, {
            **context, "topic_list": mark_safe(html),  # noqa: S308  # nosec B308 B703: rendered above
        })

    def cached(build) -> str:
        name, templates, vary = "forums:topic_list", TOPIC_LIST_TEMPLATES, ()
        if body is not None:
            name, templates, vary = "forums:forum_body", (*TOPIC_LIST_TEMPLATES, *FORUM_BODY_TEMPLATES), body[2]
        return fragments.cached_html(
            name, versions=(forum_cache.ACTIVITY_KEY,), templates=templates,
            values=None if activity is None else [activity],
            vary=(forum.pk, category_id, can_moderate, mine["number"], mine["unread"], *vary),
            build=lambda: wrap(build()))

    if reader_key is None:
        html = wrap(compute())
    elif "unread" not in mine:
        listing = compute()
        cache.set(reader_key, mine, forum_cache.timeout())
        html = cached(lambda: listing)
    else:
        html = cached(compute)
    return fragments.with_csrf_token(request, html)


def topic_page(user: User, pk: int, *, extra_versions: tuple[str, ...] = (), prefetch=None) -> Topic:
    """A topic the user may open (404 otherwise), with what its page shows beside the posts: ``read_state`` (the
    user's, or None), ``subscribed_topic``, ``subscribed_forum`` and ``forum_read_at`` (when they marked the whole
    forum read, or None).

    Cached in two parts, so a repeat visit reads no table for them: the topic row with its forum and category under
    the forums' activity version (any topic, post or forum written bumps it), and the reader's part under theirs
    (read states and subscriptions bump it; ``forums.cache``). The access rule (``can_read_topic``) is checked on
    every request against the user's live roles; the project (shown with its live progress) is read when shown.

    ``topic.versions``: the activity version and the values of ``extra_versions``, read in the same round trip;
    ``topic.prefetched``: the entries of the keys ``prefetch(topic.versions)`` names, read with the topic's (a cached
    value or None for each)."""
    activity, reading, *extra = forum_cache.versions(user, *extra_versions)
    versions = {forum_cache.ACTIVITY_KEY: activity, **dict(zip(extra_versions, extra, strict=True))}
    topic_key = f"forums:topic:{pk}:a{activity}"
    reader_key = f"forums:topic-reader:{user.pk}:{pk}:a{activity}:r{reading}"
    more = prefetch(versions) if prefetch else []
    found = cache.get_many([topic_key, reader_key, *more])
    topic = found.get(topic_key)
    if topic is None:
        topic = Topic.objects.select_related("forum", "category").filter(pk=pk).first() or Topic(pk=0)
        cache.set(topic_key, topic, forum_cache.timeout())  # a missing topic is cached too (pk 0)
    if not topic.pk or not user.is_authenticated or not permissions.can_read_topic(user, topic):
        raise Http404  # missing and out of scope answer the same
    mine = found.get(reader_key)
    if mine is None:
        state = TopicReadState.objects.filter(user=user.pk, topic=pk).values_list("pk", "last_read_at").first()
        subscriptions = list(Subscription.objects.filter(user=user.pk).filter(
            Q(topic=pk) | Q(forum=topic.forum_id)).values_list("topic_id", "forum_id"))
        forum_read_at = (ForumReadMark.objects.filter(user=user.pk, forum=topic.forum_id)
                         .values_list("marked_at", flat=True).first())
        mine = {"state": state, "topic": any(t == topic.pk for t, _ in subscriptions),
                "forum": any(f == topic.forum_id for _, f in subscriptions), "forum_read_at": forum_read_at}
        cache.set(reader_key, mine, forum_cache.timeout())
    state = mine["state"]
    topic.read_state = TopicReadState(pk=state[0], user=user, topic=topic, last_read_at=state[1]) if state else None
    topic.subscribed_topic, topic.subscribed_forum = mine["topic"], mine["forum"]
    topic.forum_read_at = mine["forum_read_at"]
    topic.versions = versions
    topic.prefetched = {key: found.get(key) for key in more}
    return topic


def topic_posts(user: User, topic: Topic) -> QuerySet[Post]:
    """The posts of ``topic`` (one the user may open) that the user reads, oldest first, with ``attachment_list``
    and the author's agency (``agency_abbreviation``, ``agency_name``); ``post.topic`` is ``topic`` itself.

    Only the posts' own columns are filtered, so PostgreSQL reads a page from the (topic, created_at) index instead
    of joining and sorting every post of the topic."""
    qs = topic.posts.all()
    if not permissions.can_read_topic(user, topic):
        qs = qs.none()
    elif not permissions.can_moderate(user, topic.forum):
        qs = qs.filter(is_hidden=False, is_deleted=False)
    # The author's agency as two columns rather than two more model instances per post; the attachments into a
    # plain list per post (a prefetch into the related manager builds a queryset for every post).
    return (
        qs.select_related("author")
        .annotate(agency_abbreviation=F("author__employee__agency__abbreviation"),
                  agency_name=F("author__employee__agency__name"))
        .prefetch_related(Prefetch("attachments", to_attr="attachment_list")).order_by("created_at", "pk")
    )


def topic_posts_count(user: User, topic: Topic) -> int | None:
    """How many posts of ``topic`` the user reads, when the topic's counter says it (it counts the visible posts,
    which is all a non-moderator reads); None when they must be counted (moderators also read hidden ones)."""
    if permissions.can_moderate(user, topic.forum):
        return None
    return topic.posts_count


def reaction_summary(post_ids: list[int], user: User) -> dict[int, list[dict]]:
    """Reaction counts per post, and whether ``user`` gave each (one grouped query)."""
    rows = (
        Reaction.objects.filter(post_id__in=post_ids).values("post_id", "kind")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk))).order_by()
    )
    found: dict[tuple, dict] = {(r["post_id"], r["kind"]): r for r in rows}
    kinds = [(kind, str(label)) for kind, label in Reaction.Kind.choices]  # translated once, not on every button
    empty = {"n": 0, "mine": 0}
    summary = {}
    for pid in post_ids:
        summary[pid] = []
        for kind, label in kinds:
            row = found.get((pid, kind), empty)
            summary[pid].append({"kind": kind, "label": label, "emoji": Reaction.EMOJI[kind],
                                 "icon": Reaction.ICONS[kind], "count": row["n"], "mine": bool(row["mine"])})
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
    qs = (
        permissions.visible_topics(user).select_related(None)
        .select_related("forum", "category", "author", "last_post_author")
        .filter(Q(author=user) | Q(pk__in=mine)).filter(is_deleted=False)
    )
    return with_unread(qs, user).order_by(F("last_post_at").desc(nulls_last=True), "-pk")


def my_mentions(user: User) -> QuerySet[Mention]:
    visible = permissions.visible_posts(user).filter(is_hidden=False, is_deleted=False).values("pk")
    return (
        Mention.objects.filter(user=user, post__in=visible)
        .select_related("post", "post__author", "post__topic", "post__topic__forum")
        .order_by("-created_at", "-pk")
    )


SEARCH_PER_PAGE = 20
SEARCH_MAX_CHARS = 200
SEARCH_TEMPLATES = ("forums/_search_results.html", "includes/pagination.html", "includes/empty.html")


def search_terms(q: str | None) -> str:
    """The query as it is searched, shown and cached: whitespace collapsed, at most SEARCH_MAX_CHARS characters
    (``"  loket   online "`` and ``"loket online"`` are one search, one cache entry)."""
    return " ".join((q or "").split())[:SEARCH_MAX_CHARS].strip()


def _search_query(q: str):
    """PostgreSQL: the query and the configuration the vectors were built with (named by the database,
    ``forums_search_config()``), as ``headline_annotations`` and the ``search_vector`` lookup take them."""
    from django.contrib.postgres.search import SearchQuery

    config = Func(function="forums_search_config", output_field=CharField())
    return SearchQuery(q, search_type="websearch", config=config), config


def search_posts(user: User, q: str) -> QuerySet[Post]:
    """Newest matches first. PostgreSQL: full-text search over the stored ``Post.search_vector`` (the server's
    ``indonesian`` configuration, see migration 0005). The planner picks the GIN index for a rare word and walks the
    posts newest first for a common one, stopping after a page: both stay fast at 200,000 posts, which ranking every
    match (ts_rank over 40,000 rows for "perubahan") does not. Elsewhere: a plain substring match."""
    q = (q or "").strip()
    if not q:
        return Post.objects.none()
    qs = permissions.searchable_posts(user)
    if connection.vendor == "postgresql":
        query, _config = _search_query(q)
        return qs.filter(search_vector=query).order_by("-created_at", "-pk")
    words = q.split()[:8]
    cond = Q()
    for word in words:
        cond &= Q(body__icontains=word) | Q(topic__title__icontains=word)
    return qs.filter(cond).order_by("-created_at", "-pk")


def _page_asked(number) -> int:
    """The page number ``Paginator.get_page`` resolves ``number`` to, as far as it can be told without counting:
    not a number → 1; below 1 → the last page (0); else the number (past the last page → the last page, resolved
    when rendered: such a key holds the last page's HTML)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return 1
    return max(number, 0)


def _hit_rows(q: str, ids: list[int]):
    """What the hits of these posts show, one dict per post, in no order: the post's id and time, its forum's name,
    the author's names, and the title and an excerpt with the matches marked (PostgreSQL: ``ts_headline``, computed
    for these rows alone; elsewhere the title and the HTML, marked in Python). ``ids`` come from ``search_posts``:
    the reader's scope and the visibility rules were applied there."""
    rows = Post.objects.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        rows, shown = rows.annotate(**headline_annotations(*_search_query(q))), ("headline_title", "headline_body")
    else:
        shown = ("topic__title", "body_html")
    return rows.values("pk", "created_at", "topic__forum__name", "author__username", "author__first_name",
                       "author__last_name", *shown)


def search_page(user: User, q: str, number) -> Page:
    """A page of ``search_posts`` (``paging.CappedPaginator``: at most 200 matches counted, "more than 200" past
    them), its rows as dicts with what a hit shows: ``url``, ``title`` and ``excerpt`` (escaped, the words found in
    ``<mark>``, ``forums.search``), ``forum``, ``author``, ``created_at``. Three queries: the readable forums, the
    capped ids (the search itself), the page's rows by id (``_hit_rows``)."""
    paginator = CappedPaginator(search_posts(user, q), SEARCH_PER_PAGE, rows=lambda ids: _hit_rows(q, ids))
    page = paginator.get_page(number)
    words = query_words(q)
    hits = []
    for row in page.object_list:
        hit = highlight_row(row, words)
        name = f"{row['author__first_name']} {row['author__last_name']}".strip()  # User.__str__
        hit.update(url=url_for("forums:post", row["pk"]), forum=row["topic__forum__name"],
                   author=name or row["author__username"], created_at=row["created_at"])
        hits.append(hit)
    page.object_list = hits
    return page


def search_results(user: User, q: str, number) -> SafeString:
    """The results of searching ``q`` (``search_terms``) as HTML: the count, the page's hits and the page links, or
    "nothing found". Cached (``agenperubahan.fragments``) per

    - the forums the reader reads (``permissions.forum_scope_key``: search shows no hidden or deleted post to anyone,
      moderators included, so the readable forums are all that sets two readers' results apart),
    - the query and the page asked for (``_page_asked``),
    - the forums' activity version, which every write to a forum, category, topic or post bumps (the services and
      signals, and ``data_versions.track_tables`` for every statement, bulk updates included): a new, edited, hidden,
      deleted or moved post, a renamed topic or forum is in the next search's results,
    - the language, the time zone and the templates.

    A hit costs one cache round trip for the version and one for the HTML, and no query. A miss costs
    ``search_page`` (three queries) and the rendering."""
    number = _page_asked(number)

    def build() -> str:
        page = search_page(user, q, number)
        return render_to_string("forums/_search_results.html", {
            "page": page, "q": q, "request": _SearchLinks(q)})

    # The version with the reader's own and their roles (the scope below reads them) in one round trip.
    values = fragments.version_values((forum_cache.ACTIVITY_KEY,), user=user)
    return fragments.cached_html("forums:search", versions=(forum_cache.ACTIVITY_KEY,), templates=SEARCH_TEMPLATES,
                                 vary=(permissions.forum_scope_key(user), q, number), build=build, values=values)


class _SearchLinks:
    """What the page links (``includes/pagination.html``) read of the request: the query string, the query alone
    (the cached HTML is shared by every request for this query and page)."""

    def __init__(self, q: str):
        self.GET = {"q": q}


# --- mentions -------------------------------------------------------------------------------------------------

MENTION_MIN_CHARS = 2
MENTION_MAX_RESULTS = 10


def mention_candidates(user: User, forum: Forum, q: str) -> list[dict]:
    """People ``user`` may mention in ``forum`` whose name contains ``q``: at most MENTION_MAX_RESULTS, those with a
    word of the name starting with it first ("santo" finds Budi Santoso before Susanto), then by name. One query.

    The same people a mention reaches (``services.posting._record_mentions`` keeps only ``readers_of`` the forum):
    active accounts of active employees, the writer left out. Only what the list shows: the username (what a
    mention is written with), the name and the agency's short name, never the NIP.

    On PostgreSQL the name is matched through a trigram index on ``upper(name)`` (migration forums 0006), the
    expression Django's ``icontains`` compares."""
    q = " ".join((q or "").split())[:60]
    if len(q) < MENTION_MIN_CHARS:
        return []
    people = User.objects.filter(employee__is_active=True, employee__name__icontains=q).exclude(pk=user.pk)
    rows = (
        permissions.readers_of(forum, people)
        .annotate(starts=Case(When(Q(employee__name__istartswith=q) | Q(employee__name__icontains=f" {q}"),
                                   then=Value(0)), default=Value(1)))
        .order_by("starts", "employee__name", "pk")
        .values("username", "first_name", "last_name", "employee__name", "employee__agency__abbreviation",
                "employee__agency__name")[:MENTION_MAX_RESULTS]
    )
    return [{
        "username": r["username"],
        "name": f"{r['first_name']} {r['last_name']}".strip() or r["employee__name"],
        "agency": r["employee__agency__abbreviation"] or r["employee__agency__name"] or "",
    } for r in rows]


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
    """Latest topics in the user's own forum (their agency's, else the city forum), the number of unread topics in
    that forum (``unread_count``) and in the other forums they read (``unread_elsewhere``).

    Plain values, cached per user (``forums.cache``) together with the user's unread counts (the same versions
    decide both): no query and two cache round trips on a home visit when nothing changed."""
    if not user.is_authenticated:
        return {"forum": None, "latest": [], "unread_count": 0, "unread_elsewhere": 0}
    panel = forum_cache.cached(user, "home-panel", lambda: _scope(user),
                               lambda: {**_home_panel(user), "unread": _count_unread(user)})
    unread = panel.pop("unread")
    if panel["forum"]:
        panel["forum"]["url"] = url_for("forums:forum", panel["forum"]["pk"])
    for topic in panel["latest"]:
        topic["url"] = url_for("forums:topic_unread" if topic["is_unread"] else "forums:topic", topic["pk"])
    # The card names one forum: its badge counts that forum's unread topics; the others are counted apart.
    mine = unread.get(panel["forum"]["pk"], 0) if panel["forum"] else 0
    return {**panel, "unread_count": mine, "unread_elsewhere": sum(unread.values()) - mine}


def _home_panel(user: User) -> dict:
    members = permissions.member_agency_ids(user)
    forum = None
    if members:
        forum = Forum.objects.filter(agency_id__in=members).order_by("name").first()
    if forum is None:
        forum = Forum.objects.filter(kind=Forum.Kind.CITY).first()
    if forum is None:
        return {"forum": None, "latest": []}
    qs = _topics_in(user, forum).filter(is_hidden=False, is_deleted=False).select_related("author", "last_post_author")
    latest = with_unread(qs, user).order_by(F("last_post_at").desc(nulls_last=True), "-pk")[:5]
    return {
        "forum": {"pk": forum.pk, "name": forum.name},
        "latest": [{
            "pk": t.pk, "title": t.title, "is_unread": t.is_unread, "who": str(t.last_post_author or t.author),
            "last_post_at": t.last_post_at, "replies": t.replies_count,
        } for t in latest],
    }


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
