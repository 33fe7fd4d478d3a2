from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assignment, Cycle, CycleRaterGroup, Dimension, Instrument, Item


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "version", "kind", "scale_max", "frozen_at"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [DimensionInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["text", "dimension", "reverse_scored", "order"]
    list_filter = ["dimension__instrument"]
    list_select_related = ["dimension"]
    search_fields = ["text"]


class RaterGroupInline(admin.TabularInline):
    model = CycleRaterGroup
    extra = 0


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "instrument", "status", "opens_on", "closes_on"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["instrument"]
    inlines = [RaterGroupInline]
    # Changed only through services.cycle_straight_lining_set (before the close; docs/improvement.md).
    readonly_fields = ["exclude_straight_lined"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    """Read-only in the admin: raters are managed on the cycle's review page; answers are never shown here."""

    list_display = ["cycle", "subject", "rater", "group", "is_manual"]
    list_filter = ["group", "cycle"]
    raw_id_fields = ["subject", "rater"]
    list_select_related = ["cycle", "subject", "rater"]

    def has_change_permission(self, request, obj=None):
        return False
