from django.contrib import admin
from solo.admin import SingletonModelAdmin

from .models import ImprovementPlan, ImprovementSettings, PlanAction, WeakValue


@admin.register(ImprovementSettings)
class ImprovementSettingsAdmin(SingletonModelAdmin):
    pass


@admin.register(WeakValue)
class WeakValueAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "cycle", "score", "previous_score", "is_lowest", "has_fallen")
    list_select_related = ("agency", "cycle")
    list_filter = ("cycle",)
    readonly_fields = [f.name for f in WeakValue._meta.fields]


class PlanActionInline(admin.TabularInline):
    model = PlanAction
    extra = 0
    raw_id_fields = ("owner", "agents")


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "status", "progress", "target_score", "score_after", "target_met")
    list_select_related = ("weak_value", "agency")
    list_filter = ("status",)
    raw_id_fields = ("weak_value",)
    inlines = [PlanActionInline]
