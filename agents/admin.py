from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgencyQuota,
    ChangeAgent,
    ChangeProject,
    Criterion,
    Nomination,
    NominationEvidence,
    NominationScore,
    NominationTransition,
    ProgramPeriod,
    ProgressReport,
    ReportEvidence,
)


class QuotaInline(admin.TabularInline):
    model = AgencyQuota
    extra = 0
    raw_id_fields = ["agency"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ProgramPeriod)
class ProgramPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nomination_opens", "nomination_closes", "term_start", "term_end", "default_quota"]
    inlines = [QuotaInline, CriterionInline]


class TransitionInline(admin.TabularInline):
    model = NominationTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class NominationEvidenceInline(admin.TabularInline):
    model = NominationEvidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    """Read-mostly: status changes go through the workflow (the portal pages or the API), never here."""

    list_display = ["candidate", "agency", "period", "status", "score_total", "updated_at"]
    list_filter = ["status", "period"]
    search_fields = ["candidate__name", "candidate__nip"]
    raw_id_fields = ["candidate", "agency", "created_by"]
    readonly_fields = ["status", "submitted_at", "endorsed_at", "decided_at", "score_total", "score_count"]
    list_select_related = ["candidate", "agency", "period"]
    inlines = [TransitionInline, NominationEvidenceInline]


@admin.register(NominationScore)
class NominationScoreAdmin(admin.ModelAdmin):
    list_display = ["nomination", "criterion", "scorer", "score"]
    raw_id_fields = ["nomination", "scorer"]
    list_select_related = ["nomination__candidate", "nomination__period", "criterion", "scorer"]


@admin.register(ChangeAgent)
class ChangeAgentAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "agency", "kind", "period", "term_start", "term_end", "decree_number", "status"]
    list_filter = ["kind", "status", "period"]
    search_fields = ["employee__name", "employee__nip", "decree_number"]
    raw_id_fields = ["employee", "agency", "nomination", "renewed_from"]
    list_select_related = ["employee", "agency", "period"]


class ReportEvidenceInline(admin.TabularInline):
    model = ReportEvidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


@admin.register(ChangeProject)
class ChangeProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agency", "agent", "reform_area", "status", "integrated"]
    list_filter = ["status", "reform_area", "integrated"]
    search_fields = ["title", "agent__employee__name"]
    raw_id_fields = ["agent", "agency", "members"]
    list_select_related = ["agency", "agent__employee", "agent__agency"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "progress"]
    raw_id_fields = ["project", "submitted_by"]
    inlines = [ReportEvidenceInline]
