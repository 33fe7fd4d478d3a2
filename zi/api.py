"""``GET /api/v1/agencies/{id}/zi-pack/?period=<id>``: the agency's evidence pack for a period.

200 streams the ZIP of the latest finished build; when there is none yet, a build is queued (or the one under way
reused) and the answer is 202 with its status and progress, to be asked again. Scope: the agency's own people and
Tim RB/administrators; anyone else 404 (anonymous 403).
"""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agents.models import ProgramPeriod
from organization.permissions import access_object

from . import permissions, selectors, services
from .models import PackBuild
from .views import pack_response

PERIOD_REQUIRED = gettext_lazy("Isi period dengan id periode program (angka).")
UNKNOWN_PERIOD = gettext_lazy("Periode program ini tidak ada.")
ID_PATTERN = re.compile(r"[0-9]{1,18}")


class ZiPackView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="agencies_zi_pack_retrieve",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Id perangkat daerah."),
                    OpenApiParameter("period", OpenApiTypes.INT, required=True, description="Id periode program.")],
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 202: OpenApiTypes.OBJECT},
    )
    def get(self, request, id):  # noqa: A002 (the schema's name for the path parameter)
        # The id is matched here, not by the URL converter, so a malformed one is a JSON 404 like a missing one.
        if not ID_PATTERN.fullmatch(id):
            raise exceptions.NotFound()
        try:
            agency = access_object(permissions.visible_zi_agencies(request.user), pk=int(id))
        except Http404:
            raise exceptions.NotFound() from None
        raw = request.query_params.get("period", "")
        if not ID_PATTERN.fullmatch(raw):
            raise exceptions.ValidationError({"period": [PERIOD_REQUIRED]})
        period = ProgramPeriod.objects.filter(pk=int(raw)).first()
        if period is None:
            raise exceptions.ValidationError({"period": [UNKNOWN_PERIOD]})
        latest = selectors.latest_pack(agency, period)
        if latest is not None and latest.status == PackBuild.Status.DONE:
            return pack_response(latest)
        build = services.pack_request(by=request.user, agency=agency, period=period)
        build.refresh_from_db()
        return Response({"id": build.pk, "status": build.status, "progress": build.progress},
                        status=status.HTTP_202_ACCEPTED)


urlpatterns = [path("agencies/<str:id>/zi-pack/", ZiPackView.as_view(), name="agency-zi-pack")]
