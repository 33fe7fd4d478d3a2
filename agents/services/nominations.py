"""Nominations and their workflow: draft → submitted → endorsed → approved | rejected; returned → draft.

Every transition locks the nomination row (``select_for_update``), re-checks the rule on the fresh row, records
actor/time/from/to/comment and notifies the next actor after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify
from organization.institution import current_institution
from organization.models import Agency, Employee, Role, User, head_title
from organization.selectors import Capacity, head_users

from .. import permissions
from ..eligibility import check_eligibility, failures
from ..models import (
    AgentRole,
    ChainStep,
    ChangeAgent,
    Criterion,
    Nomination,
    NominationEvidence,
    NominationScore,
    NominationTransition,
    ProgramPeriod,
    weighted_total,
)
from ..selectors import quota_for, quota_used
from ..uploads import detect_evidence_type
from .common import NOT_ALLOWED, absolute, tim_rb_users, users_with_role
from .registry import decree_date_error, sync_role_assignment

S = Nomination.Status
A = NominationTransition.Action

JUSTIFICATION_MIN = 30
PERIOD_CLOSED = gettext_lazy("Masa pengusulan periode ini tidak sedang dibuka (%(opens)s – %(closes)s).")
CONFLICT_OF_INTEREST = gettext_lazy("Anggota Tim RB tidak menilai calon dari perangkat daerahnya sendiri.")
NO_PANEL_SCORE = gettext_lazy(
    "Nominasi ini belum dinilai panel. Centang konfirmasi bahwa Anda sengaja menetapkannya tanpa nilai panel."
)
NO_PANEL_SCORE_TRAIL = gettext_lazy("ditetapkan tanpa nilai panel (dikonfirmasi Tim RB)")
NOT_ENDORSER = gettext_lazy(
    "Hanya kepala perangkat daerah yang tercatat pada data organisasi, atau Plt./Plh. yang berlaku hari ini, yang "
    "dapat menyetujui atau mengembalikan nominasi pada langkah ini. Bila kepala berhalangan, Tim RB dapat mencatat "
    "Plt./Plh. beserta nomor suratnya."
)
SELF_NOMINATION = gettext_lazy("Anda tidak dapat mengusulkan diri sendiri (konflik kepentingan). Usulan atas diri "
                               "Anda dibuat oleh operator lain.")
SELF_DECISION = gettext_lazy("Anda tidak dapat memproses nominasi atas diri Anda sendiri (konflik kepentingan): "
                             "dukungan, persetujuan, penolakan dan pengembalian dilakukan oleh pejabat lain.")
MAX_EVIDENCE_FILES = 10


def not_allowed(nomination: Nomination, action: str = "", by: User | None = None) -> PermissionDenied:
    """The 403 for a transition the user may not take, naming the nomination's current status (and, for an
    endorsement or a return while it waits for an endorser, who may act and what to do when nobody can; or, when
    ``by`` is the candidate, the conflict of interest)."""
    if by is not None and not permissions.can_act_on_candidate(by, nomination.candidate_id):
        return PermissionDenied(SELF_DECISION)
    msg = NOT_ENDORSER if nomination.status == S.SUBMITTED and action in (A.ENDORSE, A.RETURN) else NOT_ALLOWED
    return PermissionDenied(
        _("%(msg)s Status nominasi saat ini: %(status)s.") % {"msg": msg, "status": nomination.get_status_display()}
    )


def capacity_label(capacity: Capacity) -> str:
    """How an endorsement reads in the trail: "Kepala Dinas …", "Plt. Kepala Dinas … a.n. <head>"."""
    title = head_title(capacity.agency)
    if capacity.acting is None:
        return title
    label = f"{capacity.acting.prefix} {title}"
    if capacity.on_behalf_of is not None:
        label += " " + _("a.n. %(name)s") % {"name": capacity.on_behalf_of.name}
    return label + " " + _("(surat %(n)s)") % {"n": capacity.acting.letter_number}


def step_endorsers(nomination: Nomination) -> list[User]:
    """Who may act at the nomination's current endorsement step today (from the organisation data)."""
    agency_id = permissions.step_agency_id(nomination)
    return head_users([agency_id])[agency_id] if agency_id else []


def agency_heads(nomination: Nomination) -> list[User]:
    return head_users([nomination.agency_id])[nomination.agency_id]


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("period", "candidate", "agency").get(pk=nomination.pk)


