"""``improvement-plans/``: the plans in the caller's scope (read-only), with their weak value, actions and
re-check. City readers see every agency's; a kepala or operator their agency's; anyone else 403."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from . import permissions, selectors
from .models import ImprovementPlan, PlanAction, WeakValue


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


routes = [("improvement-plans", ImprovementPlanViewSet, "improvement-plan")]
