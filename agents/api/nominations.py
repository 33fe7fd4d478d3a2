"""API: nominations (``nominations/``) with their workflow actions, history, scoring and evidence."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from agenperubahan import data_versions
from agenperubahan.api_base import FIELD, CachedListMixin
from agenperubahan.audit_api import history_response, history_schema
from organization.models import Employee
from organization.permissions import can_see_nip

from .. import permissions, services
from ..eligibility import check_eligibility
from ..models import (
    AgentRole,
    Nomination,
    ProgramPeriod,
)
from ..selectors import nomination_history, nomination_list, stalled_nominations
from ..views.common import list_scope


class NominationSerializer(serializers.ModelSerializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    candidate_nip = serializers.CharField(source="candidate.nip", read_only=True)
    period = serializers.PrimaryKeyRelatedField(queryset=ProgramPeriod.objects.all())

    class Meta:
        model = Nomination
        fields = ["id", "period", "candidate", "candidate_name", "candidate_nip", "agency", "justification", "status",
                  "return_comment", "reject_reason", "decree_number", "decree_date", "decree_signatory",
                  "score_total", "score_count", "created_at", "submitted_at", "endorsed_at", "decided_at",
                  "endorse_step", "waiting_since"]
        read_only_fields = ["agency", "status", "return_comment", "reject_reason", "decree_number", "decree_date",
                            "decree_signatory", "score_total", "score_count", "created_at", "submitted_at",
                            "endorsed_at", "decided_at", "endorse_step", "waiting_since"]

    def validate_candidate(self, employee):
        user = self.context["request"].user
        if permissions.can_nominate(user) and not permissions.can_nominate(user, employee.agency_id):
            raise serializers.ValidationError(_("Calon harus pegawai perangkat daerah Anda sendiri."))
        if not permissions.can_act_on_candidate(user, employee.pk):
            raise serializers.ValidationError(services.nominations.SELF_NOMINATION)
        return employee


class NominationUpdateSerializer(serializers.Serializer):
    justification = serializers.CharField()


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
    confirm_unscored = serializers.BooleanField(
        required=False, default=False,
        help_text="Wajib true bila belum ada nilai panel: Tim RB sengaja menetapkan tanpa nilai (dicatat di riwayat).")


class ScoreItemSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreSerializer(serializers.Serializer):
    scores = ScoreItemSerializer(many=True)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter(
    "stalled", bool, description="true: hanya nominasi yang menunggu lebih lama dari batas eskalasi periodenya "
    "(escalation_days), terlama dahulu.")]))
class NominationViewSet(CachedListMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                        mixins.ListModelMixin, viewsets.GenericViewSet):
    """Nominations in the caller's scope. Transitions are actions; each answers 403 when the caller's role may
    not take it, 404 when the nomination is outside the caller's scope, 400 with a message per field otherwise."""

    serializer_class = NominationSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filterset_fields = ["period", "status", "agency"]
    search_fields = ["candidate__name", "candidate__nip"]
    ordering_fields = ["updated_at", "score_total"]
    list_versions = (data_versions.AGENTS, data_versions.ORGANIZATION)  # cached list (api_base.CachedListMixin)
    # A built list reads its rows with values(): what NominationSerializer gives, without model instances.
    list_columns = {
        "id": "id", "period": "period", "candidate": "candidate", "candidate_name": "candidate__name",
        "candidate_nip": "candidate__nip", "agency": "agency", "justification": "justification", "status": "status",
        "return_comment": "return_comment", "reject_reason": "reject_reason", "decree_number": "decree_number",
        "decree_date": ("decree_date", FIELD), "decree_signatory": "decree_signatory",
        "score_total": ("score_total", FIELD), "score_count": "score_count", "created_at": ("created_at", FIELD),
        "submitted_at": ("submitted_at", FIELD), "endorsed_at": ("endorsed_at", FIELD),
        "decided_at": ("decided_at", FIELD), "endorse_step": "endorse_step", "waiting_since": ("waiting_since", FIELD),
    }

    def list_vary(self, request):
        if self._stalled():
            return None  # "waiting longer than" moves with the clock: answered live
        return (list_scope(request.user),)  # the same readers as the nomination page (the person, outside the city)

    def _stalled(self) -> bool:
        return self.request.query_params.get("stalled", "").lower() in ("1", "true", "yes")

    def get_queryset(self):
        if self.action == "list":
            if self._stalled():
                return stalled_nominations(self.request.user).select_related(None).select_related("candidate")
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

    def _allowed(self, rule, action: str = "") -> Nomination:
        """The nomination, once the caller may act on it: the rule is checked before the data is read, so a role
        that may not act gets 403 whatever it sent (out of scope stays 404)."""
        nomination = self.get_object()
        if not rule(self.request.user, nomination):
            raise services.nominations.not_allowed(nomination, action, self.request.user)
        return nomination

    def _transition(self, action: str) -> Nomination:
        return self._allowed(lambda user, n: permissions.can_transition(user, n, action), action)

    @extend_schema(request=NominationUpdateSerializer, responses=NominationSerializer)
    def partial_update(self, request, pk=None):
        nomination = self._allowed(permissions.can_edit_nomination)
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
        nomination = self._transition("endorse")
        s = CommentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_endorse(nomination=nomination, by=request.user, comment=s.validated_data["comment"])
        return self._done(nomination)

    @extend_schema(request=ApproveSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        nomination = self._transition("approve")
        s = ApproveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_approve(nomination=nomination, by=request.user, **s.validated_data)
        return self._done(nomination)

    @extend_schema(request=RejectSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        nomination = self._transition("reject")
        s = RejectSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_reject(nomination=nomination, by=request.user, reason=s.validated_data["reason"])
        return self._done(nomination)

    @extend_schema(request=CommentSerializer, responses=NominationSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        nomination = self._transition("return")
        s = CommentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.nomination_return(nomination=nomination, by=request.user, comment=s.validated_data["comment"])
        return self._done(nomination)

    @history_schema("Perubahan isi nominasi dan langkah alurnya (diajukan, disetujui, ditetapkan, …) dalam satu "
                    "garis waktu, terbaru di atas; untuk siapa pun yang dapat melihat nominasi.")
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        nomination = self.get_object()
        if not permissions.can_view_nomination_history(request.user, nomination):
            raise PermissionDenied()
        return history_response(self, nomination, show_nip=can_see_nip(request.user, nomination.candidate),
                                transitions=nomination_history(nomination))

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
        services.nominations.check_scorer(request.user, nomination)
        s = ScoreSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        scores = {i["criterion"]: (i["score"], i["note"]) for i in s.validated_data["scores"]}
        services.nomination_score(nomination=nomination, by=request.user, scores=scores)
        return self._done(nomination)

    @extend_schema(request={"multipart/form-data": inline_serializer("EvidenceUpload", {
        "evidence": serializers.FileField()})}, responses=NominationSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        nomination = self._allowed(permissions.can_edit_nomination)
        files = request.FILES.getlist("evidence")
        if not files:
            raise serializers.ValidationError({"evidence": ["Pilih minimal satu berkas."]})
        services.evidence_add_many(nomination=nomination, by=request.user, uploads=files)
        return self._done(nomination)
