from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import EmailPreference, Notification, ReminderLog, Report


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "email_status", "email_attempts",
                    "emailed_at"]
    list_filter = ["email_status", "kind"]
    search_fields = ["title", "recipient__username", "email_error"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "emailed_at", "email_status", "email_attempts", "email_error"]
    list_select_related = ["recipient"]
    actions = ["resend_email"]

    @admin.action(description=_("Kirim ulang e-mail yang gagal"))
    def resend_email(self, request, queryset):
        from .services import queue_emails

        ids = list(queryset.filter(emailed_at__isnull=True).exclude(email_status="").values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(email_status=Notification.EmailStatus.QUEUED)
        queue_emails(ids)
        self.message_user(request, _("%(n)d e-mail dimasukkan ke antrean lagi.") % {"n": len(ids)})


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "object_key", "period_key", "status", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["recipient__username", "object_key", "period_key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digests", "subscriptions", "mentions"]
    raw_id_fields = ["user"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["period_label", "kind", "scope_name", "period_start", "period_end", "generated_at"]
    list_filter = ["kind"]
    search_fields = ["period_label", "agency__name"]
    raw_id_fields = ["agency"]
    readonly_fields = ["generated_at", "figures"]
    list_select_related = ["agency"]
