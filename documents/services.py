"""Every write of the documents app: issue the selection minutes, edit and draft the SK, upload the signed SK.

Documents are never overwritten: a new version is a new row (and file) that supersedes the previous one.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from agents import services as agent_services
from agents.models import ChangeAgent, Nomination, NominationScore, ProgramPeriod, VoteTally
from organization.institution import current_institution
from organization.models import Role, User

from . import permissions
from .models import AppointmentCode, DecreeText, Document, new_code
from .pdf import decree_pdf, minutes_pdf

NOT_ALLOWED = _("Anda tidak berwenang melakukan tindakan ini.")
NOT_A_PDF = _("Berkas SK harus PDF (jenis berkas diperiksa dari isinya, bukan dari namanya).")
DEFAULT_MENIMBANG = _(
    "bahwa dalam rangka percepatan reformasi birokrasi perlu ditetapkan agen perubahan dan role model;\n"
    "bahwa pegawai yang namanya tercantum dalam Lampiran telah diseleksi dan dinilai layak;\n"
    "bahwa berdasarkan pertimbangan tersebut perlu menetapkan Keputusan tentang Penetapan Agen Perubahan.")
DEFAULT_MENGINGAT = _(
    "Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi 2010–2025;\n"
    "Peraturan Menteri PANRB Nomor 27 Tahun 2014 tentang Pedoman Pembangunan Agen Perubahan di Instansi "
    "Pemerintah.")


def _next_version(kind: str, period: ProgramPeriod) -> tuple[int, Document | None]:
    previous = (Document.objects.select_for_update().filter(kind=kind, period=period, agency__isnull=True)
                .order_by("-version").first())
    return (previous.version + 1 if previous else 1), previous


def _store(*, kind, period, by, content: bytes, name: str, number="", date=None, reason="", code=None) -> Document:
    version, previous = _next_version(kind, period)
    document = Document(kind=kind, period=period, version=version, number=number, date=date, reason=reason,
                        created_by=by, original_name=name, size=len(content))
    if code:
        document.verification_code = code
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    if previous is not None:
        Document.objects.filter(period=period, kind=kind, superseded_by__isnull=True).exclude(pk=document.pk) \
            .update(superseded_by=document)
    return document


# --- minutes ------------------------------------------------------------------------------------------------

def _decision(n: Nomination) -> str:
    if n.status == Nomination.Status.APPROVED:
        return _("Ditetapkan (SK %(n)s)") % {"n": n.decree_number} if n.decree_number else _("Ditetapkan")
    if n.status == Nomination.Status.REJECTED:
        return _("Ditolak: %(r)s") % {"r": n.reject_reason}
    return _("Belum diputuskan")


def minutes_data(period: ProgramPeriod) -> dict:
    """What the minutes say, read in a fixed number of queries whatever the number of candidates."""
    criteria = list(period.criteria.all())
    nominations = list(period.nominations.exclude(status=Nomination.Status.DRAFT)
                       .select_related("candidate", "agency"))
    nominations.sort(key=lambda n: (n.score_total is None, -(n.score_total or 0), n.candidate.name))
    scores = defaultdict(dict)
    for row in (NominationScore.objects.filter(nomination__period=period).values("nomination", "criterion")
                .annotate(m=Avg("score"))):
        scores[row["nomination"]][row["criterion"]] = row["m"]
    votes = dict(VoteTally.objects.filter(nomination__period=period).values_list("nomination", "votes"))
    per_agency = defaultdict(int)
    for n in nominations:
        per_agency[n.agency_id] += votes.get(n.pk, 0)
    scorer_ids = set(NominationScore.objects.filter(nomination__period=period).values_list("scorer", flat=True))
    panel_users = list(User.objects.filter(pk__in=scorer_ids).select_related("employee").order_by("username"))
    tim_rb = list(User.objects.filter(is_active=True, roles__role=Role.TIM_RB, roles__is_active=True)
                  .select_related("employee", "employee__agency").distinct())
    agency_names = {n.agency_id: n.agency.name for n in nominations}
    recusals = [_("%(who)s tidak menilai calon dari %(agency)s (perangkat daerahnya sendiri).")
                % {"who": _name(u), "agency": agency_names[u.employee.agency_id]}
                for u in tim_rb if u.employee_id and u.employee.agency_id in agency_names]
    vote_used = bool(period.vote_enabled and period.vote_weight and period.vote_has_closed())
    rows = [{"nomination": n, "scores": scores.get(n.pk, {}), "votes": votes.get(n.pk, 0),
             "share": (Decimal(100 * votes.get(n.pk, 0)) / per_agency[n.agency_id]) if per_agency[n.agency_id]
             else Decimal(0), "decision": _decision(n)} for n in nominations]
    return {"period": period, "criteria": criteria, "rows": rows, "panel": [_name(u) for u in panel_users],
            "recusals": recusals, "vote_used": vote_used}


def _name(user: User) -> str:
    return (user.employee.name if user.employee_id else "") or user.get_full_name() or user.username


def _minutes(period: ProgramPeriod, by: User | None, reason: str) -> Document:
    version, _previous = _next_version(Document.Kind.MINUTES, period)
    content = minutes_pdf(minutes_data(period), version=version, reason=reason)
    return _store(kind=Document.Kind.MINUTES, period=period, by=by, content=content, reason=reason,
                  name=f"berita-acara-v{version}.pdf", date=timezone.localdate())


@transaction.atomic
def scoring_close(*, period: ProgramPeriod, by: User) -> Document:
    """Tim RB closes the period's scoring: totals are final (with the vote share) and the minutes issued (v1, or a
    new version when closed again)."""
    if not permissions.can_issue_minutes(by):
        raise PermissionDenied(NOT_ALLOWED)
    period = ProgramPeriod.objects.select_for_update().get(pk=period.pk)
    agent_services.period_close_scoring(period=period, by=by)
    return _minutes(period, by, _("Penilaian ditutup"))


@transaction.atomic
def minutes_reissue(*, period: ProgramPeriod, by: User | None, reason: str) -> Document | None:
    """A new version of the minutes after a decision changed (never overwrites the earlier one)."""
    period = ProgramPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.scoring_closed_at:
        return None
    return _minutes(period, by, reason)


# --- the SK -------------------------------------------------------------------------------------------------

def decree_text(period: ProgramPeriod) -> DecreeText:
    """The period's SK text, or an unsaved one with the default Menimbang / Mengingat."""
    try:
        return period.decree_text
    except DecreeText.DoesNotExist:
        return DecreeText(period=period, menimbang=str(DEFAULT_MENIMBANG), mengingat=str(DEFAULT_MENGINGAT))