def _move(nomination: Nomination, *, action: str, to: str, by: User, comment: str = "", **trail) -> NominationTransition:
    now = timezone.now()
    frm = nomination.status
    nomination.status = to
    nomination.waiting_since = now if to in (S.SUBMITTED, S.ENDORSED) else None
    if action == A.SUBMIT:
        nomination.submitted_at = now
        nomination.return_comment = ""
        nomination.endorse_step = 0
    elif action == A.ENDORSE:
        if to == S.ENDORSED:
            nomination.endorsed_at = now
        else:
            nomination.endorse_step += 1
    elif action in (A.APPROVE, A.REJECT):
        nomination.decided_at = now
    elif action == A.RETURN:
        nomination.return_comment = comment
        nomination.submitted_at = nomination.endorsed_at = None
        nomination.endorse_step = 0
    nomination._history_user = by
    nomination.save()
    return NominationTransition.objects.create(
        nomination=nomination, action=action, from_status=frm, to_status=to, actor=by, at=now, comment=comment,
        **trail,
    )


def _capacity_trail(capacity: Capacity | None, step: str) -> dict:
    if capacity is None:
        return {"step": step}
    return {"step": step, "acting_head": capacity.acting, "on_behalf_of": capacity.on_behalf_of,
            "capacity": capacity_label(capacity)[:250]}


def _url(nomination: Nomination) -> str:
    return absolute("agents:nomination_detail", nomination.pk)


def _check_window(period: ProgramPeriod) -> None:
    if not period.is_open():
        raise ValidationError({"period": PERIOD_CLOSED % {
            "opens": period.nomination_opens.strftime("%d-%m-%Y"), "closes": period.nomination_closes.strftime("%d-%m-%Y"),
        }})


def _check_justification(text: str) -> str:
    text = (text or "").strip()
    if len(text) < JUSTIFICATION_MIN:
        raise ValidationError({"justification": _(
            "Tuliskan alasan pengusulan minimal %(n)d karakter: mengapa calon ini layak menjadi agen perubahan."
        ) % {"n": JUSTIFICATION_MIN}})
    return text


# --- drafts ---------------------------------------------------------------------------------------------------

@transaction.atomic
def nomination_create(
    *, by: User, period: ProgramPeriod, candidate: Employee, justification: str, files: Iterable = (),
) -> Nomination:
    if not permissions.can_nominate(by, candidate.agency_id):
        raise PermissionDenied(_("Anda hanya dapat mengusulkan pegawai dari perangkat daerah Anda sendiri."))
    if not permissions.can_act_on_candidate(by, candidate.pk):
        raise ValidationError({"candidate": SELF_NOMINATION})
    _check_window(period)
    justification = _check_justification(justification)
    files = list(files)
    for f in files:  # check every file before anything is written
        detect_evidence_type(f)
    if Nomination.objects.filter(period=period, candidate=candidate, status__in=Nomination.OPEN_STATUSES).exists():
        raise ValidationError({"candidate": _("%(name)s sudah diusulkan pada periode ini.") % {"name": candidate.name}})
    nomination = Nomination(period=period, candidate=candidate, agency_id=candidate.agency_id,
                            justification=justification, created_by=by)
    nomination._history_user = by
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:  # a concurrent nomination of the same person won the race
        raise ValidationError({"candidate": _("%(name)s sudah diusulkan pada periode ini.")
                               % {"name": candidate.name}}) from exc
    NominationTransition.objects.create(nomination=nomination, action=A.CREATE, from_status="", to_status=S.DRAFT,
                                        actor=by)
    evidence_add_many(nomination=nomination, by=by, uploads=files)
    return nomination


@transaction.atomic
def nomination_update(*, nomination: Nomination, by: User, justification: str) -> Nomination:
    nomination = _lock(nomination)
    if not permissions.can_edit_nomination(by, nomination):
        raise not_allowed(nomination)
    nomination.justification = _check_justification(justification)
    nomination._history_user = by
    nomination.save()
    return nomination


@transaction.atomic
def evidence_add(*, nomination: Nomination, by: User, upload) -> NominationEvidence:
    return evidence_add_many(nomination=nomination, by=by, uploads=[upload])[0]


