"""Date texts for long lists, shared by every app's template tags.

The ``date`` filter runs a general formatter for every value (~40 µs each); lists show two or three dates per row.
These give the same text as ``date:"j F Y"`` and ``date:"j F Y H:i"`` (local time, month names in the active
language), checked against the filter in tests.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dates import MONTHS


def _local(value):
    return timezone.localtime(value) if isinstance(value, dt.datetime) and timezone.is_aware(value) else value


def long_date(value) -> str:
    """``28 November 2026``."""
    if not value:
        return ""
    try:
        value = _local(value)
        return f"{value.day} {MONTHS[value.month]} {value.year:04d}"
    except (AttributeError, KeyError, TypeError):
        return ""


def long_datetime(value) -> str:
    """``28 November 2026 14:05``."""
    if not value:
        return ""
    try:
        value = _local(value)
        return f"{value.day} {MONTHS[value.month]} {value.year:04d} {value:%H:%M}"
    except (AttributeError, KeyError, TypeError, ValueError):
        return ""


def decimal(value, places: int = 1) -> str:
    """A number with ``places`` decimals and the active language's separator: ``80,3`` in Indonesian, ``80.3`` in
    English. Pages, PDFs and exports all format through this (no hard-coded comma or point); fast enough for tables
    of hundreds of cells (the separator comes from Django's per-language format cache)."""
    from django.utils.formats import get_format

    if isinstance(value, int) and not isinstance(value, bool) and places == 0:
        return str(value)
    return f"{float(value):.{places}f}".replace(".", get_format("DECIMAL_SEPARATOR"))
