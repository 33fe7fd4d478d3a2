"""API of the agents app: ``periods/``, ``nominations/`` (+ submit/endorse/approve/reject/return, history),
``agents/`` and ``projects/``. Every write calls a service; scope comes from ``visible_*`` (404 out of scope)."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from organization.models import Agency, Employee

from . import permissions, services
from .eligibility import check_eligibility
from .models import (
    AgentRole,
    ChangeAgent,
    ChangeProject,
    Nomination,
    NominationTransition,
    ProgramPeriod,
    ProgressReport,
)
from .selectors import agent_registry, nomination_history, nomination_list, project_list

# --- periods --------------------------------------------------------------------------------------------------


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
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = ProgramPeriod
        fields = ["id", "name", "nomination_opens", "nomination_closes", "term_start", "term_end", "default_quota",
                  "employee_types", "min_years_of_service", "min_skp_predikat", "require_no_penalty",
                  "penalty_free_years", "exclude_active_agents", "max_age", "endorsement_reminder_days",
                  "decision_reminder_days", "quotas", "criteria", "is_open"]

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


# --- nominations ----------------------------------------------------------------------------------------------

class NominationSerializer(serializers.ModelSerializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    candidate_nip = serializers.CharField(source="candidate.nip", read_only=True)
    period = serializers.PrimaryKeyRelatedField(queryset=ProgramPeriod.objects.all())

    class Meta:
        model = Nomination
        fields = ["id", "period", "candidate", "candidate_name", "candidate_nip", "agency", "justification", "status",
                  "return_comment", "reject_reason", "decree_number", "decree_date", "decree_signatory",
                  "score_total", "score_count", "created_at", "submitted_at", "endorsed_at", "decided_at"]
        read_only_fields = ["agency", "status", "return_comment", "reject_reason", "decree_number", "decree_date",
                            "decree_signatory", "score_total", "score_count", "created_at", "submitted_at",
                            "endorsed_at", "decided_at"]

    def validate_candidate(self, employee):
        user = self.context["request"].user
        if permissions.can_nominate(user) and not permissions.can_nominate(user, employee.agency_id):
            raise serializers.ValidationError("Calon harus pegawai perangkat daerah Anda sendiri.")
        return employee


class NominationUpdateSerializer(serializers.Serializer):
    justification = serializers.CharField()


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = NominationTransition
        fields = ["id", "action", "from_status", "to_status", "actor", "at", "comment"]

    def get_actor(self, obj) -> str | None:
        return obj.actor.username if obj.actor else None


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    decree_number = serializers.CharField(required=False, allow_blank=True, default="")
    decree_date = serializers.DateField(required=False, allow_null=True, default=None)
    decree_signatory = serializers.CharField(required=False, allow_blank=True, default="")
    roles = serializers.ListField(child=serializers.ChoiceField(choices=AgentRole.choices), required=False)
    term_start = serializers.DateField(required=False, allow_null=True, default=None)
    term_end = serializers.DateField(required=False, allow_null=True, default=None)


class ScoreItemSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreSerializer(serializers.Serializer):
    scores = ScoreItemSerializer(many=True)


class NominationViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                        viewsets.GenericViewSet):
    """Nominations in the caller's scope. Transitions are actions; each answers 403 when the caller's role may
    not take it, 404 when the nomination is outside the caller's scope, 400 with a message per field otherwise."""

    serializer_class = NominationSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filterset_fields = ["period", "status", "agency"]
    search_fields = ["candidate__name", "candidate__nip"]
    ordering_fields = ["updated_at", "score_total"]

    def get_queryset(self):
        if self.action == "list":
            return nomination_list(self.request.user)
        return permissions.visible_nominations(self.request.user)

    def create(self, request, *args, **kwargs):
        if not permissions.can_nominate(request.user):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        nomination = services.nomination_create(by=request.user, period=d["period"], candidate=d["candidate"],
                                                justification=d["justification"],
                                                files=request.FILES.getlist("evidence"))
        return Response(self.get_serializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NominationUpdateSerializer, responses=NominationSerializer)
    def partial_update(self, request, pk=None):
        nomination = self.get_object()
        s = NominationUpdateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        nomination = services.nomination_update(nomination=nomination, by=request.user,
                                                justification=s.validated_data["justification"])
        return Response(self.get_serializer(nomination).data)

    def _done(self, nomination):
        nomination.refresh_from_db()
        return Response(self.get_serializer(nomination).data)

    @extend_schema(request=None, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        nomination = self.get_object()
        services.nomination_submit(nomination=nomination, by=request.user)
        return self._done(nomination)

    @extend_schema(request=CommentSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def endorse(self, request, pk=None):
        nomination = self.get_object()
        s = CommentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_endorse(nomination=nomination, by=request.user, comment=s.validated_data["comment"])
        return self._done(nomination)

    @extend_schema(request=ApproveSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        nomination = self.get_object()
        s = ApproveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_approve(nomination=nomination, by=request.user, **s.validated_data)
        return self._done(nomination)

    @extend_schema(request=RejectSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        nomination = self.get_object()
        s = RejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_reject(nomination=nomination, by=request.user, reason=s.validated_data["reason"])
        return self._done(nomination)

    @extend_schema(request=CommentSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        nomination = self.get_object()
        s = CommentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_return(nomination=nomination, by=request.user, comment=s.validated_data["comment"])
        return self._done(nomination)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        nomination = self.get_object()
        return Response(TransitionSerializer(nomination_history(nomination), many=True).data)

    @extend_schema(responses=inline_serializer("Eligibility", {
        "code": serializers.CharField(), "label": serializers.CharField(), "passed": serializers.BooleanField(),
        "detail": serializers.CharField()}, many=True))
    @action(detail=True, methods=["get"])
    def eligibility(self, request, pk=None):
        n = self.get_object()
        rules = check_eligibility(n.period, n.candidate, exclude_nomination_id=n.pk)
        return Response([{"code": r.code, "label": str(r.label), "passed": r.passed, "detail": str(r.detail)}
                         for r in rules])

    @extend_schema(request=ScoreSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        nomination = self.get_object()
        s = ScoreSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        scores = {i["criterion"]: (i["score"], i["note"]) for i in s.validated_data["scores"]}
        services.nomination_score(nomination=nomination, by=request.user, scores=scores)
        return self._done(nomination)

    @extend_schema(request={"multipart/form-data": inline_serializer("EvidenceUpload", {
        "evidence": serializers.FileField()})}, responses=NominationSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        nomination = self.get_object()
        files = request.FILES.getlist("evidence")
        if not files:
            raise serializers.ValidationError({"evidence": ["Pilih minimal satu berkas."]})
        for f in files:
            services.evidence_add(nomination=nomination, by=request.user, upload=f)
        return self._done(nomination)


# --- change agents --------------------------------------------------------------------------------------------

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


class ChangeAgentViewSet(viewsets.ReadOnlyModelViewSet):
    """The registry. Filters: ``agency``, ``period``, ``kind`` (agen / role_model), ``role``, ``state``
    (active / ended), ``q``."""

    serializer_class = ChangeAgentSerializer
    filter_backends = []  # the selector applies the filters (same as the HTML registry)

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            return agent_registry(self.request.user, agency_id=p.get("agency"), period_id=p.get("period"),
                                  role=p.get("role", ""), state=p.get("state", ""), kind=p.get("kind", ""),
                                  q=p.get("q", ""))
        return permissions.visible_agents(self.request.user)

    @extend_schema(request=EndTermSerializer, responses=ChangeAgentSerializer)
    @action(detail=True, methods=["post"], url_path="end-term")
    def end_term(self, request, pk=None):
        agent = self.get_object()
        s = EndTermSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        agent = services.agent_end_term(agent=agent, by=request.user, **s.validated_data)
        return Response(self.get_serializer(agent).data)

    @extend_schema(request=RenewSerializer, responses=ChangeAgentSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        agent = self.get_object()
        s = RenewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        renewal = services.agent_renew(agent=agent, by=request.user, **s.validated_data)
        return Response(self.get_serializer(renewal).data, status=status.HTTP_201_CREATED)


# --- change projects ------------------------------------------------------------------------------------------

class ReportSerializer(serializers.ModelSerializer):
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
    reports = ReportSerializer(many=True, read_only=True)

    class Meta:
        model = ChangeProject
        fields = ["id", "agent", "agent_name", "agency", "title", "reform_area", "problem", "proposed_change",
                  "target", "indicator", "start_date", "end_date", "members", "status", "progress", "completed_on",
                  "result", "integrated", "integration_kind", "integration_reference", "integrated_on", "reports",
                  "created_at", "updated_at"]
        read_only_fields = ["agent", "agency", "integrated", "integration_kind", "integration_reference",
                            "integrated_on", "created_at", "updated_at"]

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

    def perform_update(self, serializer):
        if not permissions.can_edit_project(self.request.user, serializer.instance):
            raise PermissionDenied()
        serializer.save()

    @extend_schema(request=IntegrateSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def integrate(self, request, pk=None):
        project = self.get_object()
        s = IntegrateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.project_integrate(project=project, by=request.user, **s.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    @extend_schema(request=ReportSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        project = self.get_object()
        s = ReportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.report_submit(project=project, by=request.user, files=request.FILES.getlist("evidence"),
                                        **s.validated_data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


routes = [
    ("periods", PeriodViewSet, "period"),
    ("nominations", NominationViewSet, "nomination"),
    ("agents", ChangeAgentViewSet, "changeagent"),
    ("projects", ProjectViewSet, "project"),
]
