"""Writing in the forums: topics, replies, edits, soft deletes, attachments, mentions, reactions."""

from __future__ import annotations

import os

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from notifications.services import notify
from organization.models import User

from .. import permissions
from ..models import Attachment, Category, Forum, Mention, ModerationLog, Post, PostRevision, Reaction, Topic
from ..rendering import MAX_BODY_LENGTH, mentioned_usernames, plain_text, render_markdown
from . import counters
from .moderation import log_action
from .reading import subscription_set, topic_mark_read

MAX_ATTACHMENTS = 5
TITLE_MIN = 5


def _not_allowed():
    return PermissionDenied(_("Anda tidak berwenang melakukan ini di forum ini."))


def _check_can_write(user: User, forum: Forum) -> None:
    if not forum.is_active:
        raise PermissionDenied(_("Forum ini hanya bisa dibaca karena perangkat daerahnya sudah tidak aktif."))
    if not permissions.can_post(user, forum):
        raise _not_allowed()


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise ValidationError({"title": _("Judul minimal %(n)d karakter: tulis pokok bahasan dengan jelas.") % {"n": TITLE_MIN}})
    if len(title) > 200:
        raise ValidationError({"title": _("Judul maksimal 200 karakter.")})
    return title


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Isi pesan tidak boleh kosong.")})
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError({"body": _("Isi pesan maksimal %(n)d karakter (sekarang %(len)d).")
                                       % {"n": MAX_BODY_LENGTH, "len": len(body)}})
    return body


# --- attachments ----------------------------------------------------------------------------------------------

def check_attachments(files) -> list[tuple]:
    """Check uploads by content (not by their name), size and count; returns (file, type, extension, safe name)."""
    files = [f for f in (files or []) if f]
    errors = []
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Maksimal %(n)d lampiran per pesan.") % {"n": MAX_ATTACHMENTS}})
    max_bytes = settings.MAX_UPLOAD_MB * 1024 * 1024
    checked = []
    for f in files:
        shown = os.path.basename(str(getattr(f, "name", "") or "lampiran"))[:100]
        if f.size > max_bytes:
            errors.append(_("%(name)s: ukuran %(size).1f MB melebihi batas %(max)d MB.")
                          % {"name": shown, "size": f.size / 1024 / 1024, "max": settings.MAX_UPLOAD_MB})
            continue
        f.seek(0)
        head = f.read(2048)
        f.seek(0)
        kind = filetype.guess(head)
        if f.size == 0 or kind is None or kind.mime not in Attachment.ALLOWED_TYPES:
            errors.append(_("%(name)s: jenis berkas tidak diizinkan. Unggah gambar (JPG, PNG, GIF, WebP) atau PDF.")
                          % {"name": shown})
            continue
        ext = Attachment.ALLOWED_TYPES[kind.mime]
        stem = os.path.splitext(shown)[0]
        safe = (get_valid_filename(stem) if stem.strip(" ._") else "lampiran")[:100] or "lampiran"
        checked.append((f, kind.mime, ext, f"{safe}.{ext}"))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def _save_attachments(post: Post, checked: list[tuple]) -> None:
    for f, mime, ext, name in checked:
        attachment = Attachment(post=post, original_name=name, content_type=mime, extension=ext, size=f.size)
        attachment.file.save(name, f, save=False)
        attachment.save()


# --- mentions -------------------------------------------------------------------------------------------------

def _record_mentions(post: Post, *, topic: Topic, author: User, skip_user_ids: set[int] = frozenset()) -> list[User]:
    names = mentioned_usernames(post.body_html)[:20]
    if not names:
        return []
    candidates = User.objects.filter(username__in=names).exclude(pk=author.pk).exclude(pk__in=skip_user_ids)
    users = list(permissions.readers_of(topic.forum, candidates))
    if not users:
        return []
    Mention.objects.bulk_create([Mention(post=post, user=u) for u in users], ignore_conflicts=True)
    notify(
        recipients=users, kind="forum_mention",
        title=_("%(name)s menyebut Anda di \"%(topic)s\"") % {"name": author, "topic": topic.title},
        body=plain_text(post.body_html, 300), url=post.get_absolute_url(), email_category="mentions",
    )
    return users


def _after_new_post(post: Post, *, topic: Topic, author: User) -> None:
    _record_mentions(post, topic=topic, author=author)
    topic_mark_read(user=author, topic=topic, up_to=post.created_at)
    from ..tasks import notify_subscribers

    post_id = post.pk
    transaction.on_commit(lambda: notify_subscribers.delay(post_id))


# --- topics and posts -----------------------------------------------------------------------------------------

def linkable_projects(*, user: User, forum: Forum):
    """Change projects a topic in ``forum`` may follow: those the author can see, of the forum's agency."""
    from agents.permissions import visible_projects

    qs = visible_projects(user).exclude(status="cancelled").order_by("-start_date", "title")
    return qs.filter(agency_id=forum.agency_id) if forum.agency_id else qs


