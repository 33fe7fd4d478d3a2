from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agents.models import ProgramPeriod
from agents.views.common import serve_evidence
from organization.permissions import access_object

from . import permissions, selectors, services
from .export import lke_workbook_bytes
from .models import Assessment, Evidence, Indicator, PackBuild, RoundNote


def _period(request) -> ProgramPeriod:
    raw = request.POST.get("period") or request.GET.get("period")
    if raw:
        try:
            return get_object_or_404(ProgramPeriod, pk=int(raw))
        except (TypeError, ValueError):
            raise Http404 from None
    period = selectors.default_period()
    if period is None:
        raise Http404(_("Belum ada periode program."))
    return period


def _scope(request, pk):
    agency = access_object(permissions.visible_zi_agencies(request.user), pk=pk)
    return agency, _period(request)


def _back(agency, period):
    return redirect(f"{reverse('zi:workspace', args=[agency.pk])}?period={period.pk}")


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


@login_required
def index(request):
    if not permissions.can_open_zi(request.user):
        raise PermissionDenied
    period = selectors.default_period()
    ids = None if permissions.can_view_city_scores(request.user) else list(
        permissions.visible_zi_agencies(request.user).values_list("pk", flat=True))
    scores = selectors.city_scores(period, ids) if period is not None else {"rows": [], "city_percent": 0}
    return render(request, "zi/index.html", {"period": period, "scores": scores,
                                             "city": ids is None,
                                             "openable": set(permissions.visible_zi_agencies(request.user)
                                                             .values_list("pk", flat=True))})


@login_required
def workspace(request, pk):
    agency, period = _scope(request, pk)
    data = selectors.workspace(agency, period)
    assessment = data["assessment"]
    can_edit = permissions.can_edit_assessment(request.user, agency.pk, assessment)
    return render(request, "zi/workspace.html", {
        **data, "agency": agency, "period": period, "periods": ProgramPeriod.objects.order_by("-term_start"),
        "can_edit": can_edit, "can_submit": permissions.can_submit_assessment(request.user, agency.pk, assessment),
        "can_review": permissions.can_review_assessment(request.user, assessment),
        "links": selectors.link_choices(agency) if can_edit else {},
        "link_kinds": Evidence.LinkKind.choices, "verdicts": RoundNote.Verdict.choices,
        "statuses": dict(Assessment.Status.choices),
    })


def _require_edit(request, agency, period, *, submit: bool = False) -> None:
    """The rule is checked before the request's data is read, so bad data never turns a refusal into a message."""
    assessment = Assessment.objects.filter(agency=agency, period=period).first()
    rule = permissions.can_submit_assessment if submit else permissions.can_edit_assessment
    if not rule(request.user, agency.pk, assessment):
        raise PermissionDenied


def _indicator(indicator_pk) -> Indicator:
    return get_object_or_404(Indicator, pk=indicator_pk, active=True)


@login_required
@require_POST
def entry_save(request, pk, indicator_pk):
    agency, period = _scope(request, pk)
    _require_edit(request, agency, period)
    try:
        services.entry_save(by=request.user, agency=agency, period=period, indicator=_indicator(indicator_pk),
                            value=request.POST.get("value"), note=request.POST.get("note", ""))
        messages.success(request, _("Isian indikator disimpan."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(agency, period)


@login_required
@require_POST
def evidence_add(request, pk, indicator_pk):
    agency, period = _scope(request, pk)
    _require_edit(request, agency, period)
    indicator = _indicator(indicator_pk)
    try:
        if request.FILES.get("file"):
            services.evidence_add_file(by=request.user, agency=agency, period=period, indicator=indicator,
                                       upload=request.FILES["file"], label=request.POST.get("label", ""))
        else:
            try:
                object_id = int(request.POST.get("object_id", ""))
            except ValueError:
                raise ValidationError({"object_id": _("Pilih berkas untuk diunggah atau data portal untuk ditautkan.")}
                                      ) from None
            services.evidence_add_link(by=request.user, agency=agency, period=period, indicator=indicator,
                                       link_kind=request.POST.get("link_kind", ""), object_id=object_id)
        messages.success(request, _("Bukti ditambahkan."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(agency, period)


def _evidence(agency, evidence_pk) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("entry__assessment"), pk=evidence_pk,
                             entry__assessment__agency=agency)


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    agency, _period_unused = _scope(request, pk)
    evidence = _evidence(agency, evidence_pk)
    services.evidence_remove(by=request.user, evidence=evidence)
    messages.success(request, _("Bukti dihapus."))
    return _back(agency, evidence.entry.assessment.period)


@login_required
def evidence_download(request, pk, evidence_pk):
    agency = access_object(permissions.visible_zi_agencies(request.user), pk=pk)
    evidence = _evidence(agency, evidence_pk)
    if not evidence.is_file:
        raise Http404
    return serve_evidence(evidence)


@login_required
@require_POST
def submit(request, pk):
    agency, period = _scope(request, pk)
    _require_edit(request, agency, period, submit=True)
    services.assessment_submit(by=request.user, agency=agency, period=period, note=request.POST.get("note", ""))
    messages.success(request, _("Lembar kerja diajukan ke penilai."))
    return _back(agency, period)


@login_required
@require_POST
def review(request, pk):
    agency, period = _scope(request, pk)
    assessment = Assessment.objects.filter(agency=agency, period=period).first()
    if not permissions.can_review_assessment(request.user, assessment):
        raise PermissionDenied
    verdicts = {i.pk: (request.POST.get(f"verdict_{i.pk}", RoundNote.Verdict.ACCEPTED),
                       request.POST.get(f"note_{i.pk}", "")) for i in selectors.active_indicators()}
    try:
        services.assessment_review(by=request.user, assessment=assessment, verdicts=verdicts,
                                   summary=request.POST.get("summary", ""))
        messages.success(request, _("Hasil penilaian putaran ini disimpan."))
    except ValidationError as exc:
        _errors(request, exc)
    return _back(agency, period)


@login_required
def export(request, pk):
    agency, period = _scope(request, pk)
    response = HttpResponse(lke_workbook_bytes(agency, period),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="lke-area-1-{agency.code.lower()}-{period.pk}.xlsx"'
    return response


@login_required
@require_POST
def pack_build(request, pk):
    agency, period = _scope(request, pk)
    services.pack_request(by=request.user, agency=agency, period=period)
    messages.success(request, _("Paket bukti sedang disusun; halaman ini menunjukkan kemajuannya."))
    return _back(agency, period)


def pack_response(build: PackBuild) -> FileResponse:
    if build.status != PackBuild.Status.DONE or not build.file:
        raise Http404
    try:
        handle = build.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    name = f"paket-bukti-zi-{build.agency.code.lower()}-{build.period_id}.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")


@login_required
def pack_download(request, pk, build_pk):
    agency = access_object(permissions.visible_zi_agencies(request.user), pk=pk)
    build = get_object_or_404(PackBuild.objects.select_related("agency"), pk=build_pk, agency=agency)
    return pack_response(build)


@login_required
def pack_status(request, pk, build_pk):
    agency = access_object(permissions.visible_zi_agencies(request.user), pk=pk)
    build = get_object_or_404(PackBuild, pk=build_pk, agency=agency)
    return render(request, "zi/_pack.html", {"pack": build, "agency": agency})
