from django.contrib import admin

from .models import Category, Forum, ModerationLog, Post, PostRevision, Report, Topic


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "is_active", "topics_count", "posts_count", "last_post_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "agency__name", "agency__abbreviation"]
    readonly_fields = ["topics_count", "posts_count", "last_post_at", "last_post_author", "last_topic"]
    raw_id_fields = ["agency"]
    inlines = [CategoryInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "created_at", "posts_count", "is_pinned", "is_locked", "is_hidden",
                    "is_deleted"]
    list_filter = ["is_pinned", "is_locked", "is_hidden", "is_deleted", "forum__kind"]
    search_fields = ["title"]
    raw_id_fields = ["forum", "category", "author", "last_post_author", "first_post"]
    readonly_fields = ["posts_count", "last_post_at"]


class RevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    readonly_fields = ["body", "title", "created_at", "edited_by"]
    exclude = ["body_html"]
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "topic", "author", "created_at", "edited_at", "is_hidden", "is_deleted"]
    list_filter = ["is_hidden", "is_deleted"]
    search_fields = ["body", "topic__title", "author__username"]
    raw_id_fields = ["topic", "author", "deleted_by"]
    # Edit posts through the portal (the services re-render and sanitise): here they are read-only.
    readonly_fields = ["body", "body_html"]
    inlines = [RevisionInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "reason", "status", "created_at", "handled_by"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["post", "reporter", "handled_by"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "forum", "topic", "detail"]
    list_filter = ["action"]
    raw_id_fields = ["actor", "forum", "topic", "post"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
