"""Writing a plan: bulk inserts and updates in batches, with a simple_history record for every employee written.

Call inside ``transaction.atomic()``: either every row of the plan is written or none.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Employee, User
from .planner import CREATE, UPDATE, Plan, RowPlan

CREATE_BATCH = 1000
UPDATE_BATCH = 500


def _depth(r: RowPlan) -> int:
    """How many new employees stand above this one (superiors must be inserted first)."""
    depth = 0
    while r.superior_row is not None and r.superior_row.action == CREATE:
        depth += 1
        r = r.superior_row
    return depth


def apply_plan(plan: Plan, *, by: User, reason: str) -> tuple[int, int]:
    """Write the plan's creates and updates (rows with errors are left out). Returns (created, updated)."""
    history = {"default_user": by, "default_change_reason": reason, "default_date": timezone.now()}
    pk_by_nip: dict[str, int] = {}

    levels: dict[int, list[RowPlan]] = defaultdict(list)
    for r in plan.of(CREATE):
        levels[_depth(r)].append(r)
    created = 0
    for depth in sorted(levels):
        batch = levels[depth]
        for r in batch:
            if r.superior_row is not None:
                r.instance.superior_id = pk_by_nip[r.superior_row.nip]
        bulk_create_with_history([r.instance for r in batch], Employee, batch_size=CREATE_BATCH, **history)
        for r in batch:
            pk_by_nip[r.nip] = r.instance.pk
        created += len(batch)

    groups: dict[frozenset, list[Employee]] = defaultdict(list)
    now = timezone.now()
    for r in plan.of(UPDATE):
        if r.superior_row is not None:
            r.instance.superior_id = pk_by_nip[r.superior_row.nip]
        r.instance.updated_at = now
        groups[frozenset(r.changed_fields)].append(r.instance)
    updated = 0
    for fields, objs in groups.items():
        # Grouped by the set of changed fields so each UPDATE only touches what changed.
        bulk_update_with_history(objs, Employee, fields=sorted(fields | {"updated_at"}), batch_size=UPDATE_BATCH,
                                 **history)
        updated += len(objs)
    # An employee the file marks inactive (pensiun, mutasi keluar) loses access at once; one marked active again
    # gets the account back.
    flipped = {r.instance.pk: (r.instance.agency_id, r.snapshot.get("is_active", True))
               for r in plan.of(UPDATE) if "is_active" in r.changed_fields}
    if flipped:
        from ..identity.services import accounts_follow_employees

        accounts_follow_employees(employee_ids=list(flipped), previous=flipped)
    return created, updated
