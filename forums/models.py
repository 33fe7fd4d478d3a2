"""Forums: one city forum, one forum per top-level agency, topics, posts and what hangs off them.

Lists never count on the fly: forums and topics carry their counters (kept by ``forums.services``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, OrderBy, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .links import url_for


class NullsLastIndex(models.Index):
    """An index whose ``DESC NULLS LAST`` columns match the lists' ``ORDER BY … DESC NULLS LAST`` on PostgreSQL.
    SQLite cannot store NULLS LAST in an index: there the columns are created with the plain descending order."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = [OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e
                 for e in self.expressions]
        return models.Index(*plain, name=self.name).create_sql(model, schema_editor, using=using, **kwargs)


class Forum(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("Forum kota")
        AGENCY = "agency", _("Forum perangkat daerah")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    agency = models.OneToOneField(
        "organization.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="forum",
        verbose_name=_("perangkat daerah"),
    )
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    is_active = models.BooleanField(
        _("aktif"), default=True, help_text=_("Forum nonaktif hanya bisa dibaca (perangkat daerahnya tidak aktif)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Counters (visible topics and posts only), kept by the services.
    topics_count = models.PositiveIntegerField(_("jumlah topik"), default=0)
    posts_count = models.PositiveIntegerField(_("jumlah pesan"), default=0)
    last_post_at = models.DateTimeField(_("pesan terakhir"), null=True, blank=True)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    last_topic = models.ForeignKey("Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forum")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="city"), name="forums_one_city_forum"),
            models.CheckConstraint(
                condition=Q(kind="city", agency__isnull=True) | Q(kind="agency", agency__isnull=False),
                name="forums_agency_matches_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("forums:forum", self.pk)

    @property
    def is_city(self) -> bool:
        return self.kind == self.Kind.CITY

    @property
    def is_read_only(self) -> bool:
        return not self.is_active


class Category(models.Model):
    """An optional section inside a forum (e.g. "Aksi Perubahan", "Tanya Jawab", "Pengumuman")."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="categories", verbose_name=_("forum"))
    name = models.CharField(_("nama"), max_length=100)
    description = models.CharField(_("deskripsi"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    moderators_only = models.BooleanField(
        _("hanya moderator membuat topik"), default=False,
        help_text=_("Misalnya untuk kategori Pengumuman: anggota tetap bisa membalas."),
    )

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["forum", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["forum", "name"], name="forums_category_unique_name")]

    def __str__(self):
        return self.name


class Topic(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="topics", verbose_name=_("forum"))
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics", verbose_name=_("kategori"),
    )
    title = models.CharField(_("judul"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics", verbose_name=_("penulis"),
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    is_pinned = models.BooleanField(_("disematkan"), default=False)
    is_locked = models.BooleanField(_("dikunci"), default=False)
    is_hidden = models.BooleanField(_("disembunyikan moderator"), default=False)
    is_deleted = models.BooleanField(_("dihapus"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # A topic may follow a change project (rencana aksi): the topic page shows the project's progress.
    project = models.ForeignKey(
        "agents.ChangeProject", null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_topics",
        verbose_name=_("proyek perubahan"),
    )
    first_post = models.OneToOneField(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pesan pembuka"),
    )
    # Counters (visible posts, the opening post included), kept by the services.
    posts_count = models.PositiveIntegerField(_("jumlah pesan"), default=0)
    last_post_at = models.DateTimeField(_("pesan terakhir"), null=True, blank=True)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("topik")
        verbose_name_plural = _("topik")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [
            # Exactly the lists' order (pinned first, latest activity, NULLS LAST): the first page is read from the
            # index; a mismatch made PostgreSQL join and sort every topic of the forum before the LIMIT.
            NullsLastIndex(F("forum"), F("is_pinned").desc(), F("last_post_at").desc(nulls_last=True), F("id").desc(),
                           name="forums_topic_list_order_idx"),
            # The home panel's "latest topics" (no pinning).
            NullsLastIndex(F("forum"), F("last_post_at").desc(nulls_last=True), F("id").desc(),
                           name="forums_topic_latest_idx"),
            models.Index(fields=["author", "created_at"], name="forums_topic_author_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("forums:topic", self.pk)

    @property
    def unread_url(self) -> str:
        return url_for("forums:topic_unread", self.pk)

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_deleted)

    @property
    def replies_count(self) -> int:
        return max(0, self.posts_count - 1)


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours (a UUID and the extension of the detected type), never the uploader's.
    now = timezone.now()
    return f"forums/{now:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topik"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts", verbose_name=_("penulis"),
    )
    body = models.TextField(_("isi (Markdown)"))
    body_html = models.TextField(_("isi (HTML aman)"), editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    edited_at = models.DateTimeField(_("diubah"), null=True, blank=True)
    is_hidden = models.BooleanField(_("disembunyikan moderator"), default=False)
    is_deleted = models.BooleanField(_("dihapus"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # Set once the subscribers of the topic and forum were told (the task that does it is safe to run twice).
    subscribers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # PostgreSQL only: the topic's title (weight A) and the body (weight B) as a tsvector, kept up to date by database
    # triggers and searched through a GIN index (migration 0005); NULL and unused on SQLite (selectors.search_posts).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "created_at"], name="forums_post_topic_idx"),
            models.Index(fields=["author", "created_at"], name="forums_post_author_idx"),
            # Search results, newest first: a common word is found by walking this index (selectors.search_posts).
            models.Index(fields=["-created_at", "-id"], name="forums_post_recent_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} — {self.topic}"

    def get_absolute_url(self):
        return url_for("forums:post", self.pk)

    # The links a topic page shows on every post (built without a reverse() each: see forums.links).
    @property
    def react_url(self) -> str:
        return url_for("forums:post_react", self.pk)

    @property
    def edit_url(self) -> str:
        return url_for("forums:post_edit", self.pk)

    @property
    def delete_url(self) -> str:
        return url_for("forums:post_delete", self.pk)

    @property
    def report_url(self) -> str:
        return url_for("forums:post_report", self.pk)

    @property
    def history_url(self) -> str:
        return url_for("forums:post_history", self.pk)

    @property
    def moderate_url(self) -> str:
        """Hide the post, or show it again when it is hidden."""
        return url_for("forums:post_moderate", self.pk, "pulihkan" if self.is_hidden else "sembunyikan")

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_deleted)


class PostRevision(models.Model):
    """A previous version of an edited post (moderators can read them)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    title = models.CharField(max_length=200, blank=True, help_text=_("Judul topik saat itu (pesan pembuka)."))
    created_at = models.DateTimeField(default=timezone.now, help_text=_("Kapan versi ini digantikan."))
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("versi pesan")
        verbose_name_plural = _("versi pesan")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.post} @ {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
    ALLOWED_TYPES = {**IMAGE_TYPES, "application/pdf": "pdf"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=150)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return url_for("forums:attachment", self.pk)

    @property
    def is_image(self) -> bool:
        return self.content_type in self.IMAGE_TYPES


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "suka", _("Suka")
        THANKS = "terima_kasih", _("Terima kasih")
        IDEA = "ide", _("Ide bagus")
        AGREE = "setuju", _("Setuju")

    EMOJI = {"suka": "👍", "terima_kasih": "🙏", "ide": "💡", "setuju": "✅"}
    # Bootstrap Icons (served by the portal): emoji fonts are missing on many office PCs.
    ICONS = {"suka": "hand-thumbs-up", "terima_kasih": "heart", "ide": "lightbulb", "setuju": "check2-circle"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaksi")
        verbose_name_plural = _("reaksi")
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="forums_one_reaction_per_kind")]

    def __str__(self):
        return f"{self.EMOJI.get(self.kind, self.kind)} {self.user} → #{self.post_id}"


class Mention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_mentions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sebutan")
        verbose_name_plural = _("sebutan")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forums_one_mention_per_post")]

    def __str__(self):
        return f"@{self.user} in #{self.post_id}"


class TopicReadState(models.Model):
    """How far a user has read a topic: posts newer than ``last_read_at`` are unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forums_one_read_state")]

    def __str__(self):
        return f"{self.user} read {self.topic_id} until {self.last_read_at}"


class ForumReadMark(models.Model):
    """"Mark all as read" in a forum: topics with no post after ``marked_at`` count as read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="read_marks")
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "forum"], name="forums_one_read_mark")]

    def __str__(self):
        return f"{self.user} read {self.forum_id} until {self.marked_at}"


