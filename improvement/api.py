"""``improvement-plans/``: the plans in the caller's scope (read-only), with their weak value, actions and
re-check. City readers see every agency's; a kepala or operator their agency's; anyone else 403."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.models import Cycle

from . import permissions, rater_quality, selectors
from .models import ImprovementPlan, PlanAction, RecognitionProposal, WeakValue


class WeakValueSerializer(serializers.ModelSerializer):
    drop = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = WeakValue
        fields = ["id", "cycle", "agency", "code", "name", "score", "previous_cycle", "previous_score", "drop",
                  "is_lowest", "has_fallen"]


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "what", "owner", "due_date", "indicator", "agents", "done"]


class ImprovementPlanSerializer(serializers.ModelSerializer):
    weak_value = WeakValueSerializer(read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)
    change = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ImprovementPlan
        fields = ["id", "agency", "weak_value", "summary", "target_score", "status", "progress", "last_progress_at",
                  "actions", "rechecked_cycle", "score_after", "change", "target_met", "created_at"]


class ImprovementPlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ImprovementPlanSerializer
    queryset = ImprovementPlan.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        user = self.request.user
        if not permissions.can_view_plans(user):
            raise PermissionDenied
        return selectors.plan_list(user).prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.prefetch_related("agents")))


class RecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecognitionProposal
        fields = ["id", "cycle", "employee", "code", "name", "score", "group_scores", "previous_score", "status",
                  "reason", "reviewed_at", "role_model"]


class RecognitionViewSet(viewsets.ReadOnlyModelViewSet):
    """``recognitions/``: role-model proposals. Tim RB (and administrators) all of them; anyone else their own
    accepted recognitions."""

    serializer_class = RecognitionSerializer
    queryset = RecognitionProposal.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return selectors.recognition_list(self.request.user)


class RaterQualityView(APIView):
    """``GET cycles/{id}/rater-quality/``: the cycle's rater-bias analytics (Tim RB and administrators; others
    403): counts and distributions per agency and rater group, ``null`` where the anonymity rule hides a cell."""

    @extend_schema(operation_id="cycles_rater_quality_retrieve", responses={200: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)])
    def get(self, request, id: str):
        if not permissions.can_view_rater_quality(request.user):
            raise PermissionDenied
        if not id.isdigit() or len(id) > 18:
            raise NotFound
        cycle = Cycle.objects.select_related("instrument").filter(pk=int(id)).first()
        if cycle is None:
            raise NotFound
        data = rater_quality.rater_quality(cycle)
        straight = selectors.straight_lining_state(cycle)
        data["straight_lining"] = {
            "exclude": straight["exclude"], "editable": straight["editable"], "excluded": straight["excluded"],
            "trail": [{"exclude": t["exclude"], "at": t["at"].isoformat(), "by": t["by"]} for t in straight["trail"]]}
        if data.get("available"):
            data["groups"] = [{"group": g, "label": str(label)} for g, label in data["groups"]]
            data["gaps"]["values"] = [{"code": c, "name": n} for c, n in data["gaps"]["values"]]
        return Response(data)


routes = [("improvement-plans", ImprovementPlanViewSet, "improvement-plan"),
          ("recognitions", RecognitionViewSet, "recognition")]
# The same id pattern as the router's (any segment), so a malformed id answers the API's JSON 404, not a page.
urlpatterns = [re_path(r"^cycles/(?P<id>[^/.]+)/rater-quality/$", RaterQualityView.as_view(),
                       name="cycle-rater-quality")]