@transaction.atomic
def decree_text_save(*, period: ProgramPeriod, by: User, number: str, date, menimbang: str,
                     mengingat: str) -> DecreeText:
    if not permissions.can_draft_decree(by):
        raise PermissionDenied(NOT_ALLOWED)
    text = decree_text(period)
    text.number, text.date = (number or "").strip(), date
    text.menimbang, text.mengingat = (menimbang or "").strip(), (mengingat or "").strip()
    text.full_clean()
    text.save()
    return text


def appointments(period: ProgramPeriod):
    return (ChangeAgent.objects.filter(period=period).select_related("employee", "agency")
            .order_by("kind", "agency__name", "employee__name"))


@transaction.atomic
def decree_draft(*, period: ProgramPeriod, by: User) -> Document:
    """A new SK draft (PDF) from the period's text and its appointed agents and role models, each appointment with
    its own verification code."""
    if not permissions.can_draft_decree(by):
        raise PermissionDenied(NOT_ALLOWED)
    period = ProgramPeriod.objects.select_for_update().get(pk=period.pk)
    agents = list(appointments(period))
    if not agents:
        raise ValidationError({"period": _("Belum ada agen perubahan atau role model yang ditetapkan pada periode "
                                           "ini; tetapkan nominasi lebih dahulu.")})
    text = decree_text(period)
    version, _previous = _next_version(Document.Kind.SK_DRAFT, period)
    code = new_code()  # printed in the PDF, so chosen before the row is stored
    codes = [AppointmentCode(agent=a) for a in agents]
    content = decree_pdf({"period": period, "institution": current_institution(), "text": text, "code": code,
                          "appointments": [(a, c.code) for a, c in zip(agents, codes, strict=True)]})
    stored = _store(kind=Document.Kind.SK_DRAFT, period=period, by=by, content=content,
                    name=f"draf-sk-v{version}.pdf", number=text.number, date=text.date, code=code)
    for c in codes:
        c.document = stored
    AppointmentCode.objects.bulk_create(codes)
    return stored