@transaction.atomic
def topic_create(*, forum: Forum, author: User, title: str, body: str, category: Category | None = None,
                 files=(), project=None) -> Topic:
    _check_can_write(author, forum)
    errors = {}
    try:
        title = clean_title(title)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        body = clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if category is not None and category.forum_id != forum.pk:
        errors["category"] = [_("Kategori ini bukan milik forum yang dipilih.")]
    elif category is not None and not permissions.can_start_topic(author, forum, category):
        errors["category"] = [_("Hanya moderator yang dapat membuat topik di kategori %(name)s.") % {"name": category}]
    if project is not None and not linkable_projects(user=author, forum=forum).filter(pk=project.pk).exists():
        errors["project"] = [_("Proyek perubahan ini tidak dapat ditautkan ke topik di forum ini.")]
    if errors:
        raise ValidationError(errors)
    checked = check_attachments(files)
    now = timezone.now()
    topic = Topic.objects.create(forum=forum, category=category, title=title, author=author, created_at=now,
                                 last_post_at=now, last_post_author=author, project=project)
    post = Post.objects.create(topic=topic, author=author, body=body, body_html=render_markdown(body), created_at=now)
    _save_attachments(post, checked)
    topic.first_post = post
    topic.save(update_fields=["first_post"])
    counters.bump_for_new_post(post=post, new_topic=True)
    topic.refresh_from_db(fields=["posts_count"])
    subscription_set(user=author, topic=topic, on=True)
    _after_new_post(post, topic=topic, author=author)
    return topic


@transaction.atomic
def post_create(*, topic: Topic, author: User, body: str, files=()) -> Post:
    _check_can_write(author, topic.forum)
    if not permissions.can_reply(author, topic):
        if topic.is_locked:
            raise PermissionDenied(_("Topik ini dikunci moderator: balasan baru tidak diterima."))
        raise _not_allowed()
    body = clean_body(body)
    checked = check_attachments(files)
    post = Post.objects.create(topic=topic, author=author, body=body, body_html=render_markdown(body),
                               created_at=timezone.now())
    _save_attachments(post, checked)
    counters.bump_for_new_post(post=post, new_topic=False)
    _after_new_post(post, topic=topic, author=author)
    return post


@transaction.atomic
def post_edit(*, post: Post, by: User, body: str, title: str | None = None) -> Post:
    """The author edits their post; the previous version is kept for moderators and the post is marked edited."""
    if not permissions.can_edit_post(by, post):
        raise _not_allowed()
    topic = post.topic
    is_opening = topic.first_post_id == post.pk
    errors = {}
    try:
        body = clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if is_opening and title is not None:
        try:
            title = clean_title(title)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    title_changed = is_opening and title is not None and title != topic.title
    if body == post.body and not title_changed:
        return post
    PostRevision.objects.create(post=post, body=post.body, body_html=post.body_html, edited_by=by,
                                title=topic.title if is_opening else "")
    post.body, post.body_html, post.edited_at = body, render_markdown(body), timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if title_changed:
        topic.title = title
        topic.save(update_fields=["title"])
    already = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    _record_mentions(post, topic=topic, author=post.author, skip_user_ids=already)
    return post


@transaction.atomic
def post_delete(*, post: Post, by: User) -> None:
    """Soft delete. The opening post takes its topic with it."""
    topic = post.topic
    if topic.first_post_id == post.pk:
        topic.refresh_from_db(fields=["posts_count", "is_deleted"])  # the caller's copy may be stale
        if not permissions.can_delete_topic(by, topic):
            raise PermissionDenied(_("Pesan pembuka tidak bisa dihapus karena topik sudah dibalas. "
                                     "Hubungi moderator bila topik perlu ditutup."))
        topic_delete(topic=topic, by=by)
        return
    if not permissions.can_delete_post(by, post):
        raise _not_allowed()
    post.is_deleted, post.deleted_at, post.deleted_by = True, timezone.now(), by
    post.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
    counters.recount(topic_id=topic.pk, forum_ids=[topic.forum_id])
    if by.pk != post.author_id:
        log_action(actor=by, action=ModerationLog.Action.DELETE_POST, forum=topic.forum, topic=topic, post=post)


@transaction.atomic
def topic_delete(*, topic: Topic, by: User) -> None:
    topic.refresh_from_db(fields=["posts_count", "is_deleted"])
    if not permissions.can_delete_topic(by, topic):
        raise _not_allowed()
    topic.is_deleted, topic.deleted_at = True, timezone.now()
    topic.save(update_fields=["is_deleted", "deleted_at"])
    counters.recount(forum_ids=[topic.forum_id])
    if by.pk != topic.author_id:
        log_action(actor=by, action=ModerationLog.Action.DELETE_TOPIC, forum=topic.forum, topic=topic,
                   detail=topic.title)


# --- reactions ------------------------------------------------------------------------------------------------

@transaction.atomic
def reaction_toggle(*, post: Post, user: User, kind: str) -> bool:
    """Add the reaction, or take it back if it was there. Returns True when the reaction is now on."""
    if kind not in Reaction.Kind.values:
        raise ValidationError({"kind": _("Reaksi tidak dikenal.")})
    if not permissions.can_react(user, post):
        raise _not_allowed()
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click raced us; the reaction is on either way
        pass
    return True
