from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agenperubahan import data_versions, fragments
from organization import chrome
from organization.permissions import access_object

from . import permissions, presenters
from .cache import VERSION_KEY, cache_key
from .export import PDF_TYPE, XLSX_TYPE, to_pdf, to_xlsx
from .forms import DashboardFilterForm
from .selectors import agency_figures, city_figures

EXPORT_FORMATS = {"xlsx": (XLSX_TYPE, to_xlsx), "pdf": (PDF_TYPE, to_pdf)}
PAGE_SIZE = 25
SEARCH_MAX = 100


def _filter_form(request, *, with_kind: bool) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET or None, with_kind=with_kind)
    form.is_valid()  # invalid choices show their message and fall back to the default
    return form


def _dashboard_agency(request, pk: int):
    """The agency whose dashboard is asked for: 403 without a dashboard role, 404 outside the user's scope."""
    if not permissions.can_view_dashboards(request.user):
        raise PermissionDenied
    return access_object(permissions.visible_dashboard_agencies(request.user), pk=pk)


#: What a page body is keyed by besides its figures' version: the chrome's version (the institution's name is in the
#: city dashboard's title; ``organization.chrome.bump`` follows every change of it).
BODY_VERSIONS = (VERSION_KEY, chrome.VERSION_KEY)


def _versions(request, *more: str) -> list:
    """The body's versions (``BODY_VERSIONS``, then ``more``) and the reader's own version (roles, for the checks
    that follow) in one round trip to the cache."""
    return fragments.version_values((*BODY_VERSIONS, *more), user=request.user)


def _body_key(request, template: str, vary: tuple, versions: list) -> str:
    figures_version, chrome_version = versions[:2]
    shown = ":".join(str(p) for p in (request.get_full_path(), get_language(), chrome_version, *vary))
    return cache_key("html", template, hashlib.sha256(shown.encode()).hexdigest(), version=figures_version)


def _cached_body(request, template: str, vary: tuple, build: Callable[[], dict], versions: list,
                 found: dict | None = None) -> str:
    """The page body, rendered once and kept under the figures' version (``dashboards.cache``): any change to the
    data renders it afresh. The key also holds everything the body shows that is not a figure: the query string
    (filters and sort order), the language, the chrome's version (the institution's name) and ``vary`` (what the
    reader may open). A cached body needs neither the figures, the presenters nor the filter form, so ``build`` runs
    only on a miss. ``versions``: the values of ``BODY_VERSIONS`` (``_versions``); ``found``: the caller's
    ``get_many`` when it read the body's key (``_body_key``) with its own."""
    key = _body_key(request, template, vary, versions)
    html = found.get(key) if found is not None else cache.get(key)
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


def _reader_links(user) -> tuple:
    """What the reader may open from the "behind" list (part of the cached body's key)."""
    from agents import permissions as agent_permissions

    return (agent_permissions.can_view_stalled(user), agent_permissions.can_list_nominations(user))


def _with(url: str, query: str, extra: str = "") -> str:
    parts = [p for p in (query, extra) if p]
    return f"{url}?{'&'.join(parts)}" if parts else url


def _attention_links(items: list[dict], *, links: tuple, query: str, agency_id: int | None) -> list[dict]:
    """A link for each "behind" line to the page that lists it, when the reader may open that page."""
    can_stalled, can_nominations = links
    agencies = reverse("dashboards:agencies")
    scope = f"agency={agency_id}" if agency_id else ""
    urls = {
        "without_agents": _with(agencies, query, "sort=agents&dir=asc"),
        "reports_overdue": _with(reverse("agents:project_list"), scope),
        "low_response": (_with(agencies, query, "sort=response&dir=asc") if agency_id is None
                         else reverse("dashboards:agency_list", args=[agency_id, "sub-unit"]) + "?sort=response"),
    }
    if can_stalled:
        urls["stalled"] = reverse("agents:nomination_stalled")
    elif can_nominations:
        urls["stalled"] = _with(reverse("agents:nomination_list"), scope)
    return [{**item, "url": urls.get(item["key"])} for item in items]


