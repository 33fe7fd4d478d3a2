"""Instruments and their versions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import User

from .. import permissions
from ..models import (
    ALL_GROUPS,
    Dimension,
    Instrument,
    Item,
)
from ._base import (
    _require,
)

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
    instrument = Instrument.objects.get(dimensions__items=item)
    _require(permissions.can_edit_instrument(by, instrument))
    target = instrument_editable(instrument=instrument, by=by)
    _matching(target, item, Item).delete()
    return target


