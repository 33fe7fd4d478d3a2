"""``GET /api/v1/dashboard/``: the dashboard's figures for the caller's scope.

A kepala perangkat daerah gets their agency's figures (another agency answers 404); pimpinan daerah, Tim RB and
administrators get the city's, or one agency's with ``?agency=<id>``. Filters: ``period``, ``cycle``, ``kind``
(the last one for the city only). Everyone else gets 403.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from organization.permissions import access_object

from . import permissions
from .forms import DashboardFilterForm
from .selectors import agency_figures, city_figures

AGENCY_NOT_A_NUMBER = gettext_lazy("Isi agency dengan id perangkat daerah (angka).")
ID_PATTERN = re.compile(r"[0-9]{1,18}")


class DashboardView(APIView):
    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.INT, description="Id perangkat daerah (pimpinan, Tim RB, admin)."),
            OpenApiParameter("period", OpenApiTypes.INT, description="Id periode program; kosong: periode berjalan."),
            OpenApiParameter("cycle", OpenApiTypes.INT, description="Id siklus terbit; kosong: siklus terbit terakhir."),
            OpenApiParameter("kind", OpenApiTypes.STR, description="Jenis perangkat daerah (dinas, badan, kecamatan, …)."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        user = request.user
        if not permissions.can_view_dashboards(user):
            raise PermissionDenied
        raw_agency = request.query_params.get("agency", "")
        if raw_agency and not ID_PATTERN.fullmatch(raw_agency):
            raise exceptions.ValidationError({"agency": [AGENCY_NOT_A_NUMBER]})
        city = permissions.can_view_city_dashboard(user)
        if not raw_agency and not city:
            raw_agency = str(min(permissions.led_agency_ids(user)))
        form = DashboardFilterForm(request.query_params, with_kind=not raw_agency)
        if not form.is_valid():
            raise exceptions.ValidationError({f: [str(e) for e in errs] for f, errs in form.errors.items()})
        if raw_agency:
            try:
                agency = access_object(permissions.visible_dashboard_agencies(user), pk=int(raw_agency))
            except Http404:
                raise exceptions.NotFound() from None
            return Response(agency_figures(agency=agency, filters=form.filters()))
        return Response(city_figures(filters=form.filters()))


urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
