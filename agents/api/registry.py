"""API: the agent registry (``agents/``), role models, ending and renewing terms."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from agenperubahan import data_versions
from agenperubahan.api_base import CachedListMixin
from agenperubahan.audit_api import history_response, history_schema
from organization.models import Employee
from organization.permissions import can_see_nip

from .. import permissions, services
from ..models import (
    ChangeAgent,
    ProgramPeriod,
)
from ..selectors import agent_registry
from ..services.common import NOT_ALLOWED
from ..views.common import list_scope


class ChangeAgentSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    employee_nip = serializers.CharField(source="employee.nip", read_only=True)
    is_role_model = serializers.BooleanField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = ChangeAgent
        fields = ["id", "employee", "employee_name", "employee_nip", "agency", "period", "kind", "roles",
                  "is_role_model", "term_start", "term_end", "decree_number", "decree_date", "decree_signatory",
                  "status", "is_current", "ended_on", "end_reason", "renewed_from", "nomination"]
        read_only_fields = fields


class EndTermSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)


class RenewSerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=ProgramPeriod.objects.all())
    decree_number = serializers.CharField(required=False, allow_blank=True, default="")
    decree_date = serializers.DateField(required=False, allow_null=True, default=None)
    decree_signatory = serializers.CharField(required=False, allow_blank=True, default="")


class RoleModelSerializer(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=ProgramPeriod.objects.all(), required=False, allow_null=True,
                                                default=None)
    decree_number = serializers.CharField(required=False, allow_blank=True, default="")
    decree_date = serializers.DateField(required=False, allow_null=True, default=None)
    decree_signatory = serializers.CharField(required=False, allow_blank=True, default="")
    term_start = serializers.DateField()
    term_end = serializers.DateField()


class ChangeAgentViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    """The registry. Filters: ``agency``, ``period``, ``kind`` (agen / role_model), ``role``, ``state``
    (active / upcoming / ended), ``q``."""

    serializer_class = ChangeAgentSerializer
    filter_backends = []  # the selector applies the filters (same as the HTML registry)
    list_versions = (data_versions.AGENTS, data_versions.ORGANIZATION)  # cached list (api_base.CachedListMixin)

    def list_vary(self, request):
        return (list_scope(request.user),)  # the same readers as the registry page (one's own record is visible)

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            return agent_registry(self.request.user, agency_id=p.get("agency"), period_id=p.get("period"),
                                  role=p.get("role", ""), state=p.get("state", ""), kind=p.get("kind", ""),
                                  q=p.get("q", ""), shape="api")
        return permissions.visible_agents(self.request.user)

    def _allowed(self, rule) -> ChangeAgent:
        """The agent, once the caller may act on it (checked before the data is read: 403 whatever was sent)."""
        agent = self.get_object()
        if not rule(self.request.user, agent):
            raise PermissionDenied(NOT_ALLOWED)
        return agent

    @extend_schema(request=RoleModelSerializer, responses={201: ChangeAgentSerializer})
    @action(detail=False, methods=["post"], url_path="role-models")
    def role_models(self, request):
        """Designate a role model with its own decree (SK Role Model). Tim RB only."""
        if not permissions.can_manage_agents(request.user):
            raise PermissionDenied()
        s = RoleModelSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agent = services.role_model_designate(by=request.user, **s.validated_data)
        return Response(self.get_serializer(agent).data, status=status.HTTP_201_CREATED)

    @history_schema("Perubahan catatan agen (masa tugas, peran, SK, pengakhiran), terbaru di atas: pimpinan kota dan "
                    "Tim RB, operator dan kepala perangkat daerahnya, dan agen itu sendiri.")
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        agent = self._allowed(permissions.can_view_agent_history)
        return history_response(self, agent, show_nip=can_see_nip(request.user, agent.employee))

    @extend_schema(request=EndTermSerializer, responses=ChangeAgentSerializer)
    @action(detail=True, methods=["post"], url_path="end-term")
    def end_term(self, request, pk=None):
        agent = self._allowed(permissions.can_end_term)
        s = EndTermSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agent = services.agent_end_term(agent=agent, by=request.user, **s.validated_data)
        return Response(self.get_serializer(agent).data)

    @extend_schema(request=RenewSerializer, responses={201: ChangeAgentSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        agent = self._allowed(permissions.can_renew)
        s = RenewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        renewal = services.agent_renew(agent=agent, by=request.user, **s.validated_data)
        return Response(self.get_serializer(renewal).data, status=status.HTTP_201_CREATED)
