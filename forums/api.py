"""API: ``forums/``, ``topics/`` (forum, title, body), ``posts/`` (topic, body), with the same rules as the pages.

Lists start from ``visible_*``; writes go through the services (403 when not allowed, 400 with a message per field
for bad input). The rule is checked before the body is read, as on the pages: a reader who may not write gets 403
whatever they sent. A forum or topic named in the body that the caller cannot read answers 400 on that field, like a
missing one. ``body_html`` is the stored, sanitised HTML.
"""

from collections.abc import Mapping

from django.core.cache import cache
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.fields import empty
from rest_framework.response import Response

from agenperubahan import data_versions, fragments
from agenperubahan.api_base import answer_key, cached_answer
from agents.models import ChangeProject

from . import cache as forum_cache
from . import permissions, selectors, services
from .models import Attachment, Category, Forum, Post, Topic
from .rendering import MAX_BODY_LENGTH

# The pages' messages (forums/views/posting.py).
CANNOT_POST = gettext_lazy("Anda hanya dapat membaca forum ini.")
CANNOT_REPLY = gettext_lazy("Anda tidak dapat membalas topik ini.")
CANNOT_EDIT = gettext_lazy("Hanya penulis yang dapat mengubah pesan ini, selama topik masih terbuka.")


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "description", "moderators_only"]


class ForumSerializer(serializers.ModelSerializer):
    last_post_author = serializers.SerializerMethodField()

    def get_last_post_author(self, obj) -> str | None:
        return str(obj.last_post_author) if obj.last_post_author_id else None
    categories = CategorySerializer(many=True, read_only=True)
    can_post = serializers.SerializerMethodField()
    can_moderate = serializers.SerializerMethodField()

    class Meta:
        model = Forum
        fields = ["id", "kind", "name", "description", "agency", "is_active", "topics_count", "posts_count",
                  "last_post_at", "last_post_author", "categories", "can_post", "can_moderate"]

    def get_can_post(self, forum) -> bool:
        return permissions.can_post(self.context["request"].user, forum)

    def get_can_moderate(self, forum) -> bool:
        return permissions.can_moderate(self.context["request"].user, forum)


class _VisibleForumField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return permissions.visible_forums(self.context["request"].user)


class _VisibleTopicField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return permissions.visible_topics(self.context["request"].user)


class TopicSerializer(serializers.ModelSerializer):
    forum = _VisibleForumField()
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    body = serializers.CharField(source="first_post.body", max_length=MAX_BODY_LENGTH)
    body_html = serializers.CharField(source="first_post.body_html", read_only=True, default="")
    author = serializers.StringRelatedField()
    author_username = serializers.CharField(source="author.username", read_only=True)
    last_post_author = serializers.SerializerMethodField()

    def get_last_post_author(self, obj) -> str | None:
        return str(obj.last_post_author) if obj.last_post_author_id else None
    is_unread = serializers.BooleanField(read_only=True, default=False)
    project = serializers.PrimaryKeyRelatedField(
        queryset=ChangeProject.objects.all(), required=False, allow_null=True,
        help_text="Proyek perubahan (rencana aksi) yang diikuti topik ini.",
    )
    project_progress = serializers.IntegerField(read_only=True, allow_null=True, default=None,
                                                help_text="Kemajuan proyek perubahan (0-100).")

    class Meta:
        model = Topic
        fields = ["id", "forum", "category", "title", "body", "body_html", "author", "author_username", "created_at",
                  "is_pinned", "is_locked", "is_hidden", "is_deleted", "posts_count", "last_post_at",
                  "last_post_author", "is_unread", "project", "project_progress"]
        read_only_fields = ["created_at", "is_pinned", "is_locked", "is_hidden", "is_deleted", "posts_count",
                            "last_post_at"]


class TopicUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=MAX_BODY_LENGTH, required=False)


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "url"]


