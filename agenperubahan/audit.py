"""The audit trail in the portal: django-simple-history records turned into entries a person can read.

One presenter for every "Riwayat perubahan" page and ``…/{id}/history/`` API call (docs/audit.md):

- each record becomes an entry: created, changed (the fields that changed, old → new) or deleted, with the time in
  WIB, who did it (full name with titles and their roles; "Sistem" and the change reason for tasks and imports);
- labels are the fields' ``verbose_name`` and choice labels (translated), foreign keys are names resolved in one
  query per related model for the page shown (never per row), dates are long Indonesian dates;
- :data:`AUDITED` is the one declared place of what each model's history leaves out; :data:`SENSITIVE` fields are
  never shown anywhere, and NIP fields only to readers allowed to see the NIP;
- a nomination's workflow transitions are merged into the same timeline (a field change saved with a transition
  is shown inside it).

:class:`Timeline` supports ``len()`` and slicing, so Django's and DRF's paginators page it; labels are resolved only
for the slice a page shows. Building a timeline costs a fixed number of queries, whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.formats import decimal, long_date, long_datetime

PER_PAGE = 25
#: Seconds between a workflow transition and the record saved with it for the two to be shown as one entry.
MERGE_WINDOW = dt.timedelta(seconds=5)
#: Records of the same person this close together are one entry (a save and its many-to-many update).
FOLD_WINDOW = dt.timedelta(seconds=2)

EMPTY = "—"

#: Never shown, in any model's history: secrets and activation data (matched on the field name).
SENSITIVE = frozenset({
    "password", "token", "key", "secret", "peer_seed", "answers_version", "activation_code", "activation_token",
    "activated_at", "otp", "totp", "recovery_codes", "token_hash", "code_hash",
})
SENSITIVE_PARTS = ("password", "token", "secret", "activation")


@dataclass(frozen=True)
class AuditSpec:
    """What the history of one model shows.

    ``exclude``: fields left out (bookkeeping, counters, timestamps the timeline already shows, and, for a
    nomination, the status fields its workflow transitions show). ``nip``: fields shown only to readers allowed to
    see the NIP. ``value_labels``: labels for codes kept outside a ``choices`` field (e.g. a JSON list of roles).
    """

    exclude: frozenset[str] = frozenset()
    nip: frozenset[str] = frozenset()
    value_labels: dict[str, Callable[[], dict]] = field(default_factory=dict)


def _agent_role_labels() -> dict:
    from agents.models import AgentRole

    return dict(AgentRole.choices)


#: The one declared place of what each audited model's history leaves out (model label → spec).
AUDITED: dict[str, AuditSpec] = {
    "agents.Nomination": AuditSpec(exclude=frozenset({
        "id", "created_at", "updated_at", "score_total", "score_count", "status", "return_comment", "reject_reason",
        "submitted_at", "endorsed_at", "decided_at", "endorse_step", "waiting_since",
    })),
    "agents.ChangeAgent": AuditSpec(exclude=frozenset({"id", "created_at"}),
                                    value_labels={"roles": _agent_role_labels}),
    "organization.Employee": AuditSpec(exclude=frozenset({"id", "created_at", "updated_at"}), nip=frozenset({"nip"})),
    # Cycle fields only: nothing of assignments, responses or raters is in this model's history (its secret seed and
    # answer counter are not even recorded), and the stamps repeat the status change.
    "evaluations.Cycle": AuditSpec(exclude=frozenset({
        "id", "created_at", "created_by", "opened_at", "closed_at", "published_at", "answers_version", "peer_seed",
    })),
}


def is_sensitive(name: str) -> bool:
    return name in SENSITIVE or any(part in name for part in SENSITIVE_PARTS)


# --- entries ------------------------------------------------------------------------------------------------------

class Kind:
    CREATED = "created"
    # The oldest record of an object made without one (bulk loads): its values then, not what changed.
    FIRST = "first"
    CHANGED = "changed"
    DELETED = "deleted"
    TRANSITION = "transition"


KIND_TITLES = {
    Kind.CREATED: _("Dibuat"),
    Kind.FIRST: _("Tercatat pertama kali"),
    Kind.CHANGED: _("Diubah"),
    Kind.DELETED: _("Dihapus"),
}


@dataclass
class Change:
    field: str
    label: str
    old: str = ""
    new: str = ""
    # Raw values until the page is resolved (ids for foreign keys, codes for choices).
    raw_old: object = None
    raw_new: object = None
    # A value set when the object was created (shown alone, without "old → new").
    initial: bool = False


@dataclass
class Entry:
    kind: str
    at: dt.datetime
    user_id: int | None
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    # For workflow transitions: the action's label, from → to, the comment and the capacity recorded with it.
    title: str = ""
    action: str = ""
    from_status: str = ""
    to_status: str = ""
    status_change: str = ""
    comment: str = ""
    capacity: str = ""
    # Filled when the page is resolved.
    actor: str = ""
    actor_role: str = ""
    order: int = 0
    # For records: the status before and after (a record is shown inside the transition that made the same move),
    # and whether it only records a many-to-many update.
    status_move: tuple = ()
    m2m_only: bool = False

    @property
    def at_display(self) -> str:
        return wib(self.at)

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.at).date() if timezone.is_aware(self.at) else self.at.date()

    @property
    def day_display(self) -> str:
        return long_date(self.day)

    @property
    def time_display(self) -> str:
        local = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
        return f"{local:%H:%M} {zone_name(local)}"


def zone_name(value: dt.datetime) -> str:
    return value.tzname() or "WIB"


def wib(value: dt.datetime | None) -> str:
    """``5 Desember 2026 14:03 WIB``: local time (Asia/Jakarta) with the zone's name."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{long_datetime(local)} {zone_name(local)}"


