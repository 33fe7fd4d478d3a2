"""API: program periods (``periods/``)."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from organization.models import Agency, Employee

from .. import permissions, services
from ..models import ChainStep, ProgramPeriod, chain_errors


class QuotaSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.top_level())
    quota = serializers.IntegerField(min_value=0)


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=1)


class PeriodSerializer(serializers.ModelSerializer):
    quotas = QuotaSerializer(many=True, required=False)
    criteria = CriterionSerializer(many=True, required=False)
    employee_types = serializers.ListField(child=serializers.ChoiceField(choices=Employee.Type.choices),
                                           required=False)
    approval_chain = serializers.ListField(
        child=serializers.ChoiceField(choices=ChainStep.choices), required=False, allow_empty=False,
        help_text="Langkah persetujuan berurutan, diakhiri tim_rb; mis. [\"kepala_pd\", \"sekda\", \"tim_rb\"].")
    is_open = serializers.SerializerMethodField()

    def validate_approval_chain(self, value):
        error = chain_errors(value)
        if error:
            raise serializers.ValidationError(error)
        return value

    class Meta:
        model = ProgramPeriod
        fields = ["id", "name", "nomination_opens", "nomination_closes", "term_start", "term_end", "default_quota",
                  "employee_types", "min_years_of_service", "min_skp_predikat", "require_no_penalty",
                  "penalty_free_years", "exclude_active_agents", "max_age", "endorsement_reminder_days",
                  "decision_reminder_days", "escalation_days", "approval_chain", "quotas", "criteria", "is_open"]

    def get_is_open(self, obj) -> bool:
        return obj.is_open()

    def save(self, **kwargs):
        data = dict(self.validated_data)
        quotas = data.pop("quotas", None)
        criteria = data.pop("criteria", None)
        period = self.instance or ProgramPeriod()
        for key, value in data.items():
            setattr(period, key, value)
        self.instance = services.period_save(
            period=period, by=self.context["request"].user,
            quotas={q["agency"].pk: q["quota"] for q in quotas} if quotas is not None else None,
            criteria=[dict(c) for c in criteria] if criteria is not None else None,
        )
        return self.instance


class PeriodViewSet(viewsets.ModelViewSet):
    """Program periods: dates, quotas (default and per agency), eligibility rules, scoring criteria."""

    serializer_class = PeriodSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    search_fields = ["name"]
    ordering_fields = ["nomination_opens", "name"]

    def get_queryset(self):
        return permissions.visible_periods(self.request.user).prefetch_related("quotas", "criteria").order_by(
            "-nomination_opens", "-pk")

    def _check(self):
        if not permissions.can_manage_periods(self.request.user):
            raise PermissionDenied()

    def create(self, request, *args, **kwargs):
        self._check()
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()  # 404 before 403
        self._check()
        return super().update(request, *args, **kwargs)
