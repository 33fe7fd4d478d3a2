"""Every business write of the evaluations app: instruments and their versions, cycles and their lifecycle,
rater assignment, and answers. Views, serializers and tasks call these; none repeats their rules."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Employee, Role, User

from . import permissions
from .models import (
    ALL_GROUPS,
    Answer,
    Assignment,
    Cycle,
    CycleRaterGroup,
    Dimension,
    Instrument,
    Item,
    RaterGroup,
    Response,
)

logger = logging.getLogger(__name__)

NOT_ALLOWED = "Anda tidak berwenang melakukan tindakan ini."
CYCLE_NOT_ACCEPTING = "Siklus ini sudah ditutup; jawaban tidak lagi diterima."
ALREADY_SUBMITTED = "Jawaban untuk penugasan ini sudah dikirim dan tidak dapat diubah lagi."
CYCLE_NOT_DRAFT = "Siklus yang sudah dibuka tidak dapat diubah lagi."

# Default rater groups of a new cycle: (enabled, weight %, minimum raters).
DEFAULT_GROUPS_360 = {
    RaterGroup.SELF: (True, Decimal("10"), 1),
    RaterGroup.SUPERIOR: (True, Decimal("30"), 1),
    RaterGroup.PEER: (True, Decimal("30"), 3),
    RaterGroup.SUBORDINATE: (True, Decimal("30"), 3),
}
DEFAULT_GROUPS_SURVEY = {
    RaterGroup.SELF: (True, Decimal("100"), 1),
    RaterGroup.SUPERIOR: (False, Decimal("0"), 1),
    RaterGroup.PEER: (False, Decimal("0"), 3),
    RaterGroup.SUBORDINATE: (False, Decimal("0"), 3),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_(NOT_ALLOWED))


# --- instruments --------------------------------------------------------------------------------------------

@transaction.atomic
def instrument_create(*, by: User, code: str, name: str, description: str = "", kind: str = Instrument.Kind.BEHAVIOUR_360,
                      scale_max: int = 5, scale_labels: list[str] | None = None) -> Instrument:
    _require(permissions.can_manage_instruments(by))
    instrument = Instrument(code=code, version=1, name=name, description=description, kind=kind, scale_max=scale_max,
                            scale_labels=scale_labels or [], created_by=by)
    if Instrument.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Kode instrumen ini sudah dipakai. Ubah instrumen itu untuk membuat versi baru.")})
    instrument.full_clean()
    instrument.save()
    return instrument


@transaction.atomic
def instrument_new_version(*, instrument: Instrument, by: User) -> Instrument:
    """Copy a version (its dimensions and items) into a new, editable version of the same instrument."""
    _require(permissions.can_manage_instruments(by))
    latest = Instrument.objects.select_for_update().filter(code=instrument.code).aggregate(v=Max("version"))["v"] or 0
    new = Instrument.objects.create(
        code=instrument.code, version=latest + 1, name=instrument.name, description=instrument.description,
        kind=instrument.kind, scale_max=instrument.scale_max, scale_labels=list(instrument.scale_labels),
        based_on=instrument, created_by=by,
    )
    dimensions = list(instrument.dimensions.all())
    copies = Dimension.objects.bulk_create([
        Dimension(instrument=new, code=d.code, name=d.name, kind=d.kind, order=d.order) for d in dimensions
    ])
    dim_map = {old.pk: copy for old, copy in zip(dimensions, copies, strict=True)}
    Item.objects.bulk_create([
        Item(dimension=dim_map[i.dimension_id], text=i.text, rater_groups=list(i.rater_groups),
             reverse_scored=i.reverse_scored, order=i.order)
        for i in Item.objects.filter(dimension__instrument=instrument).order_by("pk")
    ])
    return new


def instrument_editable(*, instrument: Instrument, by: User) -> Instrument:
    """The version to write to: the instrument itself, or a new version when it is frozen."""
    if instrument.is_frozen:
        return instrument_new_version(instrument=instrument, by=by)
    return instrument


def instrument_freeze(*, instrument: Instrument) -> None:
    if not instrument.is_frozen:
        instrument.frozen_at = timezone.now()
        instrument.save(update_fields=["frozen_at"])


@transaction.atomic
def instrument_update(*, instrument: Instrument, by: User, **fields) -> Instrument:
    """Change name, description, scale… A frozen version is left alone: the change goes to a new version."""
    _require(permissions.can_edit_instrument(by, instrument))
    target = instrument_editable(instrument=instrument, by=by)
    for key in ("name", "description", "kind", "scale_max", "scale_labels"):
        if key in fields:
            setattr(target, key, fields[key])
    target.full_clean()
    target.save()
    return target


def _matching(target: Instrument, obj, model):
    """The row of ``target`` that corresponds to ``obj`` (which may belong to the version it was copied from).

    A new version copies rows in (order, pk) order, so an item keeps its position in that order.
    """
    if obj is None:
        return None
    if model is Dimension:
        return obj if obj.instrument_id == target.pk else target.dimensions.get(code=obj.code)
    source_instrument_id = Dimension.objects.filter(pk=obj.dimension_id).values_list("instrument_id", flat=True).first()
    if source_instrument_id == target.pk:
        return obj
    source = list(Item.objects.filter(dimension__instrument_id=source_instrument_id).order_by("pk").values_list("pk", flat=True))
    copies = list(Item.objects.filter(dimension__instrument=target).order_by("pk"))
    return copies[source.index(obj.pk)]


@transaction.atomic
def dimension_save(*, instrument: Instrument, by: User, dimension: Dimension | None = None, code: str, name: str,
                   kind: str = Dimension.Kind.VALUE, order: int = 0) -> Dimension:
    _require(permissions.can_edit_instrument(by, instrument))
    target = instrument_editable(instrument=instrument, by=by)
    dim = _matching(target, dimension, Dimension) or Dimension(instrument=target)
    clash = target.dimensions.filter(code=code).exclude(pk=dim.pk).exists()
    if clash:
        raise ValidationError({"code": _("Kode dimensi ini sudah ada di instrumen ini.")})
    dim.code, dim.name, dim.kind, dim.order = code, name, kind, order
    dim.full_clean(exclude=["instrument"])
    dim.save()
    return dim


@transaction.atomic
def item_save(*, instrument: Instrument, by: User, item: Item | None = None, dimension: Dimension, text: str,
              rater_groups: list[str], reverse_scored: bool = False, order: int | None = None) -> Item:
    """Add or change a statement. On a frozen version the change lands in a new version (returned item's)."""
    _require(permissions.can_edit_instrument(by, instrument))
    if dimension.instrument_id != instrument.pk:
        raise ValidationError({"dimension": _("Dimensi harus berasal dari instrumen yang sama.")})
    target = instrument_editable(instrument=instrument, by=by)
    row = _matching(target, item, Item) or Item()
    row.dimension = _matching(target, dimension, Dimension)
    row.text = (text or "").strip()
    row.rater_groups = [g for g in ALL_GROUPS if g in set(rater_groups or [])]
    row.reverse_scored = bool(reverse_scored)
    if order is None:
        order = row.order if row.pk else (Item.objects.filter(dimension__instrument=target)
                                          .aggregate(m=Max("order"))["m"] or 0) + 1
    row.order = order
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def item_delete(*, item: Item, by: User) -> Instrument:
    instrument = Instrument.objects.get(dimension__items=item)
    _require(permissions.can_edit_instrument(by, instrument))
    target = instrument_editable(instrument=instrument, by=by)
    _matching(target, item, Item).delete()
    return target


# --- cycles -------------------------------------------------------------------------------------------------

def _check_dates_and_bands(cycle: Cycle) -> None:
    cycle.full_clean(exclude=["agencies", "created_by"])


@transaction.atomic
def cycle_create(*, by: User, name: str, instrument: Instrument, opens_on, closes_on,
                 subject_mode: str = Cycle.SubjectMode.AGENTS, agencies: Iterable = (), anonymity_threshold: int = 3,
                 band_a=Decimal("75"), band_b=Decimal("50"), band_c=Decimal("25"),
                 groups: Mapping[str, Mapping] | None = None) -> Cycle:
    """Create a draft cycle. The instrument version is frozen from now on: the cycle uses it."""
    _require(permissions.can_manage_cycles(by))
    cycle = Cycle(name=name, instrument=instrument, opens_on=opens_on, closes_on=closes_on, subject_mode=subject_mode,
                  anonymity_threshold=anonymity_threshold, band_a=band_a, band_b=band_b, band_c=band_c, created_by=by)
    agencies = list(agencies)
    _check_dates_and_bands(cycle)
    if subject_mode == Cycle.SubjectMode.AGENCIES and not agencies:
        raise ValidationError({"agencies": _("Pilih sekurangnya satu perangkat daerah.")})
    cycle.save()
    cycle.agencies.set(agencies)
    defaults = DEFAULT_GROUPS_SURVEY if instrument.is_survey else DEFAULT_GROUPS_360
    CycleRaterGroup.objects.bulk_create([
        CycleRaterGroup(cycle=cycle, group=g, enabled=e, weight=w, min_count=m) for g, (e, w, m) in defaults.items()
    ])
    if groups:
        rater_groups_update(cycle=cycle, by=by, groups=groups)
    instrument_freeze(instrument=instrument)
    return cycle


@transaction.atomic
def cycle_update(*, cycle: Cycle, by: User, agencies: Iterable | None = None, **fields) -> Cycle:
    _require(permissions.can_manage_cycles(by))
    if cycle.status != Cycle.Status.DRAFT:
        raise ValidationError(_(CYCLE_NOT_DRAFT))
    for key in ("name", "instrument", "opens_on", "closes_on", "subject_mode", "anonymity_threshold",
                "band_a", "band_b", "band_c"):
        if key in fields:
            setattr(cycle, key, fields[key])
    _check_dates_and_bands(cycle)
    cycle.save()
    if agencies is not None:
        cycle.agencies.set(list(agencies))
    if cycle.subject_mode == Cycle.SubjectMode.AGENCIES and not cycle.agencies.exists():
        raise ValidationError({"agencies": _("Pilih sekurangnya satu perangkat daerah.")})
    instrument_freeze(instrument=cycle.instrument)
    return cycle


@transaction.atomic
def rater_groups_update(*, cycle: Cycle, by: User, groups: Mapping[str, Mapping]) -> None:
    """``groups`` maps a rater group to ``{"enabled", "weight", "min_count"}`` (any subset)."""
    _require(permissions.can_manage_cycles(by))
    if cycle.status != Cycle.Status.DRAFT:
        raise ValidationError(_(CYCLE_NOT_DRAFT))
    rows = {r.group: r for r in cycle.rater_groups.all()}
    errors = {}
    for group, values in groups.items():
        if group not in rows:
            errors["groups"] = _("Kelompok penilai tidak dikenal: %(group)s.") % {"group": group}
            continue
        row = rows[group]
        for key in ("enabled", "weight", "min_count"):
            if key in values:
                setattr(row, key, values[key])
        try:
            row.full_clean(exclude=["cycle"])
        except ValidationError as exc:
            errors.update({f"{group}_{k}": v for k, v in exc.message_dict.items()})
    if not any(r.enabled for r in rows.values()):
        errors["groups"] = _("Aktifkan sekurangnya satu kelompok penilai.")
    if errors:
        raise ValidationError(errors)
    CycleRaterGroup.objects.bulk_update(list(rows.values()), ["enabled", "weight", "min_count"])


def cycle_subjects(cycle: Cycle):
    """The employees a cycle evaluates: active agents and role models (their active role assignments), or every
    active employee of the chosen agencies."""
    qs = Employee.objects.filter(is_active=True)
    if cycle.subject_mode == Cycle.SubjectMode.AGENTS:
        return qs.filter(user__roles__is_active=True, user__roles__role__in=[Role.AGEN, Role.ROLE_MODEL]).distinct()
    return qs.filter(agency__in=cycle.agencies.all())


def _peer_key(cycle_id: int, subject_id: int, candidate_id: int) -> str:
    """A stable pseudo-random order, so the same org data always gives the same peers (and load spreads)."""
    return hashlib.sha256(f"{cycle_id}:{subject_id}:{candidate_id}".encode()).hexdigest()


def plan_assignments(*, cycle: Cycle, subjects: list[Employee], people: list[Employee],
                     groups: Mapping[str, CycleRaterGroup]) -> list[tuple[int, int, str]]:
    """(subject id, rater id, group) for every rater the org data gives.

    - self: the subject; superior: ``Employee.superior`` when active;
    - subordinates: every active employee whose superior is the subject;
    - peers: ``min_count`` active employees of the same sub-unit (or the same agency when the subject has no
      sub-unit) with the same position type, chosen deterministically (see :func:`_peer_key`).
    """
    active = {p.pk: p for p in people}
    subordinates = defaultdict(list)
    pools = defaultdict(list)
    for p in people:
        if p.superior_id:
            subordinates[p.superior_id].append(p.pk)
        pools[("unit", p.unit_id, p.position_type)].append(p.pk)
        pools[("agency", p.agency_id, p.position_type)].append(p.pk)
    enabled = {g for g, row in groups.items() if row.enabled}
    plan = []
    for s in subjects:
        taken = {s.pk}
        if RaterGroup.SELF in enabled:
            plan.append((s.pk, s.pk, RaterGroup.SELF.value))
        if RaterGroup.SUPERIOR in enabled and s.superior_id in active and s.superior_id != s.pk:
            plan.append((s.pk, s.superior_id, RaterGroup.SUPERIOR.value))
        if s.superior_id:
            taken.add(s.superior_id)
        subs = sorted(subordinates.get(s.pk, []))
        taken.update(subs)
        if RaterGroup.SUBORDINATE in enabled:
            plan.extend((s.pk, r, RaterGroup.SUBORDINATE.value) for r in subs)
        if RaterGroup.PEER in enabled:
            key = ("unit", s.unit_id, s.position_type) if s.unit_id else ("agency", s.agency_id, s.position_type)
            candidates = sorted((c for c in pools.get(key, []) if c not in taken),
                                key=lambda c: _peer_key(cycle.pk, s.pk, c))
            plan.extend((s.pk, r, RaterGroup.PEER.value) for r in candidates[: groups[RaterGroup.PEER].min_count])
    return plan


@transaction.atomic
def assignments_generate(*, cycle: Cycle, by: User) -> int:
    """(Re)build the automatic assignments of a draft cycle from the org data; manual ones are kept."""
    _require(permissions.can_adjust_assignments(by, cycle))
    Assignment.objects.filter(cycle=cycle, is_manual=False).delete()
    subjects = list(cycle_subjects(cycle).only("pk", "agency_id", "unit_id", "position_type", "superior_id"))
    agency_ids = {s.agency_id for s in subjects}
    superior_ids = {s.superior_id for s in subjects if s.superior_id}
    people = list(Employee.objects.filter(is_active=True).filter(Q(agency_id__in=agency_ids) | Q(pk__in=superior_ids))
                  .only("pk", "agency_id", "unit_id", "position_type", "superior_id"))
    groups = {r.group: r for r in cycle.rater_groups.all()}
    manual = set(Assignment.objects.filter(cycle=cycle).values_list("subject_id", "rater_id"))
    rows = [Assignment(cycle=cycle, subject_id=s, rater_id=r, group=g)
            for s, r, g in plan_assignments(cycle=cycle, subjects=subjects, people=people, groups=groups)
            if (s, r) not in manual]
    Assignment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def assignment_add(*, cycle: Cycle, by: User, subject: Employee, rater: Employee, group: str) -> Assignment:
    _require(permissions.can_adjust_assignments(by, cycle))
    errors = {}
    if group not in ALL_GROUPS:
        errors["group"] = _("Kelompok penilai tidak dikenal.")
    elif (group == RaterGroup.SELF) != (subject.pk == rater.pk):
        errors["rater"] = _("Penilai diri sendiri harus orang yang dinilai, dan sebaliknya.")
    if not rater.is_active:
        errors["rater"] = _("Penilai sudah tidak aktif.")
    if Assignment.objects.filter(cycle=cycle, subject=subject, rater=rater).exists():
        errors["rater"] = _("Pegawai ini sudah menjadi penilai untuk orang yang sama di siklus ini.")
    if errors:
        raise ValidationError(errors)
    return Assignment.objects.create(cycle=cycle, subject=subject, rater=rater, group=group, is_manual=True)


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User) -> None:
    _require(permissions.can_adjust_assignments(by, assignment.cycle))
    assignment.delete()


