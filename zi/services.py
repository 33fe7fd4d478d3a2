"""Writes of the ZI workspace: entries, evidence, submission, review, and queuing a pack build."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agents.models import ChangeAgent, ChangeProject, ProgramPeriod, ProgressReport
from agents.uploads import detect_evidence_type
from organization.models import Agency, User

from . import permissions, selectors
from .models import Assessment, Entry, Evidence, Indicator, PackBuild, ReviewRound, RoundNote

NOT_ALLOWED = _("Anda tidak berwenang melakukan tindakan ini pada lembar kerja ZI ini.")
VALUE_RANGE = _("Nilai diisi angka 0–100.")
AUTO_VALUE = _("Nilai indikator ini diisi otomatis dari data portal.")
PACK_STALE = dt.timedelta(hours=1)
RETURN_NEEDS_NOTE = _("Tulis catatan untuk setiap indikator yang dikembalikan.")


def _assessment(agency: Agency, period: ProgramPeriod, *, lock: bool = True) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(agency=agency, period=period)
    if lock:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    return assessment


def _entry(assessment: Assessment, indicator: Indicator) -> Entry:
    entry, _created = Entry.objects.get_or_create(assessment=assessment, indicator=indicator)
    return entry


@transaction.atomic
def entry_save(*, by: User, agency: Agency, period: ProgramPeriod, indicator: Indicator, value: str | None,
               note: str) -> Entry:
    assessment = _assessment(agency, period)
    if not permissions.can_edit_assessment(by, agency.pk, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    parsed = None
    if value not in (None, ""):
        if not indicator.is_manual:
            raise ValidationError({"value": AUTO_VALUE})
        try:
            parsed = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            raise ValidationError({"value": VALUE_RANGE}) from None
        if not parsed.is_finite() or not (0 <= parsed <= 100):
            raise ValidationError({"value": VALUE_RANGE})
        parsed = parsed.quantize(Decimal("0.01"))
    entry = _entry(assessment, indicator)
    entry.value, entry.note, entry.updated_by = parsed, note.replace("\x00", "").strip(), by
    entry.save()
    return entry


@transaction.atomic
def evidence_add_file(*, by: User, agency: Agency, period: ProgramPeriod, indicator: Indicator, upload,
                      label: str = "") -> Evidence:
    assessment = _assessment(agency, period)
    if not permissions.can_edit_assessment(by, agency.pk, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    mime = detect_evidence_type(upload, field="file")
    evidence = Evidence(entry=_entry(assessment, indicator), label=label.strip()[:200],
                        original_name=(upload.name or "bukti")[:255], content_type=mime, size=upload.size,
                        added_by=by)
    evidence.file.save("bukti", upload, save=False)
    evidence.save()
    return evidence


def _linked_label(agency: Agency, link_kind: str, object_id: int) -> str:
    """The label of a portal record of this agency, or a field error (a record of another agency is not found)."""
    if link_kind == Evidence.LinkKind.PROJECT:
        row = ChangeProject.objects.filter(pk=object_id, agency=agency).values_list("title", flat=True).first()
    elif link_kind == Evidence.LinkKind.REPORT:
        found = (ProgressReport.objects.filter(pk=object_id, project__agency=agency)
                 .values_list("month", "project__title").first())
        row = f"{found[0]:%m/%Y} · {found[1]}" if found else None
    elif link_kind == Evidence.LinkKind.DECREE:
        found = (ChangeAgent.objects.filter(pk=object_id, agency=agency)
                 .values_list("decree_number", "employee__name").first())
        row = f"SK {found[0]} · {found[1]}" if found else None
    else:
        raise ValidationError({"link_kind": _("Pilih jenis data portal yang ditautkan.")})
    if row is None:
        raise ValidationError({"object_id": _("Data yang dipilih tidak ditemukan pada perangkat daerah ini.")})
    return row


@transaction.atomic
def evidence_add_link(*, by: User, agency: Agency, period: ProgramPeriod, indicator: Indicator, link_kind: str,
                      object_id: int) -> Evidence:
    assessment = _assessment(agency, period)
    if not permissions.can_edit_assessment(by, agency.pk, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    label = _linked_label(agency, link_kind, object_id)
    return Evidence.objects.create(entry=_entry(assessment, indicator), label=label[:200], link_kind=link_kind,
                                   object_id=object_id, added_by=by)


@transaction.atomic
def evidence_remove(*, by: User, evidence: Evidence) -> None:
    assessment = Assessment.objects.select_for_update().get(pk=evidence.entry.assessment_id)
    if not permissions.can_edit_assessment(by, assessment.agency_id, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def _snapshot(agency: Agency, period: ProgramPeriod) -> tuple[dict, Decimal]:
    data = selectors.workspace(agency, period)
    snap = {}
    for row in data["rows"]:
        entry = row["entry"]
        snap[row["indicator"].code] = {
            "value": row["value"], "points": str(row["points"]), "note": entry.note if entry else "",
            "evidence": [e.label or e.original_name for e in row["evidence"]],
        }
    return snap, data["score"]["score"]


@transaction.atomic
def assessment_submit(*, by: User, agency: Agency, period: ProgramPeriod, note: str = "") -> ReviewRound:
    """The agency submits: a new round keeps what was submitted (values, notes, evidence) as it stood."""
    assessment = _assessment(agency, period)
    if not permissions.can_submit_assessment(by, agency.pk, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    snapshot, score = _snapshot(agency, period)
    assessment.rounds_count += 1
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save(update_fields=["rounds_count", "status", "updated_at"])
    return ReviewRound.objects.create(assessment=assessment, number=assessment.rounds_count, submitted_by=by,
                                      agency_note=note.replace("\x00", "").strip(), snapshot=snapshot, score=score)


@transaction.atomic
def assessment_review(*, by: User, assessment: Assessment, verdicts: dict[int, tuple[str, str]],
                      summary: str = "") -> ReviewRound:
    """The reviewer's verdict and note per indicator. All accepted → accepted; any returned → back to the agency.

    ``verdicts``: indicator id → (``accepted`` | ``returned``, note). An indicator without a verdict is accepted."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not permissions.can_review_assessment(by, assessment):
        raise PermissionDenied(NOT_ALLOWED)
    indicators = selectors.active_indicators()
    errors = {}
    notes = []
    for indicator in indicators:
        verdict, note = verdicts.get(indicator.pk, (RoundNote.Verdict.ACCEPTED, ""))
        if verdict not in RoundNote.Verdict.values:
            errors[f"verdict_{indicator.pk}"] = _("Pilih diterima atau dikembalikan.")
            continue
        note = (note or "").replace("\x00", "").strip()
        if verdict == RoundNote.Verdict.RETURNED and not note:
            errors[f"note_{indicator.pk}"] = RETURN_NEEDS_NOTE
        notes.append((indicator, verdict, note))
    if errors:
        raise ValidationError(errors)
    current = assessment.rounds.order_by("-number").first()
    RoundNote.objects.bulk_create([RoundNote(round=current, indicator=i, verdict=v, note=n) for i, v, n in notes])
    returned = any(v == RoundNote.Verdict.RETURNED for _i, v, _n in notes)
    current.outcome = ReviewRound.Outcome.RETURNED if returned else ReviewRound.Outcome.ACCEPTED
    current.reviewed_by, current.reviewed_at = by, timezone.now()
    current.reviewer_summary = summary.replace("\x00", "").strip()
    current.save()
    assessment.status = Assessment.Status.RETURNED if returned else Assessment.Status.ACCEPTED
    assessment.save(update_fields=["status", "updated_at"])
    return current


@transaction.atomic
def pack_request(*, by: User, agency: Agency, period: ProgramPeriod) -> PackBuild:
    """Queue a build of the evidence pack (a build already queued or running is returned instead)."""
    if not permissions.can_build_pack(by, agency.pk):
        raise PermissionDenied(NOT_ALLOWED)
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    # A build older than the task's time limit was lost (a worker died): it is not waited for.
    pending = PackBuild.objects.filter(agency=agency, period=period, created_at__gte=timezone.now() - PACK_STALE,
                                       status__in=(PackBuild.Status.QUEUED, PackBuild.Status.RUNNING)).first()
    if pending is not None:
        return pending
    build = PackBuild.objects.create(agency=agency, period=period, requested_by=by)

    def queue():
        from .tasks import build_pack

        build_pack.delay(build.pk)

    transaction.on_commit(queue)
    return build