# --- reading the records ------------------------------------------------------------------------------------------

def _spec(model) -> AuditSpec:
    return AUDITED.get(model._meta.label, AuditSpec())


def _shown_fields(model, *, show_nip: bool) -> list[models.Field]:
    spec = _spec(model)
    fields = []
    for f in model.history.model.tracked_fields:
        if f.name in spec.exclude or is_sensitive(f.name) or (f.name in spec.nip and not show_nip):
            continue
        fields.append(f)
    return fields


def _raw(record, f: models.Field):
    value = getattr(record, f.attname)
    if isinstance(f, models.JSONField) and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    return value


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _record_entries(obj, *, show_nip: bool) -> list[Entry]:
    """Every history record of ``obj`` as an entry with raw values (two queries, three with a m2m field)."""
    model = type(obj)
    fields = _shown_fields(model, show_nip=show_nip)
    records = list(obj.history.order_by("history_date", "history_id"))
    m2m = [f for f in getattr(model.history.model, "_history_m2m_fields", []) if not is_sensitive(f.name)
           and f.name not in _spec(model).exclude]
    m2m_values: dict[tuple[str, int], frozenset] = {}
    if m2m and records:
        from simple_history.utils import get_m2m_reverse_field_name

        for f in m2m:
            target = get_m2m_reverse_field_name(f)
            rows = defaultdict(set)
            for history_id, value in (getattr(model.history.model, f.name).model.objects
                                      .filter(history_id__in=[r.history_id for r in records])
                                      .values_list("history_id", f"{target}_id")):
                rows[history_id].add(value)
            for r in records:
                m2m_values[(f.name, r.history_id)] = frozenset(rows.get(r.history_id, ()))
    m2m_names = {f.name for f in m2m}
    has_status = "status" in {f.name for f in model.history.model.tracked_fields}
    entries = []
    previous = None
    for record in records:
        changes = []
        if record.history_type == "-":
            entry = Entry(kind=Kind.DELETED, at=record.history_date, user_id=record.history_user_id)
        else:
            for f in fields:
                new = _raw(record, f)
                if previous is None:
                    if _is_empty(new):
                        continue
                    changes.append(Change(field=f.name, label=str(f.verbose_name), raw_old=None, raw_new=new,
                                          initial=True))
                else:
                    old = _raw(previous, f)
                    if old != new:
                        changes.append(Change(field=f.name, label=str(f.verbose_name), raw_old=old, raw_new=new))
            for f in m2m:
                new = m2m_values.get((f.name, record.history_id), frozenset())
                old = m2m_values.get((f.name, previous.history_id), frozenset()) if previous else frozenset()
                if new != old:
                    changes.append(Change(field=f.name, label=str(f.verbose_name), raw_old=old, raw_new=new,
                                          initial=previous is None))
            first = previous is None
            if not first and not changes:
                # A save that touched only fields the history does not show (counters, secrets): nothing to read,
                # and nothing to infer from its time either.
                previous = record
                continue
            kind = (Kind.CREATED if record.history_type == "+" else Kind.FIRST) if first else Kind.CHANGED
            entry = Entry(kind=kind, at=record.history_date,
                          user_id=record.history_user_id, changes=changes,
                          m2m_only=bool(m2m) and all(c.field in m2m_names for c in changes))
        if has_status:
            entry.status_move = (getattr(previous, "status", "") if previous else "", record.status)
        entry.reason = record.history_change_reason or ""
        if not (entries and _fold_into(entries[-1], entry)):
            entries.append(entry)
        previous = record
    return entries


