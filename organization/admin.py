from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from solo.admin import SingletonModelAdmin

from .models import ActingHead, ActivationBatch, Agency, Employee, ImportJob, Institution, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("ASN", {"fields": ("employee",)}),)
    raw_id_fields = ["employee"]
    inlines = [RoleAssignmentInline]
    list_select_related = ["employee"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "abbreviation", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "abbreviation"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["head"]
    list_select_related = ["parent"]


@admin.register(ActingHead)
class ActingHeadAdmin(SimpleHistoryAdmin):
    """Plt./Plh. of agency heads; the model's clean() refuses dates out of order and overlapping appointments."""

    list_display = ["agency", "kind", "employee", "starts_on", "ends_on", "letter_number"]
    list_filter = ["kind"]
    search_fields = ["agency__name", "employee__name", "employee__nip", "letter_number"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["employee"]
    list_select_related = ["agency", "employee"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "starts_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "name", "agency", "employee_type", "rank", "position", "is_active"]
    list_filter = ["employee_type", "position_type", "is_active", "agency__kind"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["superior", "agency", "unit"]
    list_select_related = ["agency"]

    def save_model(self, request, obj, form, change):
        # The admin is one more way to retire or transfer someone: the account follows, as from the form and import.
        previous = Employee.objects.filter(pk=obj.pk).values_list("agency_id", "is_active").first() if change else None
        super().save_model(request, obj, form, change)
        if previous and previous != (obj.agency_id, obj.is_active):
            from .identity.services import accounts_follow_employees

            accounts_follow_employees(employee_ids=[obj.pk], previous={obj.pk: previous})


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "agency", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only audit of employee imports (who imported what, when, with which result)."""

    list_display = ["pk", "created_at", "agency", "created_by", "original_name", "status", "total_rows",
                    "created_count", "updated_count", "skipped_count"]
    list_filter = ["status", "file_format"]
    search_fields = ["original_name", "agency__name", "created_by__username"]
    list_select_related = ["agency", "created_by"]
    exclude = ["preview"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivationBatch)
class ActivationBatchAdmin(admin.ModelAdmin):
    """Read-only audit of the operators' activation link sendings."""

    list_display = ["pk", "agency", "created_by", "status", "total", "sent", "skipped_no_email", "created_at"]
    list_filter = ["status"]
    list_select_related = ["agency", "created_by"]
    readonly_fields = [f.name for f in ActivationBatch._meta.fields]

    def has_add_permission(self, request):
        return False
@admin.register(Institution)
class InstitutionAdmin(SingletonModelAdmin):
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "head_title", "logo", "reform_team_name"]}),
        (_("Kop surat"), {"fields": ["address", "phone", "website", "email"]}),
        (_("Penanda tangan SK"), {"fields": ["signatory_name", "signatory_title", "signatory_nip"]}),
        (_("Warna"), {"fields": ["primary_colour", "secondary_colour"]}),
    ]