@login_required
def index(request):
    """The city dashboard; a kepala is taken to the dashboard of the agency they lead."""
    user = request.user
    versions = _versions(request)
    if not permissions.can_view_city_dashboard(user):
        led = sorted(permissions.led_agency_ids(user))
        if not led:
            raise PermissionDenied
        url = reverse("dashboards:agency", args=[led[0]])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    links = _reader_links(user)

    def build() -> dict:
        form = _filter_form(request, with_kind=True)
        figures = city_figures(filters=form.filters())
        glance = presenters.glance_context(figures, city=True)
        glance["attention"] = _attention_links(glance["attention"], links=links, query=form.query(), agency_id=None)
        return {
            **_common_context(figures, form),
            **glance,
            "rankings": presenters.rankings(figures),
            "agents_link": _with(reverse("dashboards:agencies"), form.query(), "sort=quota&dir=desc"),
            "agents_link_label": _("Lihat rincian"),
            "response_link": _with(reverse("dashboards:agencies"), form.query(), "sort=response&dir=asc"),
            "response_link_label": _("Lihat rincian"),
            "title": title,
        }

    title = presenters.page_title(kind=DashboardFilterForm.kind_of(request.GET), institution=chrome.institution(request))
    return render(request, "dashboards/city.html", {
        "title": title, "body": _cached_body(request, "dashboards/_city_body.html", links, build, versions)})