@transaction.atomic
def evidence_add_many(*, nomination: Nomination, by: User, uploads: Iterable) -> list[NominationEvidence]:
    """Add several evidence files: all of them or none (every file is checked before the first is stored)."""
    if not permissions.can_edit_nomination(by, nomination):
        raise not_allowed(nomination)
    uploads = list(uploads)
    if nomination.evidence.count() + len(uploads) > MAX_EVIDENCE_FILES:
        raise ValidationError({"evidence": _("Maksimal %(n)d berkas bukti per nominasi.") % {"n": MAX_EVIDENCE_FILES}})
    mimes = [detect_evidence_type(upload) for upload in uploads]
    saved = []
    for upload, mime in zip(uploads, mimes, strict=True):
        evidence = NominationEvidence(nomination=nomination, original_name=upload.name[:255], content_type=mime,
                                      size=upload.size, uploaded_by=by)
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
        saved.append(evidence)
    return saved


# --- transitions ----------------------------------------------------------------------------------------------

@transaction.atomic
def nomination_submit(*, nomination: Nomination, by: User) -> Nomination:
    nomination = _lock(nomination)
    if not permissions.can_submit_nomination(by, nomination):
        raise not_allowed(nomination)
    _check_window(nomination.period)
    failed = failures(check_eligibility(nomination.period, nomination.candidate, exclude_nomination_id=nomination.pk))
    if failed:
        raise ValidationError({"candidate": [f"{r.label}: {r.detail}" for r in failed]})
    # Lock the agency row so two submissions at once cannot both take the last place in the quota.
    agency = Agency.objects.select_for_update().get(pk=nomination.agency_id)
    quota = quota_for(nomination.period, agency.pk)
    used = quota_used(nomination.period, agency.pk)
    if used >= quota:
        raise ValidationError({"__all__": _(
            "Kuota %(agency)s untuk %(period)s sudah terpenuhi (%(used)d dari %(quota)d). Tim RB dapat menambah "
            "kuota perangkat daerah ini."
        ) % {"agency": agency, "period": nomination.period, "used": used, "quota": quota}})
    _move(nomination, action=A.SUBMIT, to=S.SUBMITTED, by=by)
    notify(
        recipients=step_endorsers(nomination), kind="nomination_submitted",
        title=_("Nominasi menunggu persetujuan Anda: %(name)s") % {"name": nomination.candidate.name},
        body=_("Operator mengajukan %(name)s sebagai calon agen perubahan %(period)s.")
        % {"name": nomination.candidate.name, "period": nomination.period},
        url=_url(nomination),
    )
    return nomination


@transaction.atomic
def nomination_endorse(*, nomination: Nomination, by: User, comment: str = "") -> Nomination:
    """One endorsement step of the period's chain, by the head of the step's agency or an acting head in force
    today ("a.n." the head; the trail keeps both). The last step forwards the nomination to Tim RB."""
    nomination = _lock(nomination)
    capacity = (permissions.endorse_capacity(by, nomination)
                if permissions.can_act_on_candidate(by, nomination.candidate_id) else None)
    if capacity is None:
        raise not_allowed(nomination, A.ENDORSE, by)
    step = nomination.current_step
    last = nomination.endorse_step >= len(nomination.period.endorsement_steps) - 1
    _move(nomination, action=A.ENDORSE, to=S.ENDORSED if last else S.SUBMITTED, by=by,
          comment=(comment or "").strip(), **_capacity_trail(capacity, step))
    if last:
        notify(
            recipients=tim_rb_users(), kind="nomination_endorsed",
            title=_("Nominasi menunggu keputusan Tim RB: %(name)s (%(agency)s)")
            % {"name": nomination.candidate.name, "agency": nomination.agency},
            body=_("Kepala perangkat daerah menyetujui usulan ini. Silakan nilai dan putuskan."),
            url=_url(nomination),
        )
    else:
        notify(
            recipients=step_endorsers(nomination), kind="nomination_submitted",
            title=_("Nominasi menunggu persetujuan Anda: %(name)s (%(agency)s)")
            % {"name": nomination.candidate.name, "agency": nomination.agency},
            body=_("%(step)s menyetujui usulan ini; langkah berikutnya adalah persetujuan Anda.")
            % {"step": ChainStep(step).label},
            url=_url(nomination),
        )
    return nomination


