"""``GET /api/v1/dashboard/``: the dashboard's figures for the caller's scope.

A kepala perangkat daerah gets their agency's figures (another agency answers 404); pimpinan daerah, Tim RB and
administrators get the city's, or one agency's with ``?agency=<id>``. Filters: ``period``, ``cycle``, ``kind``
(the last one for the city only). Everyone else gets 403.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from agenperubahan import data_versions, fragments
from agenperubahan.api_base import answer_key, cached_answer
from organization.permissions import access_object

from . import permissions
from .cache import VERSION_KEY
from .forms import DashboardFilterForm
from .selectors import agency_figures, city_figures

AGENCY_NOT_A_NUMBER = gettext_lazy("Isi agency dengan id perangkat daerah (angka).")
ID_PATTERN = re.compile(r"[0-9]{1,18}")
#: The apps whose code builds the answer (``dashboards.selectors`` reads the figures of each): a deploy that changes
#: any of them never serves an answer of the old code.
ANSWER_APPS = ("dashboards", "organization", "agents", "forums", "evaluations")


def _figures_life(response) -> int:
    """How long the answer may be kept: what is left of its figures' life (``DASHBOARD_CACHE_SECONDS`` from when
    they were computed; some depend on the clock), so the answer is never older than the figures would be."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 900)
    try:
        age = (timezone.now() - dt.datetime.fromisoformat(response.data["generated_at"])).total_seconds()
    except (KeyError, TypeError, ValueError):
        return 0
    return max(0, int(seconds - age))


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
        # The figures' and the agencies' versions, and the reader's own (roles, for the checks), in one round trip.
        values = fragments.version_values((VERSION_KEY, data_versions.ORGANIZATION), user=user)
        if not permissions.can_view_dashboards(user):
            raise PermissionDenied
        # The answer as rendered for this scope and query string, until the figures or the agencies change or the
        # day turns (agenperubahan.api_base.cached_answer); only a 200 is kept, a bad filter is answered live.
        key = answer_key(request, "dashboard", ANSWER_APPS, values)
        return cached_answer(key, lambda: self._answer(request, user), timeout=_figures_life)

    def _answer(self, request, user) -> Response:
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
