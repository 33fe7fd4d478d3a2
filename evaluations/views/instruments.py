"""Tim RB manages instruments. Editing a frozen version makes a new version; the page then shows that version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organization.permissions import access_object

from .. import permissions, services
from ..forms import DimensionForm, InstrumentForm, ItemForm
from ..models import Dimension, Instrument, Item


def _require_manager(user):
    if not permissions.can_manage_instruments(user):
        raise PermissionDenied


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _new_version_message(request, old, new):
    if old.pk != new.pk:
        messages.info(request, _("Versi %(old)d sudah dipakai siklus, jadi perubahan disimpan sebagai versi %(new)d.")
                      % {"old": old.version, "new": new.version})


@login_required
def instrument_list(request):
    _require_manager(request.user)
    qs = (permissions.visible_instruments(request.user)
          .annotate(item_count=Count("dimensions__items", distinct=True), cycle_count=Count("cycles", distinct=True))
          .order_by("code", "-version"))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "evaluations/instrument_list.html", {"page": page, "q": q})


@login_required
def instrument_create(request):
    _require_manager(request.user)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Instrumen dibuat. Tambahkan dimensi dan butir pernyataannya."))
            return redirect("evaluations:instrument_detail", pk=instrument.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Instrumen baru"),
                                                     "back": "evaluations:instrument_list"})


@login_required
def instrument_detail(request, pk):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    dimensions = list(instrument.dimensions.all())
    items = list(Item.objects.filter(dimension__instrument=instrument).order_by("dimension__order", "order", "pk"))
    by_dim = {d.pk: [] for d in dimensions}
    for item in items:
        by_dim[item.dimension_id].append(item)
    versions = list(permissions.visible_instruments(request.user).filter(code=instrument.code)
                    .only("pk", "version", "frozen_at").order_by("-version"))
    return render(request, "evaluations/instrument_detail.html", {
        "instrument": instrument, "sections": [(d, by_dim[d.pk]) for d in dimensions], "item_count": len(items),
        "versions": versions, "cycles": list(instrument.cycles.only("pk", "name", "status")[:20]),
    })


@login_required
def instrument_edit(request, pk):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    _require_manager(request.user)
    form = InstrumentForm(request.POST or None, instance=Instrument.objects.get(pk=instrument.pk))
    if request.method == "POST" and form.is_valid():
        try:
            target = services.instrument_update(instrument=instrument, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _new_version_message(request, instrument, target)
            messages.success(request, _("Instrumen disimpan."))
            return redirect("evaluations:instrument_detail", pk=target.pk)
    return render(request, "evaluations/form.html", {"form": form, "title": _("Ubah instrumen"), "instrument": instrument,
                                                     "back_obj": instrument})


@require_POST
@login_required
def instrument_new_version(request, pk):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    _require_manager(request.user)
    new = services.instrument_new_version(instrument=instrument, by=request.user)
    messages.success(request, _("Versi %(v)d dibuat dari versi %(old)d.") % {"v": new.version, "old": instrument.version})
    return redirect("evaluations:instrument_detail", pk=new.pk)


@login_required
def dimension_form(request, pk, dimension_pk=None):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    _require_manager(request.user)
    dimension = get_object_or_404(Dimension, pk=dimension_pk, instrument=instrument) if dimension_pk else None
    form = DimensionForm(request.POST or None, instance=Dimension.objects.get(pk=dimension.pk) if dimension else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.dimension_save(instrument=instrument, by=request.user, dimension=dimension,
                                            **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _new_version_message(request, instrument, saved.instrument)
            messages.success(request, _("Dimensi disimpan."))
            return redirect("evaluations:instrument_detail", pk=saved.instrument_id)
    title = _("Ubah dimensi") if dimension else _("Tambah dimensi")
    return render(request, "evaluations/form.html", {"form": form, "title": title, "instrument": instrument,
                                                     "back_obj": instrument})


@login_required
def item_form(request, pk, item_pk=None):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    _require_manager(request.user)
    item = get_object_or_404(Item, pk=item_pk, dimension__instrument=instrument) if item_pk else None
    form = ItemForm(request.POST or None, instance=Item.objects.get(pk=item.pk) if item else None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.item_save(instrument=instrument, by=request.user, item=item, dimension=data["dimension"],
                                       text=data["text"], rater_groups=data["rater_groups"],
                                       reverse_scored=data["reverse_scored"], order=data.get("order"))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            target = saved.dimension.instrument_id
            _new_version_message(request, instrument, saved.dimension.instrument)
            messages.success(request, _("Butir pernyataan disimpan."))
            return redirect("evaluations:instrument_detail", pk=target)
    title = _("Ubah butir pernyataan") if item else _("Tambah butir pernyataan")
    return render(request, "evaluations/form.html", {"form": form, "title": title, "instrument": instrument,
                                                     "back_obj": instrument})


@require_POST
@login_required
def item_delete(request, pk, item_pk):
    instrument = access_object(permissions.visible_instruments(request.user), pk=pk)
    _require_manager(request.user)
    item = get_object_or_404(Item, pk=item_pk, dimension__instrument=instrument)
    target = services.item_delete(item=item, by=request.user)
    _new_version_message(request, instrument, target)
    messages.success(request, _("Butir pernyataan dihapus."))
    return redirect("evaluations:instrument_detail", pk=target.pk)
