"""Instruments API: values, items, scale; changing a frozen version returns the new version."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response as ApiResponse

from .. import permissions, services
from ..models import ALL_GROUPS, Dimension, Instrument, Item

# --- instruments --------------------------------------------------------------------------------------------

class DimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "code", "name", "kind", "order"]
        read_only_fields = ["id"]


class ItemSerializer(serializers.ModelSerializer):
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rater_groups = serializers.ListField(child=serializers.ChoiceField(choices=ALL_GROUPS))

    class Meta:
        model = Item
        fields = ["id", "dimension", "text", "rater_groups", "reverse_scored", "order"]


class ItemWriteSerializer(serializers.Serializer):
    dimension = serializers.CharField(help_text="Kode dimensi")
    text = serializers.CharField()
    rater_groups = serializers.ListField(child=serializers.ChoiceField(choices=ALL_GROUPS), default=list(ALL_GROUPS))
    reverse_scored = serializers.BooleanField(default=False)


class InstrumentSerializer(serializers.ModelSerializer):
    dimensions = DimensionSerializer(many=True, required=False)
    items = serializers.SerializerMethodField()
    scale = serializers.SerializerMethodField()
    is_frozen = serializers.BooleanField(read_only=True)
    new_items = ItemWriteSerializer(many=True, required=False, write_only=True, source="items_in")

    class Meta:
        model = Instrument
        fields = ["id", "code", "version", "name", "description", "kind", "scale_max", "scale_labels", "scale",
                  "is_frozen", "frozen_at", "based_on", "dimensions", "items", "new_items"]
        read_only_fields = ["id", "version", "frozen_at", "based_on"]

    def get_items(self, obj) -> list[dict]:
        items = Item.objects.filter(dimension__instrument=obj).select_related("dimension").order_by(
            "dimension__order", "order", "pk")
        return ItemSerializer(items, many=True).data

    def get_scale(self, obj) -> dict:
        return {"min": obj.scale_min, "max": obj.scale_max,
                "points": [{"value": v, "label": label} for v, label in obj.scale_points]}

    def validate(self, attrs):
        codes = [d["code"] for d in attrs.get("dimensions", [])]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError({"dimensions": _("Kode dimensi tidak boleh kembar.")})
        for n, item in enumerate(attrs.get("items_in", []), start=1):
            if item["dimension"] not in codes and codes:
                raise serializers.ValidationError({"new_items": _("Butir %(n)d: dimensi '%(code)s' tidak ada.") % {
                    "n": n, "code": item["dimension"]}})
            if not item["rater_groups"]:
                raise serializers.ValidationError(
                    {"new_items": _("Butir %(n)d: pilih sekurangnya satu kelompok penilai.") % {"n": n}})
        return attrs


def _replace_content(instrument: Instrument, by, dimensions: list[dict], items: list[dict]) -> Instrument:
    """Replace the dimensions and items of an editable version (a frozen one gets a new version first)."""
    target = services.instrument_editable(instrument=instrument, by=by)
    if dimensions:
        Item.objects.filter(dimension__instrument=target).delete()
        target.dimensions.all().delete()
        for order, d in enumerate(dimensions, start=1):
            services.dimension_save(instrument=target, by=by, code=d["code"], name=d["name"],
                                    kind=d.get("kind", Dimension.Kind.VALUE), order=d.get("order") or order)
    elif items:
        Item.objects.filter(dimension__instrument=target).delete()
    by_code = {d.code: d for d in target.dimensions.all()}
    for order, item in enumerate(items, start=1):
        if item["dimension"] not in by_code:
            raise serializers.ValidationError({"new_items": f"Butir {order}: dimensi '{item['dimension']}' tidak ada."})
        services.item_save(instrument=target, by=by, dimension=by_code[item["dimension"]], text=item["text"],
                           rater_groups=item["rater_groups"], reverse_scored=item["reverse_scored"], order=order)
    return target


class InstrumentViewSet(viewsets.ModelViewSet):
    """Instruments (values, items, scale). Tim RB only. Changing a frozen version creates and returns a new version;
    ``dimensions`` and ``new_items`` replace the whole content of the version written to."""

    serializer_class = InstrumentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["code", "kind"]
    search_fields = ["name", "code"]

    def get_queryset(self):
        return permissions.visible_instruments(self.request.user).order_by("code", "-version")

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        if not permissions.can_manage_instruments(request.user):  # 403 whatever was sent
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        dimensions, items = data.pop("dimensions", []), data.pop("items_in", [])
        instrument = services.instrument_create(by=request.user, **data)
        instrument = _replace_content(instrument, request.user, dimensions, items)
        return ApiResponse(self.get_serializer(instrument).data, status=status.HTTP_201_CREATED)

    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        instrument = self.get_object()
        serializer = self.get_serializer(instrument, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("code", None)
        dimensions, items = data.pop("dimensions", []), data.pop("items_in", [])
        target = services.instrument_update(instrument=instrument, by=request.user, **data)
        if dimensions or items:
            target = _replace_content(target, request.user, dimensions, items)
        return ApiResponse(self.get_serializer(target).data)

    @extend_schema(request=None, responses={201: InstrumentSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        instrument = services.instrument_new_version(instrument=self.get_object(), by=request.user)
        return ApiResponse(self.get_serializer(instrument).data, status=status.HTTP_201_CREATED)
