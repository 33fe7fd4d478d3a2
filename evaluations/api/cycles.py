"""Cycles API: lifecycle actions, assignment review, results and the caller's own report."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response as ApiResponse

from agenperubahan import data_versions
from agenperubahan.api_base import CachedListMixin
from agenperubahan.audit_api import history_response, history_schema
from organization.models import Agency, Employee

from .. import disclosure, permissions, selectors, services
from ..models import Assignment, Cycle, RaterGroup, SubmittedComment

# --- cycles -------------------------------------------------------------------------------------------------

class RaterGroupSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=RaterGroup.choices)
    enabled = serializers.BooleanField(required=False)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False)
    min_count = serializers.IntegerField(min_value=0, max_value=20, required=False)


class CycleSerializer(serializers.ModelSerializer):
    rater_groups = RaterGroupSerializer(many=True, required=False)
    agencies = serializers.PrimaryKeyRelatedField(many=True, queryset=Agency.objects.all(), required=False)
    response_rate = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = ["id", "name", "instrument", "opens_on", "closes_on", "status", "subject_mode", "agencies",
                  "anonymity_threshold", "band_a", "band_b", "band_c", "rater_groups", "response_rate",
                  "opened_at", "closed_at", "published_at"]
        read_only_fields = ["id", "status", "opened_at", "closed_at", "published_at"]

    def get_response_rate(self, obj) -> float | None:
        assigned = getattr(obj, "assigned", None)
        if assigned is None:
            return None
        return round(obj.submitted / assigned * 100, 1) if assigned else 0.0

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["rater_groups"] = [{"group": r.group, "enabled": r.enabled, "weight": str(r.weight),
                                 "min_count": r.min_count} for r in instance.rater_groups.all()]
        return data


class AssignmentAdminSerializer(serializers.ModelSerializer):
    """A rater of a subject. Whether they have submitted is not part of it (issue 13): nobody is shown that."""

    subject_name = serializers.CharField(source="subject.name", read_only=True)
    rater_name = serializers.CharField(source="rater.name", read_only=True)
    subject = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    rater = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())

    class Meta:
        model = Assignment
        fields = ["id", "subject", "subject_name", "rater", "rater_name", "group", "is_manual"]
        read_only_fields = ["id", "is_manual"]


class CommentReviewSerializer(serializers.ModelSerializer):
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    status = serializers.ChoiceField(choices=[SubmittedComment.Status.PUBLISHED, SubmittedComment.Status.HIDDEN])

    class Meta:
        model = SubmittedComment
        fields = ["id", "subject", "subject_name", "text", "status"]
        read_only_fields = ["id", "subject", "subject_name", "text"]


# --- documented answers (read-only: they describe the payloads built below) ---------------------------------

class CellSerializer(serializers.Serializer):
    score = serializers.FloatField(allow_null=True, help_text="0–100; kosong bila penilai terlalu sedikit")
    band = serializers.CharField(allow_null=True, help_text="Kategori A/B/C/D")
    respondents = serializers.IntegerField(allow_null=True, help_text="Kosong bila sel tidak ditampilkan")


class DimensionInfoSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class AgencyResultSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    name = serializers.CharField()
    response_rate = serializers.FloatField(allow_null=True)
    assigned = serializers.IntegerField(allow_null=True)
    submitted = serializers.IntegerField(allow_null=True)
    scores = serializers.DictField(child=CellSerializer(), allow_null=True,
                                   help_text="Per kode dimensi; kosong bila skor belum boleh dilihat")


class CycleResultsSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Cycle.Status.choices)
    threshold = serializers.IntegerField()
    dimensions = DimensionInfoSerializer(many=True)
    response_rate = serializers.FloatField(allow_null=True, help_text="Kosong bila penilai terlalu sedikit")
    assigned = serializers.IntegerField(allow_null=True)
    submitted = serializers.IntegerField(allow_null=True)
    scores = serializers.DictField(child=CellSerializer(), allow_null=True,
                                   help_text="Per kode dimensi; kosong bila skor belum boleh dilihat")
    by_agency = AgencyResultSerializer(many=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportDimensionSerializer(CellSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    groups = serializers.DictField(child=serializers.FloatField(), help_text="Skor per kelompok penilai yang boleh tampil")
    hidden_groups = serializers.ListField(child=serializers.CharField())


class ReportItemSerializer(CellSerializer):
    item = serializers.IntegerField()
    text = serializers.CharField()
    groups = serializers.DictField(child=serializers.FloatField())


class RaterCountSerializer(serializers.Serializer):
    group = serializers.CharField()
    assigned = serializers.IntegerField(allow_null=True, help_text="Kosong untuk kelompok anonim yang terlalu kecil")
    submitted = serializers.IntegerField(allow_null=True)


class SubjectReportSerializer(serializers.Serializer):
    subject = PersonSerializer()
    overall = CellSerializer(allow_null=True, help_text="Kosong bila belum ada jawaban")
    dimensions = ReportDimensionSerializer(many=True)
    items = ReportItemSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField())
    raters = RaterCountSerializer(many=True)


class AssignmentsGeneratedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Jumlah penugasan otomatis yang disusun")


def _cell(cell) -> dict | None:
    if cell is None:
        return None
    return {"score": None if cell.score is None else round(cell.score, 1), "band": cell.band,
            "respondents": cell.raters}


class CycleViewSet(CachedListMixin, viewsets.ModelViewSet):
    """Evaluation cycles: draft → open → closed → published. Tim RB manages; readers see their scope's results."""

    serializer_class = CycleSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["status", "instrument"]
    search_fields = ["name"]
    # The list answer is cached per scope (roles × agencies decide the cycles and the counts shown).
    list_versions = (data_versions.EVALUATIONS, data_versions.ORGANIZATION)

    def get_queryset(self):
        user = self.request.user
        return (permissions.visible_cycles(user)
                .prefetch_related("rater_groups", Prefetch("agencies", queryset=Agency.objects.only("pk")))
                .order_by("-opens_on", "-pk"))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            page = selectors.attach_response_counts(page, permissions.result_agency_ids(self.request.user))
        return page

    def get_object(self):
        cycle = super().get_object()
        if self.action == "retrieve":
            selectors.attach_response_counts([cycle], permissions.result_agency_ids(self.request.user))
        return cycle

    def destroy(self, request, *args, **kwargs):
        self.get_object()  # out of scope answers 404, as everywhere
        raise PermissionDenied(_("Siklus tidak dapat dihapus."))

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        if not permissions.can_manage_cycles(request.user):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        groups = {g.pop("group"): g for g in data.pop("rater_groups", [])}
        cycle = services.cycle_create(by=request.user, agencies=data.pop("agencies", []), groups=groups or None, **data)
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=cycle.pk)).data, status=status.HTTP_201_CREATED)

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()
        if not permissions.can_manage_cycles(request.user):
            raise PermissionDenied()
        serializer = self.get_serializer(cycle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        groups = {g.pop("group"): g for g in data.pop("rater_groups", [])}
        services.cycle_update(cycle=cycle, by=request.user, agencies=data.pop("agencies", None), **data)
        if groups:
            services.rater_groups_update(cycle=cycle, by=request.user, groups=groups)
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=cycle.pk)).data)

    def _transition(self, service):
        cycle = self.get_object()
        service(cycle=cycle, by=self.request.user)
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=cycle.pk)).data)

    @history_schema("Perubahan isian siklus (nama, tanggal, status, ambang, batas predikat, perangkat daerah), terbaru "
                    "di atas: Tim RB. Tidak memuat apa pun tentang penilai atau jawaban.")
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        cycle = self.get_object()
        if not permissions.can_view_cycle_history(request.user, cycle):
            raise PermissionDenied()
        return history_response(self, cycle, show_nip=False)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(services.cycle_open)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(services.cycle_close)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(services.cycle_publish)

    @extend_schema(request=None, responses=AssignmentsGeneratedSerializer)
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        """(Re)build the automatic assignments of a draft from the organisation data."""
        n = services.assignments_generate(cycle=self.get_object(), by=request.user)
        return ApiResponse({"created": n})

    @extend_schema(methods=["get"], responses=AssignmentAdminSerializer(many=True))
    @extend_schema(methods=["post"], request=AssignmentAdminSerializer, responses={201: AssignmentAdminSerializer})
    @action(detail=True, methods=["get", "post"])
    def assignments(self, request, pk=None):
        """Review (GET, paginated) and add (POST) raters. Tim RB only; adding only while the cycle is a draft."""
        cycle = self.get_object()
        if not permissions.can_manage_cycles(request.user):
            raise PermissionDenied()
        if request.method == "POST":
            serializer = AssignmentAdminSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            assignment = services.assignment_add(cycle=cycle, by=request.user, **serializer.validated_data)
            return ApiResponse(AssignmentAdminSerializer(assignment).data, status=status.HTTP_201_CREATED)
        qs = (Assignment.objects.filter(cycle=cycle).select_related("subject", "rater")
              .order_by("subject__name", "subject_id", "group", "rater__name"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AssignmentAdminSerializer(page, many=True).data)

    @extend_schema(responses=CommentReviewSerializer(many=True))
    @action(detail=True, methods=["get"])
    def comments(self, request, pk=None):
        """Comments of a closed cycle for Tim RB to review (paginated, without rater)."""
        cycle = self.get_object()
        if not permissions.can_review_comments(request.user, cycle):
            raise PermissionDenied()
        page = self.paginate_queryset(disclosure.reviewable_comments(cycle))
        return self.get_paginated_response(CommentReviewSerializer(page, many=True).data)

    @extend_schema(request=CommentReviewSerializer, responses=CommentReviewSerializer)
    @action(detail=True, methods=["post"], url_path=r"comments/(?P<comment_id>[^/]+)")
    def review_comment(self, request, pk=None, comment_id=None):
        """Release (``"status": "published"``) or hide (``"hidden"``) one comment."""
        cycle = self.get_object()
        if not permissions.can_review_comments(request.user, cycle):
            raise PermissionDenied()
        try:
            comment = disclosure.reviewable_comments(cycle).filter(pk=uuid.UUID(str(comment_id))).first()
        except ValueError:
            comment = None
        if comment is None:
            raise NotFound()
        serializer = CommentReviewSerializer(comment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "status" not in serializer.validated_data:
            raise serializers.ValidationError({"status": [_("Wajib diisi: 'published' atau 'hidden'.")]})
        services.comment_review(comment=comment, by=request.user, status=serializer.validated_data["status"])
        return ApiResponse(CommentReviewSerializer(comment).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"assignments/(?P<assignment_id>\d+)")
    def remove_assignment(self, request, pk=None, assignment_id=None):
        cycle = self.get_object()
        if not permissions.can_manage_cycles(request.user):
            raise PermissionDenied()
        assignment = get_object_or_404(Assignment, pk=assignment_id, cycle=cycle)
        services.assignment_remove(assignment=assignment, by=request.user)
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("agency", int, description="Batasi ke satu perangkat daerah"),
                    OpenApiParameter("subject", int, description="ID pegawai: laporan satu orang (Tim RB)")],
        responses=PolymorphicProxySerializer(component_name="CycleResultsOrSubjectReport",
                                             serializers=[CycleResultsSerializer, SubjectReportSerializer],
                                             resource_type_field_name=None),
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Response rate per agency; scores per agency × dimension (and per subject with ``?subject=``)."""
        cycle = self.get_object()
        if not permissions.can_view_results(request.user, cycle):
            raise NotFound()
        scope = permissions.result_agency_ids(request.user)
        agency = request.query_params.get("agency")
        if agency:
            if not agency.isdigit() or (scope is not None and int(agency) not in scope):
                raise NotFound()
            scope = {int(agency)}
        subject_id = request.query_params.get("subject")
        if subject_id:
            if not permissions.can_view_subject_results(request.user, cycle) or not subject_id.isdigit():
                raise NotFound()
            subject = get_object_or_404(selectors.cycle_subjects_page_qs(cycle, agency_ids=scope), pk=int(subject_id))
            return ApiResponse(_report_payload(selectors.subject_report(cycle, subject)))
        show_scores = permissions.can_view_scores(request.user, cycle)
        data = selectors.cycle_results(cycle, agency_ids=scope, show_scores=show_scores)
        return ApiResponse({
            "cycle": cycle.pk, "status": cycle.status, "threshold": cycle.anonymity_threshold,
            "dimensions": [{"code": d.code, "name": d.name, "kind": d.kind} for d in data.ctx.dimensions],
            "response_rate": data.total_rate["rate"], "assigned": data.total_rate["assigned"],
            "submitted": data.total_rate["submitted"],
            "scores": {code: _cell(cell) for code, cell in data.scope.items()} if show_scores else None,
            "by_agency": [
                {"agency": a.pk, "name": a.name, "response_rate": data.rates[a.pk]["rate"],
                 "assigned": data.rates[a.pk]["assigned"], "submitted": data.rates[a.pk]["submitted"],
                 "scores": {c: _cell(cell) for c, cell in data.heatmap.get(a.pk, {}).items()} if show_scores else None}
                for a in data.agencies
            ],
        })

    @extend_schema(responses=SubjectReportSerializer)
    @action(detail=True, methods=["get"], url_path="my-report")
    def my_report(self, request, pk=None):
        """The caller's own report for a published cycle in which they were rated."""
        cycle = get_object_or_404(selectors.my_reports(request.user), pk=pk)
        return ApiResponse(_report_payload(selectors.subject_report(cycle, request.user.employee)))


def _report_payload(report) -> dict:
    return {
        "subject": {"id": report.subject.pk, "name": report.subject.name},
        "overall": _cell(report.overall),
        "dimensions": [{"code": d.code, "name": d.name, **_cell(c),
                        "groups": {g: round(v, 1) for g, v in c.groups.items()}, "hidden_groups": c.hidden}
                       for d, c in report.dimensions],
        "items": [{"item": i.pk, "text": i.text, **_cell(c), "groups": {g: round(v, 1) for g, v in c.groups.items()}}
                  for i, c in report.items],
        "comments": report.comments,
        "raters": [{"group": str(r["group"]), "assigned": r["assigned"], "submitted": r["submitted"]}
                   for r in report.counts],
    }
