"""Who may read, write and moderate which forum. The only home of these rules (views, API, templates use them).

- An agency forum is read and written by that agency's agents (agen, role model), kepala and operator.
- The city forum is read by every signed-in user and written by all agents, role models and Tim RB.
- Leaders (pimpinan), Tim RB and administrators read every forum.
- Tim RB (and administrators) moderate every forum; a kepala moderates their own agency's forum.
- An inactive forum (its agency is no longer active) is read-only; moderators may still moderate it.
- Out of scope answers 404 (the object is not in ``visible_*``); in scope but not allowed answers 403.

An agent is a user with an active ``RoleAssignment`` (agen or role_model) for an agency: the agents app keeps those
in step with its records, and this module never imports from it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organization.models import CITY_ROLES, Role, User
from organization.permissions import is_admin, is_city_reader, is_tim_rb

from .models import Category, Forum, Post, Topic

AGENT_ROLES = (Role.AGEN, Role.ROLE_MODEL)
AGENCY_MEMBER_ROLES = (Role.AGEN, Role.ROLE_MODEL, Role.KEPALA, Role.OPERATOR)


# --- who the user is ------------------------------------------------------------------------------------------

def member_agency_ids(user: User) -> set[int]:
    """Agencies whose forum the user reads and writes as a member (agent, role model, kepala, operator)."""
    if not user.is_authenticated:
        return set()
    return user.agency_ids_for(*AGENCY_MEMBER_ROLES)


def is_agent(user: User) -> bool:
    return bool(user.is_authenticated and user.agency_ids_for(*AGENT_ROLES))


def reads_every_forum(user: User) -> bool:
    return is_city_reader(user)


def moderated_agency_ids(user: User) -> set[int] | None:
    """Agencies whose forum the user moderates; ``None`` means every forum (the city forum included)."""
    if not user.is_authenticated:
        return set()
    if is_tim_rb(user):
        return None
    return user.agency_ids_for(Role.KEPALA)


def is_moderator(user: User) -> bool:
    ids = moderated_agency_ids(user)
    return ids is None or bool(ids)


# --- rules on one object --------------------------------------------------------------------------------------

def can_read_forum(user: User, forum: Forum) -> bool:
    if not user.is_authenticated:
        return False
    return forum.is_city or reads_every_forum(user) or forum.agency_id in member_agency_ids(user)


def can_post(user: User, forum: Forum) -> bool:
    """Start topics and reply in ``forum`` (locks and categories are checked by the rules below)."""
    if not user.is_authenticated or not forum.is_active:
        return False
    if forum.is_city:
        return is_tim_rb(user) or is_agent(user)
    return is_admin(user) or forum.agency_id in member_agency_ids(user)


def can_post_anywhere(user: User) -> bool:
    """May write in at least one forum: the Markdown preview is for them only (it renders input on demand)."""
    if not user.is_authenticated:
        return False
    return is_admin(user) or is_tim_rb(user) or bool(member_agency_ids(user))


def can_moderate(user: User, forum: Forum) -> bool:
    ids = moderated_agency_ids(user)
    if ids is None:
        return True
    return not forum.is_city and forum.agency_id in ids


def can_start_topic(user: User, forum: Forum, category: Category | None = None) -> bool:
    if not can_post(user, forum):
        return False
    return category is None or not category.moderators_only or can_moderate(user, forum)


def can_read_topic(user: User, topic: Topic) -> bool:
    if not can_read_forum(user, topic.forum):
        return False
    return topic.is_visible or can_moderate(user, topic.forum)


def can_reply(user: User, topic: Topic) -> bool:
    if not topic.is_visible or not can_post(user, topic.forum):
        return False
    return not topic.is_locked or can_moderate(user, topic.forum)


def can_edit_post(user: User, post: Post) -> bool:
    """Authors edit their own visible posts while they may still write in the topic."""
    return post.author_id == user.pk and post.is_visible and can_reply(user, post.topic)


def can_delete_post(user: User, post: Post) -> bool:
    if post.is_deleted:
        return False
    if can_moderate(user, post.topic.forum):
        return True
    return post.author_id == user.pk and can_post(user, post.topic.forum)


def can_delete_topic(user: User, topic: Topic) -> bool:
    """Moderators delete any topic; an author only their own topic before anyone replied."""
    if topic.is_deleted:
        return False
    if can_moderate(user, topic.forum):
        return True
    return topic.author_id == user.pk and topic.posts_count <= 1 and can_post(user, topic.forum)


def can_react(user: User, post: Post) -> bool:
    return post.author_id != user.pk and post.is_visible and post.topic.is_visible and can_post(user, post.topic.forum)


def post_actions(user: User, post: Post) -> dict[str, bool]:
    """What ``user`` may do with ``post`` on the topic page (no queries: the post's topic and forum are loaded).
    Deleting the opening post deletes the topic, so it also needs the right to delete the topic.

    Of the post itself, the rules read only whether the user wrote it, whether it is hidden or deleted and whether
    it opens its topic (``post_actions_each`` relies on it: a rule reading more must be added to its ``kind``)."""
    return {
        "react": can_react(user, post),
        "edit": can_edit_post(user, post),
        "delete": can_delete_post(user, post) and (
            post.pk != post.topic.first_post_id or can_delete_topic(user, post.topic)),
        "report": can_report(user, post),
    }


def post_actions_each(user: User, topic: Topic, posts) -> list[dict[str, bool]]:
    """``post_actions`` for each of ``posts`` (a page of ``topic``), computed once per kind of post: a topic page
    asks for twenty posts that are nearly all of one kind."""
    done: dict[tuple, dict[str, bool]] = {}
    out = []
    for post in posts:
        kind = (post.author_id == user.pk, post.is_hidden, post.is_deleted, post.pk == topic.first_post_id)
        if kind not in done:
            done[kind] = post_actions(user, post)
        out.append(done[kind])
    return out


def can_report(user: User, post: Post) -> bool:
    return user.is_authenticated and post.author_id != user.pk and post.is_visible and can_read_forum(user, post.topic.forum)


def can_see_history(user: User, post: Post) -> bool:
    return can_moderate(user, post.topic.forum)


def can_move_topic(user: User, topic: Topic, target: Forum | None = None) -> bool:
    if not can_moderate(user, topic.forum):
        return False
    return target is None or can_moderate(user, target)


def can_view_moderation(user: User) -> bool:
    return is_moderator(user)


# --- what the user sees ---------------------------------------------------------------------------------------

def _forum_scope(user: User, prefix: str = "") -> Q | None:
    """Q limiting rows to forums the user reads; ``None`` means no limit."""
    if reads_every_forum(user):
        return None
    return Q(**{f"{prefix}kind": Forum.Kind.CITY}) | Q(**{f"{prefix}agency_id__in": member_agency_ids(user)})


def forum_scope_key(user: User) -> str:
    """The forums the user reads (``_forum_scope``), as a short string for cache keys: ``all``, or ``city`` and the
    agencies whose forum they read as a member (``city:4,12``); ``none`` when signed out. Two users with the same
    key read the same forums, whatever else their roles are."""
    if not user.is_authenticated:
        return "none"
    if reads_every_forum(user):
        return "all"
    return "city:" + ",".join(str(pk) for pk in sorted(member_agency_ids(user)))


def visible_forums(user: User) -> QuerySet[Forum]:
    qs = Forum.objects.select_related("agency", "last_post_author", "last_topic")
    if not user.is_authenticated:
        return qs.none()
    scope = _forum_scope(user)
    return qs if scope is None else qs.filter(scope)


def visible_topics(user: User) -> QuerySet[Topic]:
    """Topics the user may open: in a forum they read, and hidden/deleted ones only for its moderators."""
    qs = Topic.objects.select_related("forum", "forum__agency", "category", "author", "last_post_author", "project")
    if not user.is_authenticated:
        return qs.none()
    scope = _forum_scope(user, "forum__")
    if scope is not None:
        qs = qs.filter(scope)
    moderated = moderated_agency_ids(user)
    if moderated is None:
        return qs
    if not moderated:  # most readers moderate nothing: no OR with a condition that matches nothing
        return qs.filter(is_hidden=False, is_deleted=False)
    return qs.filter(Q(is_hidden=False, is_deleted=False) | Q(forum__agency_id__in=moderated))


def searchable_posts(user: User) -> QuerySet[Post]:
    """Posts search may show: neither hidden nor deleted, in a topic that is neither, in a forum the user reads (the
    same posts ``visible_posts`` gives once hidden and deleted ones are left out).

    The forums come as a list of ids (one small query; a few for most people): PostgreSQL estimates
    ``forum_id IN (…)`` from its statistics and picks the GIN index for a rare word and the newest-first walk for a
    common one, where the topic subquery of ``visible_posts`` made it read every visible topic's posts."""
    qs = Post.objects.select_related("topic", "topic__forum", "author")
    if not user.is_authenticated:
        return qs.none()
    forum_ids = list(visible_forums(user).order_by().values_list("pk", flat=True))
    return qs.filter(topic__forum_id__in=forum_ids, topic__is_hidden=False, topic__is_deleted=False,
                     is_hidden=False, is_deleted=False)


def visible_posts(user: User) -> QuerySet[Post]:
    """Posts the user may read: in a topic they may open; hidden/deleted posts only for the forum's moderators.

    The topics come in as a subquery, not a join: filtered on their own columns, a topic's posts are read in order
    from the (topic, created_at) index, where a join made PostgreSQL sort every post of the topic for each page."""
    qs = Post.objects.select_related("topic", "topic__forum", "author")
    if not user.is_authenticated:
        return qs.none()
    qs = qs.filter(topic__in=visible_topics(user).values("pk"))
    moderated = moderated_agency_ids(user)
    if moderated is None:
        return qs
    visible = Q(is_hidden=False, is_deleted=False)
    if moderated:
        visible |= Q(topic__in=Topic.objects.filter(forum__agency_id__in=moderated).values("pk"))
    return qs.filter(visible)


def moderated_forums(user: User) -> QuerySet[Forum]:
    qs = Forum.objects.select_related("agency")
    ids = moderated_agency_ids(user)
    if ids is None:
        return qs
    return qs.filter(agency_id__in=ids)


def readers_of(forum: Forum, users: QuerySet[User]) -> QuerySet[User]:
    """Narrow ``users`` to those who may read ``forum`` now (roles end; notices must not leak)."""
    if forum.is_city:
        return users.filter(is_active=True)
    city_roles = Q(roles__is_active=True, roles__role__in=list(CITY_ROLES))
    members = Q(roles__is_active=True, roles__role__in=list(AGENCY_MEMBER_ROLES), roles__agency_id=forum.agency_id)
    return users.filter(is_active=True).filter(Q(is_superuser=True) | city_roles | members).distinct()
