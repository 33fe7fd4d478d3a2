import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from agenperubahan import data_versions
from agenperubahan.api_base import CachedListMixin, iso
from agenperubahan.audit_api import history_response, history_schema

from . import permissions
from .models import ActingHead, Agency, Employee
from .nip import format_nip, normalize_nip
from .services import acting_head_save, employee_save


class AgencySerializer(serializers.ModelSerializer):
    head = serializers.SlugRelatedField(
        slug_field="nip", queryset=Employee.objects.all(), required=False, allow_null=True,
        help_text="NIP kepala definitif (pegawai perangkat daerah ini); pengesah pertama alur persetujuan.")

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "abbreviation", "kind", "parent", "is_active", "valid_from", "valid_until",
                  "head"]

    def validate(self, attrs):
        candidate = copy.copy(self.instance) if self.instance else Agency()
        for key, value in attrs.items():
            setattr(candidate, key, value)
        candidate.clean()  # Django's ValidationError becomes a 400 with a message per field
        return attrs


@extend_schema_view(list=extend_schema(summary="Daftar perangkat daerah"))
class AgencyViewSet(CachedListMixin, viewsets.ModelViewSet):
    serializer_class = AgencySerializer
    list_versions = (data_versions.ORGANIZATION,)  # the list answer is cached (api_base.CachedListMixin)
    # A built list reads its rows with values(): what AgencySerializer gives, without model instances.
    list_columns = {"id": "id", "code": "code", "name": "name", "abbreviation": "abbreviation", "kind": "kind",
                    "parent": "parent", "is_active": "is_active", "valid_from": ("valid_from", iso),
                    "valid_until": ("valid_until", iso), "head": "head__nip"}
    filterset_fields = ["kind", "parent", "is_active"]
    search_fields = ["code", "name", "abbreviation"]
    ordering_fields = ["name", "code"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # The head's NIP is shown on every row: joined, not read once per agency.
        return permissions.visible_agencies(self.request.user).select_related("head").order_by("name")

    # The rule is checked before the body is read: a role that may not change agencies gets 403 whatever it sent.
    def _check_manage(self):
        if not permissions.can_manage_agencies(self.request.user):
            raise PermissionDenied()

    def create(self, request, *args, **kwargs):
        self._check_manage()
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()  # a missing agency answers 404 before the rule
        self._check_manage()
        return super().update(request, *args, **kwargs)


SUPERIOR_NOT_FOUND = gettext_lazy("Atasan dengan NIP ini tidak ditemukan di perangkat daerah Anda. Atasan dari perangkat daerah "
                       "lain ditetapkan oleh Tim RB atau administrator.")


class SuperiorField(serializers.SlugRelatedField):
    """A superior by NIP, looked up only among those ``permissions.can_set_superior`` accepts: a NIP elsewhere in
    the city answers like an unknown one (the caller learns nothing about it)."""

    default_error_messages = {"does_not_exist": SUPERIOR_NOT_FOUND, "invalid": SUPERIOR_NOT_FOUND}

    def get_queryset(self):
        instance = self.parent.instance if isinstance(self.parent.instance, Employee) else None
        return permissions.assignable_superiors(self.context["request"].user,
                                                current_superior_id=instance.superior_id if instance else None)


class EmployeeSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(max_length=30)
    nip_display = serializers.SerializerMethodField()
    superior = SuperiorField(slug_field="nip", queryset=Employee.objects.none(), required=False, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "id", "nip", "nip_display", "name", "agency", "unit", "email", "employee_type", "sex", "birth_date",
            "appointment_date", "rank", "position_type", "position_level", "position", "superior", "is_active",
            "skp_predikat", "disciplinary_penalty", "last_penalty_date",
        ]
        read_only_fields = ["appointment_date"]

    def get_nip_display(self, obj) -> str:
        return format_nip(obj.nip)

    def validate_nip(self, value):
        value = normalize_nip(value)
        clash = Employee.objects.filter(nip=value)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(_("Pegawai dengan NIP ini sudah ada."))
        return value

    def validate_agency(self, agency):
        if not permissions.can_manage_employees(self.context["request"].user, agency):
            raise serializers.ValidationError(_("Anda tidak berwenang mengelola pegawai perangkat daerah ini."))
        return agency

    @transaction.atomic
    def save(self, **kwargs):
        instance = self.instance or Employee()
        for key, value in {**self.validated_data, **kwargs}.items():
            setattr(instance, key, value)
        self.instance = employee_save(employee=instance, by=self.context["request"].user)
        return self.instance


class EmployeeViewSet(CachedListMixin, viewsets.ModelViewSet):
    serializer_class = EmployeeSerializer
    filterset_fields = ["agency", "employee_type", "is_active", "position_type"]
    search_fields = ["nip", "name", "position"]
    ordering_fields = ["name", "nip"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    list_versions = (data_versions.ORGANIZATION,)  # the list answer is cached (api_base.CachedListMixin)
    # A built list reads its rows with values(): what EmployeeSerializer gives, without model instances.
    list_columns = {
        "id": "id", "nip": "nip", "nip_display": ("nip", format_nip), "name": "name", "agency": "agency",
        "unit": "unit", "email": "email", "employee_type": "employee_type", "sex": "sex",
        "birth_date": ("birth_date", iso), "appointment_date": ("appointment_date", iso), "rank": "rank",
        "position_type": "position_type", "position_level": "position_level", "position": "position",
        "superior": "superior__nip", "is_active": "is_active", "skp_predikat": "skp_predikat",
        "disciplinary_penalty": "disciplinary_penalty", "last_penalty_date": ("last_penalty_date", iso),
    }

    def list_vary(self, request):
        # Outside the city readers one's own row is visible too: the list depends on the person.
        return () if permissions.is_city_reader(request.user) else (f"e{request.user.employee_id or '-'}",)

    def get_queryset(self):
        return permissions.visible_employees(self.request.user).order_by("name", "nip")

    # The rules are checked before the body is read: out of scope 404, in scope but not allowed 403, whatever was
    # sent; only a caller who may act gets the field errors (400).
    def create(self, request, *args, **kwargs):
        if not permissions.can_manage_employees(request.user):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        if not permissions.can_edit_employee(request.user, self.get_object()):
            raise PermissionDenied()
        return super().update(request, *args, **kwargs)

    @history_schema("Perubahan data pegawai (manual atau lewat impor), terbaru di atas: Tim RB, operator dan kepala "
                    "perangkat daerahnya, dan pegawai itu sendiri.")
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        employee = self.get_object()
        if not permissions.can_view_employee_history(request.user, employee):
            raise PermissionDenied()
        return history_response(self, employee, show_nip=permissions.can_see_nip(request.user, employee))


class ActingHeadSerializer(serializers.ModelSerializer):
    employee = serializers.SlugRelatedField(slug_field="nip", queryset=Employee.objects.all(),
                                            help_text="NIP pegawai yang menjadi Plt./Plh.")
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    office = serializers.CharField(read_only=True, help_text="Jabatan yang dijalankan, mis. Kepala Dinas Perhubungan.")

    class Meta:
        model = ActingHead
        fields = ["id", "agency", "employee", "employee_name", "kind", "office", "starts_on", "ends_on",
                  "letter_number", "created_at"]
        read_only_fields = ["created_at"]

    def save(self, **kwargs):
        # The model's clean() (through the service) names the field of each rule.
        acting = self.instance or ActingHead()
        for key, value in self.validated_data.items():
            setattr(acting, key, value)
        try:
            self.instance = acting_head_save(acting=acting, by=self.context["request"].user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return self.instance


@extend_schema_view(list=extend_schema(summary="Plt./Plh. kepala perangkat daerah",
                                       parameters=[OpenApiParameter("current", bool, description=(
                                           "true: hanya yang berlaku hari ini"))]))
class ActingHeadViewSet(viewsets.ModelViewSet):
    """Acting heads (Plt./Plh.) with their date range and letter: every signed-in user reads them; Tim RB and
    administrators record and change them. While in force, the acting head endorses nominations "a.n." the head."""

    serializer_class = ActingHeadSerializer
    filterset_fields = ["agency", "kind", "employee"]
    ordering_fields = ["starts_on", "ends_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = permissions.visible_acting_heads(self.request.user).order_by("-starts_on", "-pk")
        if self.request.query_params.get("current", "").lower() in ("1", "true", "yes"):
            qs = qs.on()
        return qs

    def create(self, request, *args, **kwargs):
        if not permissions.can_manage_acting_heads(request.user):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()  # a missing record answers 404 before the rule
        if not permissions.can_manage_acting_heads(request.user):
            raise PermissionDenied()
        return super().update(request, *args, **kwargs)


routes = [
    ("agencies", AgencyViewSet, "agency"),
    ("employees", EmployeeViewSet, "employee"),
    ("acting-heads", ActingHeadViewSet, "acting-head"),
]
