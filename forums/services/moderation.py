"""Moderation: reports, hide/restore, lock, pin, move. Every action is written to the ModerationLog."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from organization.models import Role, User

from .. import permissions
from ..models import Category, Forum, ModerationLog, Post, Report, Topic
from . import counters


def _not_moderator():
    return PermissionDenied(_("Hanya moderator forum ini yang dapat melakukan tindakan ini."))


def log_action(*, actor: User, action: str, forum: Forum, topic: Topic | None = None, post: Post | None = None,
               detail: str = "") -> ModerationLog:
    # The note comes straight from the request: PostgreSQL refuses NUL characters in text, so drop them.
    detail = (detail or "").replace("\x00", "").strip()[:500]
    return ModerationLog.objects.create(actor=actor, action=action, forum=forum, topic=topic, post=post,
                                        detail=detail)


def _moderators_of(forum: Forum):
    users = User.objects.filter(is_active=True, roles__is_active=True, roles__role=Role.TIM_RB)
    if not forum.is_city:
        users = users | User.objects.filter(is_active=True, roles__is_active=True, roles__role=Role.KEPALA,
                                            roles__agency_id=forum.agency_id)
    return users.distinct()


@transaction.atomic
def report_create(*, post: Post, reporter: User, reason: str, note: str = "") -> Report:
    if not permissions.can_report(reporter, post):
        raise PermissionDenied(_("Anda tidak dapat melaporkan pesan ini."))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Pilih alasan laporan.")})
    note = (note or "").strip()
    if reason == Report.Reason.OTHER and not note:
        raise ValidationError({"note": _("Jelaskan alasannya bila memilih \"Lainnya\".")})
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, reporter=reporter, reason=reason, note=note[:1000])
    except IntegrityError:
        raise ValidationError({"reason": _("Anda sudah melaporkan pesan ini; moderator sedang meninjaunya.")}) from None
    forum = post.topic.forum
    notify(recipients=_moderators_of(forum), kind="forum_report", email=False,
           title=_("Laporan baru di %(forum)s: %(topic)s") % {"forum": forum, "topic": post.topic.title},
           body=report.get_reason_display(), url=reverse("forums:moderation"))
    return report


@transaction.atomic
def report_handle(*, report: Report, by: User, accept: bool) -> Report:
    """Accept (the post is hidden) or dismiss a report; every open report on the post is closed with it."""
    post = report.post
    if not permissions.can_moderate(by, post.topic.forum):
        raise _not_moderator()
    if report.status != Report.Status.OPEN:
        raise ValidationError({"status": _("Laporan ini sudah ditangani.")})
    status = Report.Status.RESOLVED if accept else Report.Status.DISMISSED
    Report.objects.filter(post=post, status=Report.Status.OPEN).update(status=status, handled_by=by,
                                                                       handled_at=timezone.now())
    if accept and not post.is_hidden:
        post_set_hidden(post=post, by=by, hidden=True, detail=_("Laporan: %(r)s") % {"r": report.get_reason_display()})
    action = ModerationLog.Action.RESOLVE_REPORT if accept else ModerationLog.Action.DISMISS_REPORT
    log_action(actor=by, action=action, forum=post.topic.forum, topic=post.topic, post=post,
               detail=report.get_reason_display())
    report.refresh_from_db()
    return report


@transaction.atomic
def post_set_hidden(*, post: Post, by: User, hidden: bool, detail: str = "") -> None:
    """Hide or restore a post. Hiding the opening post hides the whole topic."""
    topic = post.topic
    if not permissions.can_moderate(by, topic.forum):
        raise _not_moderator()
    if topic.first_post_id == post.pk:
        topic_set_hidden(topic=topic, by=by, hidden=hidden, detail=detail)
        return
    if post.is_hidden == hidden:
        return
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    counters.recount(topic_id=topic.pk, forum_ids=[topic.forum_id])
    action = ModerationLog.Action.HIDE_POST if hidden else ModerationLog.Action.RESTORE_POST
    log_action(actor=by, action=action, forum=topic.forum, topic=topic, post=post, detail=detail)


@transaction.atomic
def topic_set_hidden(*, topic: Topic, by: User, hidden: bool, detail: str = "") -> None:
    if not permissions.can_moderate(by, topic.forum):
        raise _not_moderator()
    if topic.is_hidden == hidden:
        return
    topic.is_hidden = hidden
    topic.save(update_fields=["is_hidden"])
    counters.recount(forum_ids=[topic.forum_id])
    action = ModerationLog.Action.HIDE_TOPIC if hidden else ModerationLog.Action.RESTORE_TOPIC
    log_action(actor=by, action=action, forum=topic.forum, topic=topic, detail=detail or topic.title)


@transaction.atomic
def topic_set_locked(*, topic: Topic, by: User, locked: bool) -> None:
    if not permissions.can_moderate(by, topic.forum):
        raise _not_moderator()
    if topic.is_locked == locked:
        return
    topic.is_locked = locked
    topic.save(update_fields=["is_locked"])
    log_action(actor=by, action=ModerationLog.Action.LOCK if locked else ModerationLog.Action.UNLOCK,
               forum=topic.forum, topic=topic, detail=topic.title)


@transaction.atomic
def topic_set_pinned(*, topic: Topic, by: User, pinned: bool) -> None:
    if not permissions.can_moderate(by, topic.forum):
        raise _not_moderator()
    if topic.is_pinned == pinned:
        return
    topic.is_pinned = pinned
    topic.save(update_fields=["is_pinned"])
    log_action(actor=by, action=ModerationLog.Action.PIN if pinned else ModerationLog.Action.UNPIN,
               forum=topic.forum, topic=topic, detail=topic.title)


@transaction.atomic
def topic_move(*, topic: Topic, by: User, forum: Forum, category: Category | None = None) -> Topic:
    """Move a topic to another forum and/or category; both forums' counters are recomputed."""
    if not permissions.can_move_topic(by, topic, forum):
        raise _not_moderator()
    if category is not None and category.forum_id != forum.pk:
        raise ValidationError({"category": _("Kategori harus berada di forum tujuan.")})
    if forum.pk == topic.forum_id and category == topic.category:
        raise ValidationError({"forum": _("Topik sudah berada di forum dan kategori ini.")})
    source = topic.forum
    topic.forum, topic.category = forum, category
    topic.save(update_fields=["forum", "category"])
    counters.recount(forum_ids=[source.pk, forum.pk])
    detail = _("Dari %(src)s ke %(dst)s%(cat)s") % {
        "src": source, "dst": forum, "cat": f" / {category}" if category else ""}
    log_action(actor=by, action=ModerationLog.Action.MOVE, forum=source, topic=topic, detail=detail)
    if source.pk != forum.pk:
        log_action(actor=by, action=ModerationLog.Action.MOVE, forum=forum, topic=topic, detail=detail)
    return topic
