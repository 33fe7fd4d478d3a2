"""API of the documents app: ``documents/`` (list, detail, download; scoped) and ``verifications/{code}/`` (public,
throttled: the same answer as the page ``/verifikasi/<code>/``)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from . import permissions, services
from .models import Document


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    superseded = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "kind_label", "period", "agency", "version", "number", "date", "reason",
                  "created_at", "superseded"]

    def get_superseded(self, obj) -> bool:
        return obj.superseded_by_id is not None


@extend_schema(parameters=[OpenApiParameter("period", int), OpenApiParameter("kind", str)])
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Minutes and SKs of the periods, as far as the user may see them (404 otherwise)."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        qs = permissions.visible_documents(self.request.user).order_by("period_id", "kind", "-version")
        period = self.request.query_params.get("period")
        if period and period.isdigit():
            qs = qs.filter(period_id=int(period))
        kind = self.request.query_params.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        return qs

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=f"dokumen-{document.pk}.pdf",
                                content_type="application/pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response


class VerificationThrottle(AnonRateThrottle):
    scope = "verification"


class VerificationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Public: does this code belong to an SK or an appointment issued by the portal? Number, date, names and
    status only."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [VerificationThrottle]
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9_\-]{1,64}"
    queryset = Document.objects.none()

    @extend_schema(responses=inline_serializer("Verification", {
        "kind": serializers.CharField(), "number": serializers.CharField(), "date": serializers.DateField(),
        "signed": serializers.BooleanField(), "superseded": serializers.BooleanField(),
        "people": serializers.ListField(child=serializers.DictField())}))
    def retrieve(self, request, code=None):
        data = services.verification(code)
        if data is None:
            raise Http404
        extra = {"details": {str(k): str(v) for k, v in data["details"].items()}} if data.get("details") else {}
        return Response({**data, **extra, "kind": str(data["kind"]),
                         "people": [{**p, "role": str(p["role"])} for p in data["people"]]})


routes = [
    ("documents", DocumentViewSet, "document"),
    ("verifications", VerificationViewSet, "verification"),
]