class Subscription(models.Model):
    """E-mail and in-app notice of new posts in a topic, or in a whole forum."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    forum = models.ForeignKey(Forum, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langganan")
        verbose_name_plural = _("langganan")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, forum__isnull=True) | Q(topic__isnull=True, forum__isnull=False),
                name="forums_subscription_one_target",
            ),
            models.UniqueConstraint(fields=["user", "topic"], condition=Q(topic__isnull=False),
                                    name="forums_one_topic_subscription"),
            models.UniqueConstraint(fields=["user", "forum"], condition=Q(forum__isnull=False),
                                    name="forums_one_forum_subscription"),
        ]

    def __str__(self):
        return f"{self.user} → {self.topic or self.forum}"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam atau iklan")
        OFFENSIVE = "offensive", _("Kasar, menyinggung, atau SARA")
        PRIVATE = "private", _("Membuka data pribadi atau rahasia jabatan")
        OFF_TOPIC = "off_topic", _("Tidak sesuai topik")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu")
        RESOLVED = "resolved", _("Ditindaklanjuti")
        DISMISSED = "dismissed", _("Ditolak")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("keterangan"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], condition=Q(status="open"),
                                    name="forums_one_open_report_per_reporter"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — #{self.post_id}"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        HIDE_POST = "hide_post", _("Menyembunyikan pesan")
        RESTORE_POST = "restore_post", _("Memulihkan pesan")
        DELETE_POST = "delete_post", _("Menghapus pesan")
        HIDE_TOPIC = "hide_topic", _("Menyembunyikan topik")
        RESTORE_TOPIC = "restore_topic", _("Memulihkan topik")
        DELETE_TOPIC = "delete_topic", _("Menghapus topik")
        LOCK = "lock", _("Mengunci topik")
        UNLOCK = "unlock", _("Membuka kunci topik")
        PIN = "pin", _("Menyematkan topik")
        UNPIN = "unpin", _("Melepas sematan topik")
        MOVE = "move", _("Memindahkan topik")
        RESOLVE_REPORT = "resolve_report", _("Menindaklanjuti laporan")
        DISMISS_REPORT = "dismiss_report", _("Menolak laporan")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("moderator"))
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="moderation_logs")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(_("keterangan"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("log moderasi")
        verbose_name_plural = _("log moderasi")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.actor}"