class PostSerializer(serializers.ModelSerializer):
    topic = _VisibleTopicField()
    author = serializers.StringRelatedField()
    author_username = serializers.CharField(source="author.username", read_only=True)
    attachments = AttachmentSerializer(source="attachment_list", many=True, read_only=True)

    class Meta:
        model = Post
        fields = ["id", "topic", "body", "body_html", "author", "author_username", "created_at", "edited_at",
                  "is_hidden", "is_deleted", "attachments"]
        read_only_fields = ["body_html", "created_at", "edited_at", "is_hidden", "is_deleted"]
        extra_kwargs = {"body": {"max_length": MAX_BODY_LENGTH}}


class PostUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_BODY_LENGTH)


def _parent(serializer, name: str):
    """The forum or topic the body names (from the caller's scope), read before the rest of the body."""
    data = serializer.initial_data
    value = data.get(name, empty) if isinstance(data, Mapping) else empty
    try:
        return serializer.fields[name].run_validation(value)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None


# --- cached lists -----------------------------------------------------------------------------------------------
#
# A page of topics or posts is the serializers' output, kept in the cache as plain dicts and lists under the forums'
# activity version (any forum, category, topic, post or attachment written, bulk writes included:
# forums.cache.WATCHED_TABLES) and what else it shows, the reader's scope (fragments.scope_of: their roles and agencies
# decide which forums, topics and hidden posts they read) and the whole URL (host, path, filters, search, ordering,
# page and page size: the next and previous links repeat it). So a page built for one scope is never served to
# another, and a write shows on the next request. A bad filter or a page past the end raises before anything is
# kept. What differs between two readers of one scope (a topic's ``is_unread``) is kept per reader beside it.

def _plain(data) -> dict:
    """A paginated answer as plain dicts and lists (what the cache keeps)."""
    return {**data, "results": [dict(row) for row in data["results"]]}


def _list_key(name: str, versions, request, *vary) -> str:
    return fragments.make_key(name, versions, (fragments.scope_of(request.user), request.build_absolute_uri(), *vary))


def _check_can_edit(user, post) -> None:
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied(CANNOT_EDIT)


@extend_schema_view(list=extend_schema(summary="Forum yang dapat dibaca pengguna"))
class ForumViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ForumSerializer
    filterset_fields = ["kind", "agency", "is_active"]
    search_fields = ["name"]
    ordering_fields = ["name", "last_post_at"]

    def get_queryset(self):
        return permissions.visible_forums(self.request.user).prefetch_related("categories").order_by("kind", "name")


