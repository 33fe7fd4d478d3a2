import datetime as dt

from django import template
from django.utils import formats

from dashboards import presenters

register = template.Library()


@register.filter
def num(value, suffix=""):
    """A figure as shown: one decimal (Indonesian comma) for fractions, a dash when missing."""
    return presenters.fmt(value, suffix)


@register.filter
def get(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def isodate(value, fmt="j F Y"):
    """An ISO date or datetime string (as stored in the cached figures) shown as ``28 November 2026``."""
    if not value:
        return presenters.NOT_AVAILABLE
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return value
    return formats.date_format(day, fmt)


@register.filter
def nip(value):
    """``19860926 201505 1 001``."""
    from organization.nip import format_nip

    return format_nip(value or "")


@register.filter
def kind_label(value):
    return presenters.kind_label(value)


@register.filter
def band_of(score, bands):
    from dashboards.selectors import band

    return band(score, tuple(bands or presenters_bands()))


def presenters_bands():
    return (75.0, 50.0, 25.0)


@register.simple_tag
def sort_link(query, key, current, direction):
    """The query string that sorts the table by ``key`` (a second click reverses the order)."""
    new_dir = "desc" if key == current and direction == "asc" else "asc"
    parts = [p for p in [query, f"sort={key}", f"dir={new_dir}"] if p]
    return "?" + "&".join(parts)
