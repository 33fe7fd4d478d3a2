from django.contrib import admin

from .models import EmailPreference, Notification, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "object_key", "period_key", "status", "sent_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["recipient"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digests", "subscriptions", "mentions"]
    raw_id_fields = ["user"]
