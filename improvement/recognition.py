"""Role-model recognition per value (issue 17; docs/improvement.md "Role models").

At each publication, people are proposed as role models of a value from the cycle's published figures
(``evaluations.disclosure``): their value score is high, every anonymous rater group that rated them is shown on
its own (so it had at least ``k`` raters) with a high score, the shown groups agree, and where the previous
published cycle of the same instrument shows the same value for them, it was high as well. Tim RB accepts or
declines each proposal, and may designate the person a role model through ``agents.services.role_model_designate``
with its SK; an accepted proposal has a certificate on the letterhead.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import disclosure
from evaluations.models import ANONYMOUS_GROUPS, Cycle, Dimension, RaterGroup
from organization.models import User

from . import permissions
from .models import ImprovementSettings, RecognitionProposal
from .services import previous_published

REASON_REQUIRED = _("Tuliskan alasan penolakan.")
NOT_PROPOSED = _("Usulan ini sudah ditinjau.")


def qualifies(*, score: float | None, groups: dict[str, float], counts: dict[str, list[int]],
              previous: float | None, min_score: float, min_group: float, max_gap: float) -> bool:
    """The rule for one person × value, without the database. ``groups``: the shown groups' scores; ``counts``:
    group → [assigned, submitted]."""
    if score is None or round(score, 1) < min_score:
        return False
    rated_anonymous = [g for g in ANONYMOUS_GROUPS if counts.get(g, [0, 0])[1] > 0]
    if not rated_anonymous:
        return False                    # only named raters: nothing anonymous to be consistent with
    if any(g not in groups or round(groups[g], 1) < min_group for g in rated_anonymous):
        return False                    # a group hidden (fewer than k raters) or lower than the minimum
    others = [v for g, v in groups.items() if g != RaterGroup.SELF]
    if max(others) - min(others) > max_gap:
        return False
    return previous is None or round(previous, 1) >= min_score


def _value_figures(cycle: Cycle) -> dict[int, tuple[dict, dict]]:
    snap = disclosure.snapshot(cycle)
    if snap is None:
        return {}
    return {sid: (f.cells, f.counts) for sid, f in disclosure.subject_figures(snap).items()}


@transaction.atomic
def proposals_make(*, cycle: Cycle) -> list[RecognitionProposal]:
    """Propose role models from a published 360° cycle (safe to run twice)."""
    cycle = Cycle.objects.select_related("instrument").get(pk=cycle.pk)
    if cycle.status != Cycle.Status.PUBLISHED or cycle.instrument.is_survey:
        return []
    conf = ImprovementSettings.get_solo()
    values = dict(Dimension.objects.filter(instrument_id=cycle.instrument_id, kind=Dimension.Kind.VALUE)
                  .values_list("code", "name"))
    before = previous_published(cycle)
    previous = _value_figures(before) if before is not None else {}
    existing = set(RecognitionProposal.objects.filter(cycle=cycle).values_list("employee_id", "code"))
    rows = []
    for subject_id, (cells, counts) in sorted(_value_figures(cycle).items()):
        for code, cell in sorted(cells.items()):
            if code not in values or (subject_id, code) in existing:
                continue
            prev_cell = previous.get(subject_id, ({}, {}))[0].get(code)
            prev = prev_cell.score if prev_cell is not None else None
            if qualifies(score=cell.score, groups=cell.groups, counts=counts, previous=prev,
                         min_score=float(conf.recognition_min_score),
                         min_group=float(conf.recognition_min_group_score), max_gap=float(conf.recognition_max_gap)):
                rows.append(RecognitionProposal(
                    cycle=cycle, employee_id=subject_id, code=code, name=values[code], score=round(cell.score, 1),
                    group_scores={g: round(v, 1) for g, v in cell.groups.items()},
                    previous_score=round(prev, 1) if prev is not None else None))
    return RecognitionProposal.objects.bulk_create(rows)


@transaction.atomic
def proposal_review(*, proposal: RecognitionProposal, by: User, accept: bool, reason: str = "") -> RecognitionProposal:
    proposal = RecognitionProposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_review_recognition(by):
        raise PermissionDenied(_("Hanya Tim RB yang meninjau usulan teladan."))
    if proposal.status != RecognitionProposal.Status.PROPOSED:
        raise ValidationError(NOT_PROPOSED)
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    proposal.status = RecognitionProposal.Status.ACCEPTED if accept else RecognitionProposal.Status.DECLINED
    proposal.reason = reason
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    fields = ["status", "reason", "reviewed_by", "reviewed_at"]
    if accept and not proposal.verification_code:
        proposal.verification_code = _new_code()
        fields.append("verification_code")
    proposal.save(update_fields=fields)
    return proposal


def _new_code() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def certificate_code_ensure(*, proposal: RecognitionProposal) -> str:
    """The verification code of an accepted proposal's certificate (given now to one accepted before codes
    existed)."""
    proposal = RecognitionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != RecognitionProposal.Status.ACCEPTED:
        raise ValidationError(_("Piagam hanya untuk usulan yang diterima."))
    if not proposal.verification_code:
        proposal.verification_code = _new_code()
        proposal.save(update_fields=["verification_code"])
    return proposal.verification_code


def verification(code: str) -> dict | None:
    """What the public verification page (documents, /verifikasi/<code>/) says of a certificate's code: the
    person's name, the value, the cycle, the date and whether the recognition (and its designation) stands. No
    NIP, no agency, no scores. None for any other code."""
    code = (code or "")[:64]
    if not code:
        return None
    proposal = (RecognitionProposal.objects.filter(verification_code=code)
                .select_related("employee", "cycle", "role_model").first())
    if proposal is None:
        return None
    accepted = proposal.status == RecognitionProposal.Status.ACCEPTED
    designation = proposal.role_model
    if not accepted:
        state = "ended"
    elif designation is not None:
        state = designation.state_on()
    else:
        state = "active"
    return {
        "kind": _("Piagam teladan nilai"), "number": designation.decree_number if designation else "",
        "date": (designation.decree_date if designation else
                 timezone.localtime(proposal.reviewed_at).date() if proposal.reviewed_at else None),
        "signed": False, "superseded": False,
        "people": [{"name": proposal.employee.name, "role": _("Teladan nilai %(value)s") % {"value": proposal.name},
                    "state": state, "term_start": designation.term_start if designation else None}],
        "details": {_("Nilai"): proposal.name, _("Siklus penilaian"): proposal.cycle.name,
                    _("Status piagam"): _("Sah") if accepted else _("Tidak berlaku")},
    }


@transaction.atomic
def proposal_designate(*, proposal: RecognitionProposal, by: User, decree_number: str, decree_date: dt.date,
                       decree_signatory: str, term_start: dt.date, term_end: dt.date) -> RecognitionProposal:
    """Designate the accepted person a role model with its SK (the agents service keeps its own rules)."""
    from agents.services import role_model_designate

    proposal = RecognitionProposal.objects.select_for_update().select_related("employee").get(pk=proposal.pk)
    if not permissions.can_review_recognition(by):
        raise PermissionDenied(_("Hanya Tim RB yang menetapkan role model."))
    if proposal.status != RecognitionProposal.Status.ACCEPTED or proposal.role_model_id:
        raise ValidationError(_("Hanya usulan yang diterima dan belum ditetapkan yang dapat ditetapkan."))
    proposal.role_model = role_model_designate(
        employee=proposal.employee, by=by, decree_number=decree_number, decree_date=decree_date,
        decree_signatory=decree_signatory, term_start=term_start, term_end=term_end)
    proposal.save(update_fields=["role_model"])
    return proposal


def certificate_pdf(proposal: RecognitionProposal, *, verify_url: str) -> bytes:
    """The certificate on the letterhead: the person, the value, the cycle and a QR code of its public
    verification page (``/verifikasi/<code>/``, documents app)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import cm
    from reportlab.platypus import Spacer

    from organization.documents import build_pdf, para, styles

    sheet = styles()
    widget = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = widget.getBounds()
    size = 3.5 * cm
    qr = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    qr.add(widget)
    story = [
        Spacer(1, 1 * cm),
        para(_("Diberikan kepada"), sheet["Normal"]),
        para(proposal.employee.name, sheet["Title"]),
        para(_("NIP %(nip)s") % {"nip": proposal.employee.nip}, sheet["Normal"]),
        Spacer(1, 0.5 * cm),
        para(_("sebagai teladan nilai %(value)s berdasarkan hasil penilaian perilaku %(cycle)s (skor %(score)s).")
             % {"value": proposal.name, "cycle": proposal.cycle.name, "score": f"{proposal.score:.1f}"},
             sheet["Normal"]),
        Spacer(1, 0.8 * cm), qr, para(_("Periksa keaslian piagam ini: %(url)s") % {"url": verify_url}, sheet["Small"]),
    ]
    return build_pdf(title=_("Piagam Teladan Nilai %(value)s") % {"value": proposal.name}, story=story,
                     period=proposal.cycle.name)