def _fold_into(last: Entry, entry: Entry) -> bool:
    """One save and its many-to-many update (two records a moment apart, same person) read as one entry."""
    if (not entry.m2m_only or entry.kind != Kind.CHANGED or last.kind not in (Kind.CREATED, Kind.FIRST, Kind.CHANGED)
            or last.user_id != entry.user_id or entry.at - last.at > FOLD_WINDOW
            or (entry.reason and entry.reason != last.reason)):
        return False
    known = {c.field: c for c in last.changes}
    for c in entry.changes:
        if c.field in known:
            known[c.field].raw_new = c.raw_new
        else:
            last.changes.append(c)
    last.changes = [c for c in last.changes if c.initial or c.raw_old != c.raw_new]
    return True


def _transition_entries(transitions: Iterable) -> list[Entry]:
    entries = []
    for t in transitions:
        entries.append(Entry(
            kind=Kind.TRANSITION, at=t.at, user_id=t.actor_id, title=str(t.get_action_display()), action=t.action,
            from_status=t.from_status, to_status=t.to_status,
            status_change=(f"{t.get_from_status_display()} → {t.get_to_status_display()}" if t.from_status
                           else str(t.get_to_status_display())),
            comment=t.comment, capacity=t.capacity,
        ))
    return entries


def _merge(records: list[Entry], transitions: list[Entry]) -> list[Entry]:
    """The record a transition saved (same person, within :data:`MERGE_WINDOW`, the same status move; the creation
    for the "create" step) is shown inside the transition, not as an edit of its own."""
    used: set[int] = set()
    for t in transitions:
        for i, r in enumerate(records):
            if i in used or r.user_id != t.user_id or abs(r.at - t.at) > MERGE_WINDOW:
                continue
            if r.kind == Kind.DELETED:
                continue
            if t.from_status or r.kind != Kind.CREATED:
                if r.status_move != (t.from_status, t.to_status):
                    continue
            used.add(i)
            t.changes.extend(c for c in r.changes if not _is_empty(c.raw_new) or not _is_empty(c.raw_old))
            t.reason = t.reason or r.reason
            break
    return [r for i, r in enumerate(records) if i not in used] + transitions


# --- resolving labels for one page ------------------------------------------------------------------------------

def _employee_label(e) -> str:
    return e.full_name


def _user_label(u) -> str:
    if getattr(u, "employee_id", None) and u.employee is not None:
        return u.employee.full_name
    return u.get_full_name() or u.username


#: How a foreign key to each model is named (never with a NIP), and what to select with it.
FK_LABELS: dict[str, tuple[tuple[str, ...], Callable]] = {
    "organization.Employee": ((), _employee_label),
    "organization.User": (("employee",), _user_label),
    "organization.Agency": ((), lambda a: a.name),
    "agents.ProgramPeriod": ((), lambda p: p.name),
    "agents.Nomination": (("candidate", "period"), lambda n: f"{n.candidate.full_name} — {n.period.name}"),
    "agents.ChangeAgent": (("employee", "period"), lambda a: f"{a.get_kind_display()} {a.employee.full_name}, "
                                                              f"{long_date(a.term_start)} – {long_date(a.term_end)}"),
    "evaluations.Instrument": ((), str),
}


def _fk_names(model, ids: set) -> dict:
    label = model._meta.label
    related, name = FK_LABELS.get(label, ((), str))
    qs = model._default_manager.filter(pk__in=ids)
    if related:
        qs = qs.select_related(*related)
    return {o.pk: name(o) for o in qs}


