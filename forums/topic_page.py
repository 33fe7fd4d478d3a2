"""The posts of a topic page (the page links, each post's head and footer), kept in the cache as HTML.

What a reader sees of a page of posts depends on three things, each cached apart and keyed by what it depends on:

- **the page** (which posts, in order, with their author, time and visibility; the page number the request resolves
  to and how many posts the reader's view of the topic has): the same for every reader who moderates the forum, and
  for every reader who does not (moderators also see hidden and deleted posts). Key: topic × page asked × moderator
  or not × the forums' activity version (any post, topic, forum, category or attachment written, bulk writes
  included: ``forums.cache.WATCHED_TABLES``).
- **the reader's reactions** on those posts: the reader × topic × page asked × moderator or not × the activity and
  reactions versions (any reaction given or taken back bumps the reactions version).
- **the HTML** of the block, shared by every reader who would see the same markup: topic × page × the page's query
  string (the page links repeat it) × the activity, reactions and organization versions (the posts, their
  reactions, the authors' agencies) × the name badges' versions and the day (``organization.badges.version_keys``;
  the badges themselves where a provider keeps none) × can the reader reply, moderate × one entry per post of
  what differs between readers: is it new to them, which of react / edit / delete / report they may do
  (``permissions.post_actions``, the one rule, run on the cached page's rows) and which reactions they gave.

So two readers share a block only when every bit of it reads the same for both; a moderator's block (hidden posts,
"Sembunyikan" buttons) is never shown to a member, and a reader's own reactions never to another. The block holds a
placeholder where the CSRF token goes (``agenperubahan.fragments.CSRF_PLACEHOLDER``); the request's own token is put
in on the way out, and HTML holding a real token is never stored.

Warm, a visit reads no table for the posts: the page's and the reader's entries come in the topic's cache round trip
(``prefetch``), the HTML in one more. Cold it reads the page of posts, their attachments and the reactions, as
before; a reader new to a cached page reads only their own reactions on it (one small query).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from agenperubahan import data_versions, fragments
from organization import badges as name_badges

from . import cache as forum_cache
from . import permissions, selectors
from .models import Reaction
from .paging import TailPaginator

TEMPLATE = "forums/_topic_posts.html"
TEMPLATES = (TEMPLATE, "forums/_posts.html", "forums/_post_head.html", "includes/pagination.html",
             "organization/_badges.html")
_KINDS = tuple(Reaction.Kind.values)


class _Row:
    """A post of the cached page, as ``permissions.post_actions`` reads it (no model instance per post)."""

    __slots__ = ("pk", "author_id", "created_at", "is_hidden", "is_deleted", "topic")

    def __init__(self, row: tuple, topic):
        self.pk, self.author_id, self.created_at, self.is_hidden, self.is_deleted = row
        self.topic = topic

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_deleted)


@dataclass
class PostsBlock:
    html: SafeString
    page: Any  # the page of posts (lazy: built only if something reads it, e.g. a test)
    number: int
    shown_until: Any  # the newest post shown, or None when the page is empty
    authors: list[int]


def versions() -> tuple[str, ...]:
    """The version keys a posts block shows besides the activity version, read with the topic
    (``selectors.topic_page(..., extra_versions=versions())``): the reactions, the organization (the authors'
    agencies) and the name badges' (``organization.badges``) when their providers keep them under versions."""
    return (forum_cache.REACTIONS_KEY, data_versions.ORGANIZATION, *(name_badges.version_keys() or ()))


def _moderator_flags(user) -> tuple[int, ...]:
    """Whether the reader moderates the topic's forum, as far as it is known before the forum is: a reader who
    moderates no forum (most) or every forum needs one page entry, a kepala (their agency's forum) both."""
    ids = permissions.moderated_agency_ids(user)
    return (1,) if ids is None else (0, 1) if ids else (0,)


def _keys(topic_pk: int, user_pk: int, asked: str, moderator: int, activity, reactions) -> tuple[str, str]:
    return (f"forums:topic-posts:{topic_pk}:{asked}:{moderator}:a{activity}",
            f"forums:topic-mine:{user_pk}:{topic_pk}:{asked}:{moderator}:a{activity}:x{reactions}")


def prefetch(request, user, topic_pk: int):
    """For ``selectors.topic_page(..., prefetch=...)``: the page's and the reader's entries, read in the same cache
    round trip as the topic."""
    asked = _asked(request)

    def keys(versions: dict) -> list[str]:
        activity, reactions = versions[forum_cache.ACTIVITY_KEY], versions[forum_cache.REACTIONS_KEY]
        return [key for flag in _moderator_flags(user)
                for key in _keys(topic_pk, user.pk, asked, flag, activity, reactions)]
    return keys


def _asked(request) -> str:
    raw = request.GET.get("page", "")
    return raw if raw == "last" or (raw.isdigit() and len(raw) <= 9) else ""


