"""The API face of the audit trail: ``…/{id}/history/`` of nominations, agents, employees and cycles.

Each answers the same paginated list (``count``, ``next``, ``previous``, ``results``; 25 per page, ``page_size`` up
to 200) of the entries :mod:`agenperubahan.audit` builds, newest first, with the labels the pages show.
"""

from __future__ import annotations

from collections.abc import Iterable

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from .audit import Timeline


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Nama field di model (mis. justification).")
    label = serializers.CharField(help_text="Label field dalam bahasa aktif (mis. \"alasan pengusulan\").")
    old = serializers.CharField(help_text="Nilai lama yang dapat dibaca (\"—\" bila kosong).")
    new = serializers.CharField(help_text="Nilai baru yang dapat dibaca.")
    initial = serializers.BooleanField(help_text="true: nilai saat dibuat (tanpa nilai lama).")


class HistoryEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["created", "first", "changed", "deleted", "transition"],
                                   help_text="created, first (catatan tertua dari data yang dimuat tanpa riwayat), "
                                             "changed, deleted, atau transition (langkah alur nominasi).")
    title = serializers.CharField(help_text="Judul yang dapat dibaca: Dibuat, Diubah, Dihapus, atau nama tindakan.")
    at = serializers.DateTimeField()
    at_display = serializers.CharField(help_text="Waktu dalam WIB, mis. \"5 Desember 2026 14:03 WIB\".")
    actor = serializers.CharField(help_text="Nama lengkap dengan gelar, atau \"Sistem\".")
    actor_role = serializers.CharField(help_text="Peran atau jabatan saat bertindak, bila diketahui.")
    reason = serializers.CharField(help_text="Alasan perubahan yang dicatat (mis. \"Impor SIMPEG #12\").")
    comment = serializers.CharField(help_text="Catatan tindakan alur nominasi.")
    action = serializers.CharField(help_text="Kode tindakan alur nominasi (submit, endorse, …), bila transition.")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    status_change = serializers.CharField(help_text="Perubahan status yang dapat dibaca, mis. \"Draf → Diajukan\".")
    changes = HistoryChangeSerializer(many=True)


class PaginatedHistorySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HistoryEntrySerializer(many=True)


def history_schema(description: str):
    """The OpenAPI description shared by the four ``history`` actions."""
    return extend_schema(
        summary="Riwayat perubahan", description=description, responses=PaginatedHistorySerializer,
        parameters=[OpenApiParameter("page", int, description="Nomor halaman (1 = terbaru)."),
                    OpenApiParameter("page_size", int, description="Banyak catatan per halaman (maks. 200).")],
    )


def history_response(view, obj, *, show_nip: bool, transitions: Iterable | None = None):
    """The page of ``obj``'s timeline the request asks for, paginated like every list of the API."""
    page = view.paginate_queryset(Timeline(obj, show_nip=show_nip, transitions=transitions))
    return view.get_paginated_response(HistoryEntrySerializer(page, many=True).data)
