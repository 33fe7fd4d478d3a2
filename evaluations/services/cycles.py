"""Cycles: settings, rater assignment, lifecycle."""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from organization.models import Employee, Role, User

from .. import permissions
from ..models import (
    ALL_GROUPS,
    Assignment,
    Cycle,
    CycleRaterGroup,
    Instrument,
    Item,
    RaterGroup,
)
from ._base import (
    CYCLE_NOT_DRAFT,
    DEFAULT_GROUPS_360,
    DEFAULT_GROUPS_SURVEY,
    _require,
    logger,
)
from .instruments import instrument_freeze

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
    cycle._history_user = by
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
    cycle._history_user = by
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


def _peer_key(seed: str, subject_id: int, candidate_id: int) -> str:
    """A pseudo-random order keyed by the cycle's secret seed (``Cycle.peer_seed``): stable for one cycle (the same
    org data gives the same peers, and load spreads), but nobody without the seed can work out who was chosen."""
    return hmac.new(seed.encode(), f"{subject_id}:{candidate_id}".encode(), hashlib.sha256).hexdigest()


def plan_assignments(*, cycle: Cycle, subjects: list[Employee], people: list[Employee],
                     groups: Mapping[str, CycleRaterGroup]) -> list[tuple[int, int, str]]:
    """(subject id, rater id, group) for every rater the org data gives.

    - self: the subject; superior: ``Employee.superior`` when active;
    - subordinates: every active employee whose superior is the subject;
    - peers: ``min_count`` active employees of the same sub-unit (or the same agency when the subject has no
      sub-unit) with the same position type, chosen from the cycle's secret seed (see :func:`_peer_key`).
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
                                key=lambda c: _peer_key(cycle.peer_seed, s.pk, c))
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
    Cycle.objects.bump_answers_version(pk=cycle.pk)     # bulk writes send no signals
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
    Cycle.objects.bump_answers_version(pk=assignment.cycle_id)


def _enqueue(task, *args) -> None:
    """Queue a notification task. A broker outage must not undo the transition: the daily reminder run sends
    the opening reminder too (it is claimed only once sent)."""
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 — any broker error
        logger.warning("Could not queue %s%s", task.name, args, exc_info=True)


def _transition(cycle: Cycle, *, to: str, stamp: str, by: User | None = None) -> None:
    cycle.status = to
    cycle._history_user = by  # the "Riwayat perubahan" names who opened, closed or published (docs/audit.md)
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
    _transition(cycle, by=by, to=Cycle.Status.OPEN, stamp="opened_at")
    from ..tasks import remind_raters

    cycle_id = cycle.pk
    transaction.on_commit(lambda: _enqueue(remind_raters, cycle_id, "open"))
    return cycle


STRAIGHT_LINING_FROZEN = gettext_noop("Pengecualian jawaban seragam hanya dapat diubah sebelum siklus ditutup: sesudah itu "
                                       "hasilnya sudah dihitung dan dibekukan.")


@transaction.atomic
def cycle_straight_lining_set(*, cycle: Cycle, by: User, exclude: bool) -> Cycle:
    """Turn on or off the exclusion of straight-lined submissions from the cycle's results (issue 17).

    Only before the close: the close computes the one frozen figure set (docs/evaluations.md). Two figure sets of
    the same answers, with and without the excluded submissions, would let their difference isolate those few
    submissions. The cycle's history keeps who changed it and when."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require(permissions.can_manage_cycles(by))
    if cycle.status not in (Cycle.Status.DRAFT, Cycle.Status.OPEN):
        raise ValidationError({"exclude_straight_lined": _(STRAIGHT_LINING_FROZEN)})
    exclude = bool(exclude)
    if cycle.exclude_straight_lined != exclude:
        cycle.exclude_straight_lined = exclude
        cycle._history_user = by
        cycle.save(update_fields=["exclude_straight_lined"])
    return cycle


@transaction.atomic
def cycle_close(*, cycle: Cycle, by: User) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require(permissions.can_close_cycle(by, cycle))
    _transition(cycle, by=by, to=Cycle.Status.CLOSED, stamp="closed_at")
    from ..disclosure import compute_snapshot

    compute_snapshot(cycle)         # the results, computed once and frozen (docs/evaluations.md)
    return cycle


@transaction.atomic
def cycle_publish(*, cycle: Cycle, by: User) -> Cycle:
    """Publish results: subjects can now read their own report (they are told so)."""
    cycle = Cycle.objects.select_for_update().select_related("instrument").get(pk=cycle.pk)
    _require(permissions.can_publish_cycle(by, cycle))
    _transition(cycle, by=by, to=Cycle.Status.PUBLISHED, stamp="published_at")
    if not cycle.instrument.is_survey:
        from ..tasks import notify_report_published

        cycle_id = cycle.pk
        transaction.on_commit(lambda: _enqueue(notify_report_published, cycle_id))
    return cycle


