"""API: change projects (``projects/``) with their progress reports and integration."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from organization.models import Employee

from .. import permissions, services
from ..models import (
    ChangeProject,
    ProgressReport,
)
from ..selectors import project_list
from ..services.common import NOT_ALLOWED


class ProgressReportSerializer(serializers.ModelSerializer):
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "month", "progress", "activities", "results", "obstacles", "next_steps", "created_at",
                  "evidence"]
        read_only_fields = ["created_at"]

    def get_evidence(self, obj) -> list[str]:
        return [e.original_name for e in obj.evidence.all()]


class ProjectSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all(), many=True, required=False)
    agent_name = serializers.CharField(source="agent.employee.name", read_only=True)
    reports = ProgressReportSerializer(many=True, read_only=True)

    class Meta:
        model = ChangeProject
        fields = ["id", "agent", "agent_name", "agency", "title", "reform_area", "problem", "proposed_change",
                  "target", "indicator", "start_date", "end_date", "members", "status", "progress", "completed_on",
                  "result", "integrated", "integration_kind", "integration_reference", "integrated_on", "reports",
                  "change_verified_at", "change_verified_by", "integration_verified_at", "integration_verified_by",
                  "created_at", "updated_at"]
        read_only_fields = ["agent", "agency", "integrated", "integration_kind", "integration_reference",
                            "integrated_on", "change_verified_at", "change_verified_by", "integration_verified_at",
                            "integration_verified_by", "created_at", "updated_at"]

    def save(self, **kwargs):
        data = dict(self.validated_data)
        members = data.pop("members", None)
        project = self.instance or ChangeProject()
        for key, value in data.items():
            setattr(project, key, value)
        self.instance = services.project_save(project=project, by=self.context["request"].user, members=members)
        return self.instance


class IntegrateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeProject.IntegrationKind.choices)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    integrated_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProjectViewSet(viewsets.ModelViewSet):
    """Change projects (rencana aksi) with their monthly progress reports and the ``integrated`` flag."""

    serializer_class = ProjectSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filterset_fields = ["agency", "status", "reform_area", "integrated"]
    search_fields = ["title"]

    def get_queryset(self):
        qs = project_list(self.request.user, mine=self.request.query_params.get("mine") == "1")
        return qs.prefetch_related("members", Prefetch("reports", ProgressReport.objects.prefetch_related("evidence")))

    def _allowed(self, rule) -> ChangeProject:
        """The project, once the caller may act on it (checked before the data is read: 403 whatever was sent)."""
        project = self.get_object()
        if not rule(self.request.user, project):
            raise PermissionDenied(NOT_ALLOWED)
        return project

    def create(self, request, *args, **kwargs):
        if not permissions.can_create_project(request.user):
            raise PermissionDenied(services.projects.NOT_AN_AGENT)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self._allowed(permissions.can_edit_project)
        return super().update(request, *args, **kwargs)

    @extend_schema(request=IntegrateSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def integrate(self, request, pk=None):
        project = self._allowed(permissions.can_edit_project)
        s = IntegrateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.project_integrate(project=project, by=request.user, **s.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    @extend_schema(request=None, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The agency's kepala or operator verifies the agent's "selesai" / "terintegrasi"; only then it counts
        for the ZI figures."""
        project = self.get_object()
        if not permissions.can_verify_project(request.user, project):
            raise PermissionDenied(services.projects.NOT_VERIFIER)
        services.project_verify(project=project, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    @extend_schema(request=ProgressReportSerializer, responses={201: ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        project = self._allowed(permissions.can_report_progress)
        s = ProgressReportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.report_submit(project=project, by=request.user, files=request.FILES.getlist("evidence"),
                                        **s.validated_data)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)
