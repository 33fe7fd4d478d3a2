from django.contrib import admin

from .models import Indicator, PackBuild


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "weight", "source", "order", "active")
    list_editable = ("weight", "source", "order", "active")
    ordering = ("order", "code")


@admin.register(PackBuild)
class PackBuildAdmin(admin.ModelAdmin):
    list_display = ("agency", "period", "status", "progress", "size", "created_at", "finished_at")
    list_filter = ("status",)
    raw_id_fields = ("agency", "period", "requested_by")
