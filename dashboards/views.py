from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language

from organization.permissions import access_object

from . import permissions, presenters
from .cache import cache_key
from .export import PDF_TYPE, XLSX_TYPE, to_pdf, to_xlsx
from .forms import DashboardFilterForm
from .selectors import agency_figures, city_figures

EXPORT_FORMATS = {"xlsx": (XLSX_TYPE, to_xlsx), "pdf": (PDF_TYPE, to_pdf)}


def _filter_form(request, *, with_kind: bool) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET or None, with_kind=with_kind)
    form.is_valid()  # invalid choices show their message and fall back to the default
    return form


def _dashboard_agency(request, pk: int):
    """The agency whose dashboard is asked for: 403 without a dashboard role, 404 outside the user's scope."""
    if not permissions.can_view_dashboards(request.user):
        raise PermissionDenied
    return access_object(permissions.visible_dashboard_agencies(request.user), pk=pk)


def _cached_body(request, template: str, vary: tuple, build: Callable[[], dict]) -> str:
    """The page body, rendered once and kept under the figures' version (``dashboards.cache``): any change to the
    data renders it afresh. The key also holds everything the body shows that is not a figure: the query string
    (filters and sort order), the language, and ``vary`` (what the reader may open). A cached body needs neither
    the figures nor the presenters, so ``build`` runs only on a miss."""
    shown = ":".join(str(p) for p in (request.get_full_path(), get_language(), *vary))
    key = cache_key("html", template, hashlib.sha256(shown.encode()).hexdigest())
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, build(), request)
        cache.set(key, html, timeout=getattr(settings, "DASHBOARD_CACHE_SECONDS", 900))
    return mark_safe(html)  # nosec B308 B703: rendered by the template engine above, which escaped the data


def _common_context(figures: dict, form: DashboardFilterForm) -> dict:
    return {
        "figures": figures,
        "totals": figures["totals"],
        "sections": figures["sections"],
        "form": form,
        "query": form.query(),
        "charts": presenters.chart_data(figures),
        "heatmap": presenters.heatmap(figures),
        "band_legend": presenters.band_legend(figures),
        "nomination_stages": presenters.nomination_stages(figures["totals"].get("nominations") or {}),
        "zi_grade_labels": presenters.ZI_GRADE_LABELS,
    }


@login_required
def index(request):
    """The city dashboard; a kepala is taken to the dashboard of the agency they lead."""
    user = request.user
    if not permissions.can_view_city_dashboard(user):
        led = sorted(permissions.led_agency_ids(user))
        if not led:
            raise PermissionDenied
        url = reverse("dashboards:agency", args=[led[0]])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    form = _filter_form(request, with_kind=True)
    filters = form.filters()

    def build() -> dict:
        figures = city_figures(filters=filters)
        rows, sort, direction = presenters.sort_agencies(
            figures["agencies"], request.GET.get("sort", presenters.DEFAULT_SORT), request.GET.get("dir", "asc"))
        return {
            **_common_context(figures, form),
            "rows": rows, "sort": sort, "direction": direction,
            "columns": [(key, label) for key, (_field, label) in presenters.SORT_COLUMNS.items()],
            "title": title,
            "chart_height": max(240, 22 * len(rows) + 60),
        }

    title = presenters.page_title(kind=filters.kind)
    return render(request, "dashboards/city.html", {
        "title": title, "body": _cached_body(request, "dashboards/_city_body.html", (), build)})


@login_required
def agency(request, pk: int):
    agency = _dashboard_agency(request, pk)
    form = _filter_form(request, with_kind=False)
    can_view_city = permissions.can_view_city_dashboard(request.user)
    title = presenters.page_title(agency_name=agency.name)

    def build() -> dict:
        figures = agency_figures(agency=agency, filters=form.filters())
        return {
            **_common_context(figures, form),
            "agency": agency,
            "row": figures["agencies"][0] if figures["agencies"] else {},
            "detail": figures["detail"],
            "project_statuses": presenters.PROJECT_STATUSES,
            "agent_kinds": presenters.AGENT_KINDS,
            "nomination_labels": dict(presenters.NOMINATION_STATUSES),
            "can_view_city": can_view_city,
            "title": title,
        }

    return render(request, "dashboards/agency.html", {
        "title": title,
        "body": _cached_body(request, "dashboards/_agency_body.html", (agency.pk, can_view_city), build)})


def _export_response(title: str, figures: dict, fmt: str, filename: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    content_type, render_file = EXPORT_FORMATS[fmt]
    if fmt == "pdf":
        body = to_pdf(title, presenters.export_tables(figures, compact=True), period=presenters.period_label(figures),
                      charts=presenters.export_charts(figures))
    else:
        body = render_file(title, presenters.export_tables(figures))
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


@login_required
def export(request, fmt: str):
    user = request.user
    if not permissions.can_view_city_dashboard(user):
        led = sorted(permissions.led_agency_ids(user))
        if not led:
            raise PermissionDenied
        url = reverse("dashboards:agency_export", args=[led[0], fmt])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = _filter_form(request, with_kind=True)
    figures = city_figures(filters=form.filters())
    return _export_response(presenters.title_for(figures), figures, fmt, "dasbor-kota")


@login_required
def agency_export(request, pk: int, fmt: str):
    agency = _dashboard_agency(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = _filter_form(request, with_kind=False)
    figures = agency_figures(agency=agency, filters=form.filters())
    name = slugify(agency.abbreviation or agency.name) or str(agency.pk)
    return _export_response(presenters.title_for(figures, agency.name), figures, fmt, f"dasbor-{name}")
