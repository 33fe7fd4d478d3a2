from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "version", "number", "date", "created_at", "superseded_by"]
    list_filter = ["kind", "period"]
    readonly_fields = ["verification_code"]
