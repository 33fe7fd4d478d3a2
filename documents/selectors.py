"""Reads of the documents app."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Document


def documents_for(*, agency=None, period=None, current_only: bool = True) -> QuerySet[Document]:
    """The documents of a period and/or agency: those made for the agency and the period-wide ones (SK, minutes).

    The ZI evidence pack collects its SKs and minutes here. ``current_only`` leaves out superseded versions."""
    qs = Document.objects.select_related("period", "agency")
    if period is not None:
        qs = qs.filter(period=period)
    if agency is not None:
        qs = qs.filter(Q(agency=agency) | Q(agency__isnull=True))
    if current_only:
        qs = qs.current()
    return qs.order_by("period_id", "kind", "-version")


def latest(period, kind: str) -> Document | None:
    return Document.objects.filter(period=period, kind=kind).current().order_by("-version").first()
