"""API: program periods (``periods/``)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from organization.models import Agency, Employee

from .. import permissions, services
from ..models import ChainStep, ProgramPeriod, chain_errors
from ..services import votes


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
                  "decision_reminder_days", "escalation_days", "approval_chain", "vote_enabled", "vote_opens",
                  "vote_closes", "vote_weight", "scoring_closed_at", "quotas", "criteria", "is_open"]
        read_only_fields = ["scoring_closed_at"]

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

    # --- the staff vote ---

    class VoteCastSerializer(serializers.Serializer):
        nomination = serializers.IntegerField(min_value=1, max_value=2**31 - 1)

    def _vote_agency(self, period) -> int:
        raw = self.request.query_params.get("agency")
        try:
            agency_id = int(raw) if raw else permissions.voter_agency_id(self.request.user)
        except ValueError:
            agency_id = None
        if agency_id is None or not permissions.can_view_vote(self.request.user, period, agency_id):
            raise Http404
        return agency_id

    @extend_schema(
        methods=["GET"], parameters=[OpenApiParameter("agency", int, description="Perangkat daerah (pembaca kota).")],
        responses=inline_serializer("VoteState", {
            "agency": serializers.IntegerField(), "is_open": serializers.BooleanField(),
            "turnout": serializers.DictField(), "candidates": serializers.ListField(),
            "results": serializers.ListField(allow_null=True)}),
    )
    @extend_schema(
        methods=["POST"], request=inline_serializer("VoteCastRequest", {"nomination": serializers.IntegerField(
            min_value=1, max_value=2**31 - 1)}),
        responses={204: None},
    )
    @action(detail=True, methods=["get", "post"], url_path="vote")
    def vote(self, request, pk=None):
        """The staff vote of an agency: shortlist and live turnout; results only after the window closes. POST casts
        the signed-in employee's one secret vote."""
        period = self.get_object()
        if request.method == "POST":
            if not period.vote_enabled:
                raise Http404
            if not permissions.can_vote(request.user, period):
                raise PermissionDenied()
            data = self.VoteCastSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.vote_cast(period=period, by=request.user, nomination_id=data.validated_data["nomination"])
            return Response(status=status.HTTP_204_NO_CONTENT)
        agency_id = self._vote_agency(period)
        show = permissions.can_view_vote_results(request.user, period, agency_id)
        return Response({
            "agency": agency_id, "is_open": period.vote_is_open(), "turnout": votes.turnout(period, agency_id),
            "candidates": [{"nomination": n.pk, "name": n.candidate.name, "position": n.candidate.position,
                            "work_programme": n.justification} for n in votes.shortlist(period, agency_id)],
            "results": [{"nomination": r["nomination"].pk, "name": r["nomination"].candidate.name,
                         "votes": r["votes"], "share": str(r["share"])} for r in votes.results(period, agency_id)]
            if show else None,
        })