def _format(value, f: models.Field | None, spec: AuditSpec, names: dict) -> str:
    if f is not None and f.many_to_many:
        if not value:
            return EMPTY
        return ", ".join(sorted(names.get(v, f"#{v}") for v in value))
    if _is_empty(value):
        return EMPTY
    if f is not None and f.is_relation:
        return names.get(value) or str(_("#%(id)s (sudah dihapus)") % {"id": value})
    if f is not None and f.name in spec.nip:
        from organization.nip import format_nip

        return format_nip(str(value))
    if f is not None and f.name in spec.value_labels:
        labels = spec.value_labels[f.name]()
        items = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) if isinstance(v, (str, int)) else str(v) for v in items)
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, dt.datetime):
        return wib(value)
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, Decimal):
        places = getattr(f, "decimal_places", 2) or 0
        return decimal(value, places)
    if isinstance(value, (list, dict)):
        return ", ".join(map(str, value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False)
    return str(value)


def _role_labels(user_ids: set) -> dict[int, str]:
    from organization.models import Role, RoleAssignment

    names = dict(Role.choices)
    roles: dict[int, list[str]] = defaultdict(list)
    for a in (RoleAssignment.objects.filter(user_id__in=user_ids, is_active=True).select_related("agency")
              .order_by("role", "agency__name")):
        label = str(names.get(a.role, a.role))
        roles[a.user_id].append(f"{label} {a.agency.abbreviation or a.agency.name}" if a.agency_id else label)
    return {uid: ", ".join(labels) for uid, labels in roles.items()}


def resolve(entries: list[Entry], model) -> list[Entry]:
    """Fill in readable values, actors and roles for the entries of one page (one query per related model)."""
    from organization.models import User

    spec = _spec(model)
    fields = {f.name: f for f in model.history.model.tracked_fields}
    fields.update({f.name: f for f in getattr(model.history.model, "_history_m2m_fields", [])})
    wanted: dict[type, set] = defaultdict(set)
    for e in entries:
        for c in e.changes:
            f = fields.get(c.field)
            if f is None or not f.is_relation:
                continue
            target = f.related_model
            for v in (c.raw_old, c.raw_new):
                if f.many_to_many:
                    wanted[target].update(v or ())
                elif not _is_empty(v):
                    wanted[target].add(v)
    user_ids = {e.user_id for e in entries if e.user_id}
    if user_ids:
        wanted[User].update(user_ids)
    names = {target: _fk_names(target, ids) for target, ids in wanted.items() if ids}
    roles = _role_labels(user_ids) if user_ids else {}
    users = names.get(User, {})
    system = str(_("Sistem"))
    for e in entries:
        for c in e.changes:
            f = fields.get(c.field)
            target_names = names.get(f.related_model, {}) if f is not None and f.is_relation else {}
            c.old = _format(c.raw_old, f, spec, target_names)
            c.new = _format(c.raw_new, f, spec, target_names)
        if e.user_id:
            e.actor = users.get(e.user_id) or str(_("Pengguna yang sudah dihapus"))
            e.actor_role = e.capacity or roles.get(e.user_id, "")
        else:
            e.actor = system
            e.actor_role = e.capacity
        if not e.title:
            e.title = str(KIND_TITLES[e.kind])
    return entries


# --- the timeline -------------------------------------------------------------------------------------------------

class Timeline:
    """The readable history of one object, newest first; ``len()`` and slices for the paginators."""

    def __init__(self, obj, *, show_nip: bool, transitions: Iterable | None = None):
        self.model = type(obj)
        records = _record_entries(obj, show_nip=show_nip)
        if transitions is not None:
            records = _merge(records, _transition_entries(transitions))
        for i, e in enumerate(records):
            e.order = i
        self.entries = sorted(records, key=lambda e: (e.at, e.kind == Kind.TRANSITION, e.order), reverse=True)

    def __len__(self) -> int:
        return len(self.entries)

    def count(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return resolve(self.entries[index], self.model)
        return resolve([self.entries[index]], self.model)[0]


def by_day(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries of a page grouped by their local day (the order kept: newest first)."""
    return [(long_date(day), list(group)) for day, group in groupby(entries, key=lambda e: e.day)]


def page_context(request, obj, *, show_nip: bool, transitions: Iterable | None = None) -> dict:
    """The page's context: the page of entries (``?page=``; a bad number shows the first or last page)."""
    from django.core.paginator import Paginator

    page = Paginator(Timeline(obj, show_nip=show_nip, transitions=transitions), PER_PAGE).get_page(
        request.GET.get("page"))
    return {"page_obj": page, "days": by_day(page.object_list)}