def _clean_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")}) from exc


@transaction.atomic
def nomination_approve(
    *, nomination: Nomination, by: User, decree_number: str, decree_date, decree_signatory: str = "",
    roles: list[str] | None = None, term_start=None, term_end=None, confirm_unscored: bool = False,
) -> ChangeAgent:
    """Approve an endorsed nomination, record the decree and appoint the ChangeAgent. Two approvers acting at
    once: the second waits on the row lock, then finds the nomination approved and is refused. A nomination no
    panel member has scored is approved only with ``confirm_unscored`` (Tim RB means it), and the trail says so."""
    nomination = _lock(nomination)
    if not (permissions.can_act_on_candidate(by, nomination.candidate_id) and permissions.can_approve_nomination(by, nomination)):
        raise not_allowed(nomination, by=by)
    errors = {}
    decree_number = (decree_number or "").strip()
    if not decree_number:
        errors["decree_number"] = _("Isi nomor SK penetapan agen perubahan.")
    if not decree_date:
        errors["decree_date"] = _("Isi tanggal SK.")
    roles = list(roles) if roles else list(AgentRole.values)
    if any(r not in AgentRole.values for r in roles):
        errors["roles"] = _("Peran harus salah satu dari: katalis, pemberi solusi, mediator, penghubung.")
    if errors:
        raise ValidationError(errors)
    decree_date = _clean_date(decree_date, "decree_date")
    period = nomination.period
    error = decree_date_error(decree_date, earliest=period.nomination_opens)
    if error:
        raise ValidationError({"decree_date": error})
    unscored = not nomination.score_count
    if unscored and not confirm_unscored:
        raise ValidationError({"confirm_unscored": NO_PANEL_SCORE})
    term_start = _clean_date(term_start, "term_start") if term_start else period.term_start
    term_end = _clean_date(term_end, "term_end") if term_end else period.term_end
    if ChangeAgent.objects.agents().filter(employee=nomination.candidate, period=period).exists():
        raise ValidationError({"__all__": _("%(name)s sudah tercatat sebagai agen perubahan periode ini.")
                               % {"name": nomination.candidate.name}})
    nomination.decree_number = decree_number
    nomination.decree_date = decree_date
    nomination.decree_signatory = (decree_signatory or "").strip() or current_institution().default_signatory
    comment = _("SK %(n)s") % {"n": decree_number}
    if unscored:
        comment += "; " + str(NO_PANEL_SCORE_TRAIL)
    _move(nomination, action=A.APPROVE, to=S.APPROVED, by=by, comment=comment, without_scores=unscored)
    agent = ChangeAgent(
        employee=nomination.candidate, agency=nomination.agency, period=period, nomination=nomination,
        kind=ChangeAgent.Kind.AGEN, roles=roles, term_start=term_start, term_end=term_end,
        decree_number=decree_number, decree_date=decree_date, decree_signatory=nomination.decree_signatory,
    )
    agent.full_clean(exclude=["nomination"])
    agent._history_user = by
    agent.save()
    user = sync_role_assignment(employee=nomination.candidate, agency_id=nomination.agency_id,
                                kind=ChangeAgent.Kind.AGEN, by=by)
    title = _("%(name)s ditetapkan sebagai agen perubahan") % {"name": nomination.candidate.name}
    notify(
        recipients=users_with_role(Role.OPERATOR, nomination.agency_id) + agency_heads(nomination),
        kind="nomination_approved", title=title,
        body=_("SK %(n)s tanggal %(d)s.") % {"n": decree_number, "d": decree_date.strftime("%d-%m-%Y")},
        url=_url(nomination),
    )
    if user is not None:
        notify(
            recipients=[user], kind="agent_appointed",
            title=_("Selamat, Anda ditetapkan sebagai agen perubahan %(period)s") % {"period": period},
            body=_("Masa tugas %(start)s – %(end)s. Mulailah dengan menyusun rencana aksi Anda.")
            % {"start": term_start.strftime("%d-%m-%Y"), "end": term_end.strftime("%d-%m-%Y")},
            url=absolute("agents:index"),
        )
    return agent