def max_decree_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_MB", 10)) * 1024 * 1024


@transaction.atomic
def decree_signed_upload(*, period: ProgramPeriod, by: User, upload, number: str, date) -> Document:
    """The signed SK (scanned or electronically signed): PDF only, checked by its content, within the size limit.
    It carries the codes of the draft it was printed from, so the QR codes on the paper keep working."""
    if not permissions.can_upload_signed_decree(by):
        raise PermissionDenied(NOT_ALLOWED)
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Isi nomor SK sebagaimana tertulis pada SK yang ditandatangani.")
    if not date:
        errors["date"] = _("Isi tanggal SK.")
    if upload is None:
        errors["file"] = _("Pilih berkas PDF SK yang sudah ditandatangani.")
    elif upload.size > max_decree_bytes():
        errors["file"] = _("Berkas terlalu besar: maksimal %(mb)d MB.") % {"mb": max_decree_bytes() // 2**20}
    else:
        upload.seek(0)
        kind = filetype.guess(upload.read(2048))
        upload.seek(0)
        if kind is None or kind.mime != "application/pdf":
            errors["file"] = NOT_A_PDF
    if errors:
        raise ValidationError(errors)
    period = ProgramPeriod.objects.select_for_update().get(pk=period.pk)
    document = _store(kind=Document.Kind.SK_SIGNED, period=period, by=by, content=upload.read(),
                      name="sk-ditandatangani.pdf", number=number.strip(), date=date)
    Document.objects.filter(pk=document.pk).update(original_name=(upload.name or "")[:255])
    return document


# --- public verification ------------------------------------------------------------------------------------

_verification_lookups: list = []


def register_verification(lookup) -> None:
    """Apps above this one (improvement: role-model certificates) add their own codes to the public page:
    ``lookup(code)`` returns the same shape as :func:`verification` (``kind``, ``number``, ``date``, ``signed``,
    ``superseded``, ``people``, optionally ``details``: label → text) or None."""
    if lookup not in _verification_lookups:
        _verification_lookups.append(lookup)


def verification(code: str) -> dict | None:
    """What the public page may say about a code: number, date, names, whether each appointment is active. None
    when the code is unknown (the page answers 404)."""
    code = (code or "")[:64]
    document = (Document.objects.filter(verification_code=code, kind__in=[Document.Kind.SK_DRAFT,
                                                                          Document.Kind.SK_SIGNED])
                .select_related("period").first())
    if document is not None:
        draft = document if document.kind == Document.Kind.SK_DRAFT else (
            Document.objects.filter(period=document.period, kind=Document.Kind.SK_DRAFT).order_by("-version").first())
        agents = list(appointments(document.period).filter(
            pk__in=AppointmentCode.objects.filter(document=draft).values("agent")))
    else:
        appointment = AppointmentCode.objects.filter(code=code).select_related(
            "document", "document__period", "agent", "agent__employee").first()
        if appointment is None:
            for lookup in _verification_lookups:
                found = lookup(code)
                if found is not None:
                    return found
            return None
        document, agents = appointment.document, [appointment.agent]
    signed = (Document.objects.filter(period=document.period, kind=Document.Kind.SK_SIGNED).current()
              .order_by("-version").first() if document.is_decree else None)
    shown = signed or document
    return {"kind": document.get_kind_display(), "number": shown.number, "date": shown.date,
            "signed": signed is not None, "superseded": document.superseded_by_id is not None and signed is None,
            "people": [{"name": a.employee.name, "role": a.get_kind_display(), "state": a.state_on(),
                        "term_start": a.term_start} for a in agents]}


