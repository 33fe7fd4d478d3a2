"""The caller's assignments and their answers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from agenperubahan import data_versions
from agenperubahan.api_base import CachedListMixin

from .. import selectors, services
from ..models import Assignment, Response

# --- my assignments -----------------------------------------------------------------------------------------

class AnswerInSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    score = serializers.JSONField(allow_null=True)


class ResponseInSerializer(serializers.Serializer):
    answers = AnswerInSerializer(many=True, required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    submit = serializers.BooleanField(required=False, default=False)


class PatternComparisonSerializer(serializers.Serializer):
    band = serializers.CharField()
    label = serializers.CharField()


class MyPatternSerializer(serializers.Serializer):
    cycle_id = serializers.IntegerField()
    cycle = serializers.CharField()
    status = serializers.CharField()
    submissions = serializers.IntegerField()
    mean = serializers.FloatField()
    spread = serializers.FloatField()
    straight_lined = serializers.IntegerField()
    comparison = PatternComparisonSerializer(allow_null=True)
    comparison_note = serializers.CharField(allow_blank=True)


class MyAssignmentSerializer(serializers.ModelSerializer):
    cycle_name = serializers.CharField(source="cycle.name", read_only=True)
    deadline = serializers.DateField(source="cycle.closes_on", read_only=True)
    subject_name = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "cycle", "cycle_name", "deadline", "group", "subject", "subject_name", "status"]

    def get_subject_name(self, obj) -> str:
        if obj.cycle.instrument.is_survey:
            return f"Survei budaya kerja — {obj.subject.agency}"
        return obj.subject.name

    def get_status(self, obj) -> str:
        try:
            response = obj.response
        except Response.DoesNotExist:
            return "pending"
        return "submitted" if response.submitted_at else "draft"


class MyAssignmentDetailSerializer(MyAssignmentSerializer):
    items = serializers.SerializerMethodField()
    scale = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()

    class Meta(MyAssignmentSerializer.Meta):
        fields = [*MyAssignmentSerializer.Meta.fields, "scale", "items", "answers", "comment"]

    def get_items(self, obj) -> list[dict]:
        return [{"id": i.pk, "dimension": i.dimension.name, "text": i.text} for i in selectors.items_for(obj)]

    def get_scale(self, obj) -> dict:
        instrument = obj.cycle.instrument
        return {"min": instrument.scale_min, "max": instrument.scale_max,
                "points": [{"value": v, "label": label} for v, label in instrument.scale_points]}

    def get_answers(self, obj) -> list[dict]:
        try:
            return [{"item": a.item_id, "score": a.score} for a in obj.response.answers.all()]
        except Response.DoesNotExist:
            return []

    def get_comment(self, obj) -> str:
        try:
            return obj.response.comment
        except Response.DoesNotExist:
            return ""


class AssignmentViewSet(CachedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's assignments (pending by default; ``?status=all``). Another person's assignment answers 404."""

    serializer_class = MyAssignmentSerializer
    filterset_fields = ["cycle", "group"]
    list_versions = (data_versions.EVALUATIONS, data_versions.ORGANIZATION)  # cached list (api_base.CachedListMixin)

    def list_vary(self, request):
        return (f"e{request.user.employee_id or '-'}",)  # the rater's own list: keyed by the person

    def get_queryset(self):
        status_filter = self.request.query_params.get("status", "pending")
        listing = self.action == "list"
        return selectors.my_assignments(self.request.user, pending_only=listing and status_filter == "pending",
                                        for_list=listing)

    def get_serializer_class(self):
        return MyAssignmentDetailSerializer if self.action == "retrieve" else MyAssignmentSerializer

    @extend_schema(responses=MyPatternSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="my-pattern", pagination_class=None, filter_backends=[])
    def my_pattern(self, request):
        """The caller's own rating pattern per cycle (issue 17): only theirs; there is no way to ask for another
        person's. The comparison with the other raters is a band, once the cycle is published."""
        return ApiResponse(MyPatternSerializer(selectors.my_rater_patterns(request.user), many=True).data)

    @extend_schema(request=ResponseInSerializer, responses=MyAssignmentDetailSerializer)
    @action(detail=True, methods=["post"], url_path="response")
    def save_response(self, request, pk=None):
        """Save answers as a draft, or submit them with ``"submit": true`` (every item required)."""
        assignment = self.get_object()
        serializer = ResponseInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.response_save(assignment=assignment, by=request.user, answers=data["answers"],
                               comment=data["comment"], submit=data["submit"])
        fresh = selectors.my_assignments(request.user).get(pk=assignment.pk)
        return ApiResponse(MyAssignmentDetailSerializer(fresh).data)
