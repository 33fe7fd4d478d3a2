from django import template
from django.utils.translation import gettext as _

from ..models import RaterGroup
from ..scoring import BAND_LABELS

register = template.Library()


@register.filter
def score(value):
    """One decimal with a comma (Indonesian), or a dash when not reported."""
    if value is None:
        return "–"
    value = getattr(value, "score", value)
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",")


@register.filter
def band_class(cell):
    band = getattr(cell, "band", None)
    return f"band-{band}" if band else "band-none"


@register.filter
def band_label(code):
    return BAND_LABELS.get(code or "", "")


@register.filter
def group_label(code):
    try:
        return RaterGroup(code).label
    except ValueError:
        return code


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def days_left_label(cycle):
    days = cycle.days_left()
    if days < 0:
        return _("lewat batas")
    if days == 0:
        return _("hari terakhir")
    return _("%(d)d hari lagi") % {"d": days}


@register.filter
def width(value):
    """A percentage usable in style="width: …%" (dot decimal, clamped)."""
    try:
        return f"{max(0.0, min(100.0, float(value))):.1f}"
    except (TypeError, ValueError):
        return "0"