def _enqueue(task, *args) -> None:
    """Queue a notification task. A broker outage must not undo the transition: the daily reminder run sends
    the opening reminder too (it is claimed only once sent)."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 — any broker error
        logger.warning("Could not queue %s%s", task.name, args, exc_info=True)


def _transition(cycle: Cycle, *, to: str, stamp: str) -> None:
    cycle.status = to
    setattr(cycle, stamp, timezone.now())
    cycle.save(update_fields=["status", stamp])


@transaction.atomic
def cycle_open(*, cycle: Cycle, by: User) -> Cycle:
    """Open a draft: build assignments if Tim RB has not reviewed any yet, freeze the instrument, tell raters."""
    cycle = Cycle.objects.select_for_update().select_related("instrument").get(pk=cycle.pk)
    _require(permissions.can_open_cycle(by, cycle))
    if not Assignment.objects.filter(cycle=cycle).exists():
        assignments_generate(cycle=cycle, by=by)
    if not Assignment.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("Belum ada penilai yang dapat ditugaskan: periksa pilihan subjek dan kelompok penilai."))
    if not Item.objects.filter(dimension__instrument=cycle.instrument).exists():
        raise ValidationError({"instrument": _("Instrumen belum memiliki butir pernyataan.")})
    instrument_freeze(instrument=cycle.instrument)
    _transition(cycle, to=Cycle.Status.OPEN, stamp="opened_at")
    from .tasks import remind_raters

    cycle_id = cycle.pk
    transaction.on_commit(lambda: _enqueue(remind_raters, cycle_id, "open"))
    return cycle


@transaction.atomic
def cycle_close(*, cycle: Cycle, by: User) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require(permissions.can_close_cycle(by, cycle))
    _transition(cycle, to=Cycle.Status.CLOSED, stamp="closed_at")
    return cycle


@transaction.atomic
def cycle_publish(*, cycle: Cycle, by: User) -> Cycle:
    """Publish results: subjects can now read their own report (they are told so)."""
    cycle = Cycle.objects.select_for_update().select_related("instrument").get(pk=cycle.pk)
    _require(permissions.can_publish_cycle(by, cycle))
    _transition(cycle, to=Cycle.Status.PUBLISHED, stamp="published_at")
    if not cycle.instrument.is_survey:
        from .tasks import notify_report_published

        cycle_id = cycle.pk
        transaction.on_commit(lambda: _enqueue(notify_report_published, cycle_id))
    return cycle


# --- answering ----------------------------------------------------------------------------------------------

def _parse_answers(answers) -> tuple[dict[int, object], list[str]]:
    """Accept ``[{"item": id, "score": n}, …]`` or ``{item_id: score}``; return ({item id: raw score}, errors)."""
    errors: list[str] = []
    pairs: dict[int, object] = {}
    if isinstance(answers, Mapping):
        raw = [{"item": k, "score": v} for k, v in answers.items()]
    else:
        raw = list(answers or [])
    for entry in raw:
        if not isinstance(entry, Mapping) or "item" not in entry:
            errors.append(_("Setiap jawaban harus berisi 'item' dan 'score'."))
            continue
        try:
            item_id = int(entry["item"])
        except (TypeError, ValueError):
            errors.append(_("Butir %(item)s tidak dikenal.") % {"item": entry.get("item")})
            continue
        pairs[item_id] = entry.get("score")
    return pairs, errors


def _as_score(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


class AnswerErrors(ValidationError):
    """A ValidationError that also says which items are wrong (the answer page highlights them)."""

    def __init__(self, messages: dict, item_errors: dict[int, str]):
        super().__init__(messages)
        self.item_errors = item_errors


@transaction.atomic
def response_save(*, assignment: Assignment, by: User, answers, comment: str = "", submit: bool = False) -> Response:
    """Save a rater's answers as a draft, or submit them (every item required). Nothing after the close."""
    assignment = (Assignment.objects.select_for_update().select_related("cycle", "cycle__instrument")
                  .get(pk=assignment.pk))
    if by.employee_id != assignment.rater_id:
        raise PermissionDenied(_(NOT_ALLOWED))
    if not permissions.can_answer(by, assignment):
        raise PermissionDenied(_(CYCLE_NOT_ACCEPTING))
    response, _created = Response.objects.get_or_create(assignment=assignment)
    if response.submitted_at:
        raise PermissionDenied(_(ALREADY_SUBMITTED))
    instrument = assignment.cycle.instrument
    items = [i for i in Item.objects.filter(dimension__instrument=instrument).order_by("dimension__order", "order", "pk")
             if assignment.group in i.rater_groups]
    numbers = {i.pk: n for n, i in enumerate(items, start=1)}
    pairs, errors = _parse_answers(answers)
    item_errors: dict[int, str] = {}
    scores: dict[int, int] = {}
    lo, hi = instrument.scale_min, instrument.scale_max
    for item_id, raw in pairs.items():
        if item_id not in numbers:
            errors.append(_("Butir %(item)s bukan bagian dari penilaian ini.") % {"item": item_id})
            continue
        if raw in (None, ""):
            continue
        score = _as_score(raw)
        if score is None or not lo <= score <= hi:
            item_errors[item_id] = _("Butir %(n)d: pilih nilai %(lo)d sampai %(hi)d.") % {
                "n": numbers[item_id], "lo": lo, "hi": hi}
            continue
        scores[item_id] = score
    existing = {a.item_id: a for a in response.answers.all()}
    if submit:
        answered = set(scores) | {i for i in existing if i in numbers}
        for item in items:
            if item.pk not in answered and item.pk not in item_errors:
                item_errors[item.pk] = _("Butir %(n)d belum dijawab.") % {"n": numbers[item.pk]}
    comment = (comment or "").strip()
    messages: dict[str, list[str]] = {}
    if errors or item_errors:
        messages["answers"] = errors + [item_errors[i.pk] for i in items if i.pk in item_errors]
    if len(comment) > 2000:
        messages["comment"] = [_("Komentar paling banyak 2000 karakter.")]
    if messages:
        raise AnswerErrors(messages, item_errors)
    Answer.objects.bulk_create([Answer(response=response, item_id=i, score=s) for i, s in scores.items()
                                if i not in existing])
    changed = [a for i, a in existing.items() if i in scores and a.score != scores[i]]
    for a in changed:
        a.score = scores[a.item_id]
    Answer.objects.bulk_update(changed, ["score"])
    response.comment = comment
    if submit:
        response.submitted_at = timezone.now()
    response.save()
    return response