@login_required
def agencies(request):
    """Every agency of the city dashboard: searchable, sortable, paginated (the "Lihat semua" of its lists)."""
    user = request.user
    if not permissions.can_view_city_dashboard(user):
        led = sorted(permissions.led_agency_ids(user))
        if not led:
            raise PermissionDenied
        return redirect("dashboards:agency", led[0])
    form = _filter_form(request, with_kind=True)
    filters = form.filters()
    figures = city_figures(filters=filters)
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    rows, sort, direction = presenters.sort_agencies(
        presenters.search_agencies(figures["agencies"], q), request.GET.get("sort", presenters.DEFAULT_SORT),
        request.GET.get("dir", "asc"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query()
    keep = [*parse_qsl(form.query()), ("sort", sort), ("dir", direction)]
    title = _("Semua perangkat daerah")
    context = {
        "figures": figures, "totals": figures["totals"], "sections": figures["sections"], "form": form,
        "query": query, "q": q, "keep": keep, "keep_query": urlencode(keep),
        "sort_query": "&".join(p for p in (query, urlencode({"q": q}) if q else "") if p),
        "page": page, "sort": sort, "direction": direction,
        "columns": [(key, label) for key, (_field, label) in presenters.SORT_COLUMNS.items()],
        "heatmap": presenters.heatmap(figures, list(page.object_list)),
        "band_legend": presenters.band_legend(figures),
        "link_agencies": True,
        "dashboard_title": presenters.page_title(kind=filters.kind),
        "title": title,
    }
    return render(request, "dashboards/agencies.html", context)


@login_required
def agency(request, pk: int):
    user = request.user
    versions = _versions(request, data_versions.ORGANIZATION)
    if not permissions.can_view_dashboards(user):
        raise PermissionDenied
    can_view_city = permissions.can_view_city_dashboard(user)
    links = _reader_links(user)
    # The agency as visible_dashboard_agencies(user) finds it (cached per scope under the organization version:
    # every write to the agencies bumps it) and the body, in one round trip.
    lookup = fragments.lookup_key("dashboards:agency", versions[2:], (fragments.scope_of(user), pk))
    body_vary = (pk, can_view_city, *links)
    found = cache.get_many([lookup, _body_key(request, "dashboards/_agency_body.html", body_vary, versions)])
    agency = fragments.cached_lookup(
        lookup, found, lambda: permissions.visible_dashboard_agencies(user).filter(pk=pk).first())
    if agency is None:
        raise Http404
    title = presenters.page_title(agency_name=agency.name)

    def build() -> dict:
        form = _filter_form(request, with_kind=False)
        figures = agency_figures(agency=agency, filters=form.filters())
        glance = presenters.glance_context(figures, city=False)
        glance["attention"] = _attention_links(glance["attention"], links=links, query=form.query(),
                                               agency_id=agency.pk)
        detail = figures["detail"]
        units_low, units_high = presenters.bottom_top(detail["units"], "response_rate")
        list_url = reverse("dashboards:agency_list", args=[agency.pk, "agen"])
        units_url = reverse("dashboards:agency_list", args=[agency.pk, "sub-unit"])
        return {
            **_common_context(figures, form),
            **glance,
            "agents_link": list_url, "agents_link_label": _("Lihat rincian"),
            "response_link": units_url, "response_link_label": _("Lihat rincian"),
            "agents_shown": detail["agents"][:presenters.TOP_N],
            "nominations_shown": detail["nominations"][:presenters.TOP_N],
            "nominations_url": _with(reverse("agents:nomination_list"), f"agency={agency.pk}") if links[1] else "",
            "units_low": units_low,
            "units_lists": [(_("Respons terendah"), units_low), (_("Respons tertinggi"), units_high)],
            "agents_url": list_url, "units_url": units_url,
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
        "body": _cached_body(request, "dashboards/_agency_body.html", body_vary, build, versions, found)})


AGENCY_LISTS = {"agen", "sub-unit"}
UNIT_SORTS = {"name": "name", "employees": "employees", "response": "response_rate"}


@login_required
def agency_list(request, pk: int, kind: str):
    """The full list behind an agency dashboard's top five: its agents (``agen``) or its sub-units (``sub-unit``),
    searchable and paginated; scoped like the dashboard (404 outside the reader's scope)."""
    agency = _dashboard_agency(request, pk)
    if kind not in AGENCY_LISTS:
        raise Http404
    form = _filter_form(request, with_kind=False)
    figures = agency_figures(agency=agency, filters=form.filters())
    detail = figures["detail"]
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    needle = q.lower()
    sort, direction = "", "asc"
    if kind == "agen":
        rows = [a for a in detail["agents"]
                if not needle or needle in a["name"].lower() or needle in (a.get("position") or "").lower()]
        title = _("Agen perubahan %(agency)s") % {"agency": agency.abbreviation or agency.name}
    else:
        rows = [u for u in detail["units"] if not needle or needle in u["name"].lower()
                or needle in (u.get("abbreviation") or "").lower()]
        sort = request.GET.get("sort", "name")
        sort = sort if sort in UNIT_SORTS else "name"
        direction = "desc" if request.GET.get("dir") == "desc" else "asc"
        key = UNIT_SORTS[sort]
        present = [r for r in rows if r.get(key) is not None]
        present.sort(key=lambda r: (r[key].lower() if isinstance(r[key], str) else r[key], r["name"].lower()),
                     reverse=direction == "desc")
        rows = present + [r for r in rows if r.get(key) is None]
        title = _("Respons pegawai per sub-unit — %(agency)s") % {"agency": agency.abbreviation or agency.name}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query()
    return render(request, "dashboards/agency_list.html", {
        "title": title, "agency": agency, "kind": kind, "figures": figures, "detail": detail, "page": page,
        "q": q, "query": query, "sort": sort, "direction": direction,
        "keep": [*parse_qsl(query), *([("sort", sort), ("dir", direction)] if sort else [])],
        "sort_query": "&".join(p for p in (query, urlencode({"q": q}) if q else "") if p),
        "project_statuses": presenters.PROJECT_STATUSES, "agent_kinds": presenters.AGENT_KINDS,
        "unit_columns": [("name", _("Sub-unit")), ("employees", _("Pegawai aktif")),
                         ("", _("Penilaian ditugaskan")), ("", _("Penilaian dikirim")),
                         ("response", _("Tingkat respons"))],
        "can_view_city": permissions.can_view_city_dashboard(request.user),
    })


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