def _read_page(user, topic, asked: str, can_moderate: bool):
    count = selectors.topic_posts_count(user, topic)  # None for a moderator: counted
    paginator = TailPaginator(selectors.topic_posts(user, topic), selectors.POSTS_PER_PAGE, count=count)
    page = paginator.get_page(paginator.num_pages if asked == "last" else asked or None)
    rows = list(page.object_list)
    meta = {"number": page.number, "count": paginator.count,
            "posts": [(p.pk, p.author_id, p.created_at, p.is_hidden, p.is_deleted) for p in rows]}
    return meta, rows


def _page(user, topic, meta: dict, rows=None) -> Page:
    """The page of posts as a ``Page`` (its rows read now only when not given)."""
    paginator = TailPaginator(selectors.topic_posts(user, topic), selectors.POSTS_PER_PAGE, count=meta["count"])
    if rows is None:
        ids = [row[0] for row in meta["posts"]]
        rows = list(selectors.topic_posts(user, topic).filter(pk__in=ids)) if ids else []
    return Page(rows, meta["number"], paginator)


def posts_block(request, user, topic, *, can_moderate: bool, can_reply: bool, read_until) -> PostsBlock:
    """The posts block of the page the request asks for (``?page=``, ``last`` included), for ``user`` (who may read
    ``topic``: checked by the caller), as HTML with this request's CSRF token. ``topic`` comes from
    ``selectors.topic_page(..., extra_versions=versions(), prefetch=prefetch(request, user, pk))``."""
    values = topic.versions
    activity, reactions = values[forum_cache.ACTIVITY_KEY], values[forum_cache.REACTIONS_KEY]
    asked, moderator = _asked(request), int(can_moderate)
    meta_key, mine_key = _keys(topic.pk, user.pk, asked, moderator, activity, reactions)
    prefetched = getattr(topic, "prefetched", {})
    found = prefetched if meta_key in prefetched and mine_key in prefetched else cache.get_many([meta_key, mine_key])
    meta, mine, rows, summary = found.get(meta_key), found.get(mine_key), None, None
    fresh = {}
    if meta is None:
        meta, rows = _read_page(user, topic, asked, can_moderate)
        fresh[meta_key] = meta
    ids = [row[0] for row in meta["posts"]]
    if mine is None:
        if rows is not None and ids:  # cold: the block's reactions are read now anyway (counts and the reader's)
            summary = selectors.reaction_summary(ids, user)
            mine = frozenset((pk, r["kind"]) for pk, kinds in summary.items() for r in kinds if r["mine"])
        elif ids:
            mine = frozenset(Reaction.objects.filter(user=user.pk, post_id__in=ids).values_list("post_id", "kind"))
        else:
            mine = frozenset()
        fresh[mine_key] = mine
    if fresh:
        cache.set_many(fresh, forum_cache.timeout())

    # What differs between readers, post by post: new to them?, what they may do, the reactions they gave.
    posts = [_Row(row, topic) for row in meta["posts"]]
    me = user.pk
    actions = permissions.post_actions_each(user, topic, posts)
    marks = []
    for post, allowed in zip(posts, actions, strict=True):
        new = post.created_at > read_until and post.author_id != me
        given = "".join("1" if (post.pk, kind) in mine else "0" for kind in _KINDS)
        marks.append(f"{int(new)}{int(allowed['react'])}{int(allowed['edit'])}{int(allowed['delete'])}"
                     f"{int(allowed['report'])}{given}")
    authors = sorted({post.author_id for post in posts})
    keys = versions()
    if name_badges.version_keys() is not None and all(key in values for key in keys):
        badges = (timezone.localdate().isoformat(),)  # the badges by their versions and the day: not read on a hit
    else:
        badges = sorted(name_badges.for_users(authors).items())
    key = fragments.make_key(
        "forums:posts_block", [activity, *(values[key] for key in keys)],
        (topic.pk, meta["number"], meta["count"], moderator, int(can_reply), ".".join(marks), badges,
         fragments.query_vary(request)),
        TEMPLATES)
    html = cache.get(key)
    if html is None:
        page = _page(user, topic, meta, rows)
        shown = list(page.object_list)
        if summary is None and shown:
            summary = selectors.reaction_summary(ids, user)
        reader = {post.pk: (allowed, mark) for post, allowed, mark in zip(posts, actions, marks, strict=True)}
        shown = [post for post in shown if post.pk in reader]  # the rows the key describes, nothing else
        for post in shown:
            allowed, mark = reader[post.pk]
            post.reaction_list = summary[post.pk]
            post.is_new = mark[0] == "1"
            post.is_opening = post.pk == topic.first_post_id
            post.actions = allowed
        html = fragments.render_for_cache(request, TEMPLATE, {
            "page": page, "posts": shown, "can_moderate": can_moderate, "can_reply": can_reply,
        })
        fragments.store_many({key: html}, forum_cache.timeout())
    return PostsBlock(
        html=fragments.with_csrf_token(request, html),  # the response's one token
        page=SimpleLazyObject(lambda: _page(user, topic, meta, rows)),
        number=meta["number"],
        shown_until=max((post.created_at for post in posts), default=None),
        authors=authors,
    )