@transaction.atomic
def nomination_reject(*, nomination: Nomination, by: User, reason: str) -> Nomination:
    nomination = _lock(nomination)
    if not (permissions.can_act_on_candidate(by, nomination.candidate_id) and permissions.can_reject_nomination(by, nomination)):
        raise not_allowed(nomination, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penolakan wajib diisi agar perangkat daerah memahami keputusan ini.")})
    nomination.reject_reason = reason
    _move(nomination, action=A.REJECT, to=S.REJECTED, by=by, comment=reason)
    notify(
        recipients=users_with_role(Role.OPERATOR, nomination.agency_id) + agency_heads(nomination),
        kind="nomination_rejected",
        title=_("Nominasi %(name)s ditolak") % {"name": nomination.candidate.name},
        body=reason, url=_url(nomination),
    )
    return nomination


@transaction.atomic
def nomination_return(*, nomination: Nomination, by: User, comment: str) -> Nomination:
    """Back to draft with a comment: the endorser of the current step returns a submitted one (in their capacity,
    as for an endorsement), Tim RB an endorsed one."""
    nomination = _lock(nomination)
    if not (permissions.can_act_on_candidate(by, nomination.candidate_id) and permissions.can_return_nomination(by, nomination)):
        raise not_allowed(nomination, A.RETURN, by)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tuliskan catatan: apa yang perlu diperbaiki oleh operator.")})
    was_endorsed = nomination.status == S.ENDORSED
    step = nomination.current_step
    trail = {} if was_endorsed else _capacity_trail(permissions.endorse_capacity(by, nomination), step)
    _move(nomination, action=A.RETURN, to=S.DRAFT, by=by, comment=comment, **trail)
    recipients = users_with_role(Role.OPERATOR, nomination.agency_id)
    if was_endorsed:
        recipients += agency_heads(nomination)
    notify(
        recipients=recipients, kind="nomination_returned",
        title=_("Nominasi %(name)s dikembalikan untuk diperbaiki") % {"name": nomination.candidate.name},
        body=comment, url=_url(nomination),
    )
    return nomination


# --- panel scoring --------------------------------------------------------------------------------------------

def check_scorer(by: User, nomination: Nomination) -> None:
    """403 unless ``by`` may score ``nomination``; a Tim RB member of the candidate's own agency is told why."""
    if (nomination.status == S.ENDORSED and permissions.is_tim_rb(by)
            and permissions.scorer_agency_id(by) == nomination.agency_id):
        raise PermissionDenied(CONFLICT_OF_INTEREST)
    if not permissions.can_score_nomination(by, nomination):
        raise not_allowed(nomination)


@transaction.atomic
def nomination_score(*, nomination: Nomination, by: User, scores: dict[int, tuple[int, str]]) -> Nomination:
    """Record one panel member's scores ({criterion id: (1–5, note)}) and refresh the weighted total."""
    nomination = _lock(nomination)
    check_scorer(by, nomination)
    criteria = list(Criterion.objects.filter(period_id=nomination.period_id))
    errors = {}
    rows = []
    for c in criteria:
        value = scores.get(c.pk)
        score = value[0] if value else None
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = None
        if score is None or not 1 <= score <= 5:
            errors[f"score_{c.pk}"] = _("Beri nilai 1–5 untuk kriteria \"%(name)s\".") % {"name": c.name}
            continue
        note = (value[1] or "").strip()[:500] if len(value) > 1 else ""
        rows.append(NominationScore(nomination=nomination, criterion=c, scorer=by, score=score, note=note))
    if errors:
        raise ValidationError(errors)
    NominationScore.objects.filter(nomination=nomination, scorer=by).delete()
    NominationScore.objects.bulk_create(rows)
    refresh_score_total(nomination, criteria)
    return nomination


def refresh_score_total(nomination: Nomination, criteria: list[Criterion] | None = None) -> None:
    criteria = criteria if criteria is not None else list(Criterion.objects.filter(period_id=nomination.period_id))
    per_criterion = dict(
        NominationScore.objects.filter(nomination=nomination).values("criterion").annotate(m=Avg("score"))
        .values_list("criterion", "m")
    )
    nomination.score_total = weighted_total(per_criterion, {c.pk: c.weight for c in criteria})
    nomination.score_count = (NominationScore.objects.filter(nomination=nomination)
                              .aggregate(n=Count("scorer", distinct=True))["n"])
    Nomination.objects.filter(pk=nomination.pk).update(score_total=nomination.score_total,
                                                       score_count=nomination.score_count)
