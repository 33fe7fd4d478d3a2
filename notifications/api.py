from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from .models import Notification, Report
from .permissions import visible_reports
from .services import mark_all_read, mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset() scopes to the caller
    filterset_fields = ["kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": mark_all_read(user=request.user)})


class ReportSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    scope = serializers.CharField(source="scope_name", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "kind_display", "agency", "scope", "period_label", "period_start", "period_end",
                  "generated_at", "pdf_url", "xlsx_url"]
        read_only_fields = fields

    def _url(self, report, fmt) -> str | None:
        if not (report.pdf if fmt == "pdf" else report.xlsx):
            return None
        return reverse(f"report-{fmt}", args=[report.pk], request=self.context.get("request"))

    def get_pdf_url(self, report) -> str | None:
        return self._url(report, "pdf")

    def get_xlsx_url(self, report) -> str | None:
        return self._url(report, "xlsx")


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "figures"]
        read_only_fields = fields


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Generated summary reports of the caller's scope (kepala: own agency; pimpinan, Tim RB, admin: all),
    with their PDF and Excel files. Out of scope answers 404."""

    filterset_fields = ["kind", "agency", "period_label"]
    ordering_fields = ["period_start", "generated_at"]

    def get_queryset(self):
        return visible_reports(self.request.user)

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def _file(self, fmt):
        report = self.get_object()
        file = report.pdf if fmt == "pdf" else report.xlsx
        if not file:
            raise Http404
        try:
            handle = file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._file("pdf")

    @extend_schema(responses={
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        return self._file("xlsx")


routes = [
    ("notifications", NotificationViewSet, "notification"),
    ("reports", ReportViewSet, "report"),
]