@extend_schema_view(
    list=extend_schema(summary="Topik yang dapat dibaca pengguna"),
    partial_update=extend_schema(request=TopicUpdateSerializer),
)
class TopicViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                   viewsets.ReadOnlyModelViewSet):
    serializer_class = TopicSerializer
    filterset_fields = ["forum", "category", "is_pinned", "is_locked"]
    search_fields = ["title"]
    ordering_fields = ["last_post_at", "created_at", "posts_count"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # Only the relations the serializer shows (every join costs PostgreSQL planning time on each page); the
        # project's progress is a scalar subquery, not one more join.
        progress = ChangeProject.objects.filter(pk=OuterRef("project_id")).values("progress")[:1]
        qs = (
            permissions.visible_topics(self.request.user).select_related(None)
            .select_related("author", "last_post_author", "first_post").annotate(project_progress=Subquery(progress))
        )
        return selectors.with_unread(qs, self.request.user).order_by(
            "-is_pinned", F("last_post_at").desc(nulls_last=True), "-pk")

    def list(self, request, *args, **kwargs):
        # The page of topics from the cache (see "cached lists" above): the rows shared by the readers of one scope
        # under the activity and agents versions (a topic shows its project's progress); which of them are unread
        # kept for this reader, under their reading version too (their read states and marks). (Comments, not a
        # docstring: drf-spectacular would publish a docstring as the operation's description.)
        user = request.user
        activity, reading, agents = forum_cache.versions(user, data_versions.AGENTS)
        shared_key = _list_key("forums:api:topics", [activity, agents], request)
        reader_key = _list_key("forums:api:topics:unread", [activity, reading, agents], request, user.pk,
                               user.date_joined.timestamp())
        found = cache.get_many([shared_key, reader_key])
        data, unread = found.get(shared_key), found.get(reader_key)
        if data is None:
            response = super().list(request, *args, **kwargs)
            data = _plain(response.data)
            unread = frozenset(row["id"] for row in data["results"] if row["is_unread"])
            cache.set_many({shared_key: data, reader_key: unread}, forum_cache.timeout())
            return response
        if unread is None:
            ids = [row["id"] for row in data["results"]]
            rows = selectors.with_unread(Topic.objects.filter(pk__in=ids), user).values_list("pk", "is_unread")
            unread = frozenset(pk for pk, is_unread in rows if is_unread) if ids else frozenset()
            cache.set(reader_key, unread, forum_cache.timeout())
        return Response({**data, "results": [{**row, "is_unread": row["id"] in unread} for row in data["results"]]})

    def _out(self, topic, code=status.HTTP_200_OK):
        topic = self.get_queryset().get(pk=topic.pk)
        return Response(TopicSerializer(topic, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not permissions.can_post(request.user, _parent(serializer, "forum")):
            raise PermissionDenied(CANNOT_POST)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        topic = services.topic_create(
            forum=data["forum"], author=request.user, title=data["title"], body=data["first_post"]["body"],
            category=data.get("category"), project=data.get("project"),
        )
        return self._out(topic, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        topic = self.get_object()
        _check_can_edit(request.user, topic.first_post)
        serializer = TopicUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = topic.first_post
        services.post_edit(post=post, by=request.user, body=serializer.validated_data.get("body", post.body),
                           title=serializer.validated_data.get("title", topic.title))
        return self._out(topic)

    def perform_destroy(self, instance):
        services.topic_delete(topic=instance, by=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Pesan yang dapat dibaca pengguna (saring dengan ?topic=)"),
    partial_update=extend_schema(request=PostUpdateSerializer),
)
class PostViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    serializer_class = PostSerializer
    filterset_fields = ["topic"]
    ordering_fields = ["created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = permissions.visible_posts(self.request.user)
        if self.action == "list":
            qs = qs.select_related(None).select_related("author")  # what the serializer shows
        # to_attr: a plain list per post (a prefetch into the related manager builds a queryset for every post).
        return qs.prefetch_related(Prefetch("attachments", to_attr="attachment_list")).order_by("created_at", "pk")

    def list(self, request, *args, **kwargs):
        # The page of posts from the cache (see "cached lists" above), as the JSON answer rendered
        # (agenperubahan.api_base.cached_answer): nothing in it differs between the readers of one scope (a
        # moderator's scope also reads hidden and deleted posts).
        key = answer_key(request, "forums:posts", ("forums",),
                         fragments.version_values([forum_cache.ACTIVITY_KEY], user=request.user))
        return cached_answer(key, lambda: super(PostViewSet, self).list(request, *args, **kwargs),
                             timeout=forum_cache.timeout())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not permissions.can_reply(request.user, _parent(serializer, "topic")):
            raise PermissionDenied(CANNOT_REPLY)
        serializer.is_valid(raise_exception=True)
        post = services.post_create(topic=serializer.validated_data["topic"], author=request.user,
                                    body=serializer.validated_data["body"])
        out = self.get_queryset().get(pk=post.pk)
        return Response(PostSerializer(out, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        post = self.get_object()
        _check_can_edit(request.user, post)
        serializer = PostUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.post_edit(post=post, by=request.user, body=serializer.validated_data["body"])
        out = self.get_queryset().get(pk=post.pk)
        return Response(PostSerializer(out, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        services.post_delete(post=instance, by=self.request.user)


routes = [
    ("forums", ForumViewSet, "forum"),
    ("topics", TopicViewSet, "topic"),
    ("posts", PostViewSet, "post"),
]
