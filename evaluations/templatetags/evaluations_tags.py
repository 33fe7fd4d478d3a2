from django import template
from django.conf import settings
from django.utils import formats
from django.utils.safestring import mark_safe
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


_CELL_TDS = {band: f'<td class="band-{band}">' for band in BAND_LABELS} | {None: '<td class="band-none">'}


@register.filter
def score_cells(cells):
    """One ``<td class="band-…">score</td>`` per cell of a table row.

    The results tables have hundreds of cells: one filter per row instead of two per cell keeps the page cheap.
    Nothing in the markup comes from users: the class is one of the fixed band classes and the text is a
    formatted number or a dash."""
    html = "".join(f"{_CELL_TDS.get(getattr(c, 'band', None), _CELL_TDS[None])}{_number(c)}</td>" for c in cells)
    # Safe by construction (fixed classes, formatted numbers): see the docstring.
    return mark_safe(html)  # nosec B308 B703


def _number(cell) -> str:
    value = getattr(cell, "score", cell)
    return "–" if value is None else f"{float(value):.1f}".replace(".", ",")


@register.filter
def rate_cell(rate):
    """``82,9% (29/35)``: a response rate with its submitted and assigned counts, for the rows of a results table
    (what ``{{ rate.rate }}% ({{ rate.submitted }}/{{ rate.assigned }})`` shows, localised the same way, in one
    filter instead of three localised numbers per row)."""
    if not rate:
        return mark_safe('% <span class="text-muted">(/)</span>')  # nosec B308 B703
    numbers = [_localized(rate["rate"]), _localized(rate["submitted"]), _localized(rate["assigned"])]
    # Safe by construction: three formatted numbers.
    return mark_safe('{}% <span class="text-muted">({}/{})</span>'.format(*numbers))  # nosec B308 B703


def _localized(number) -> str:
    if settings.USE_THOUSAND_SEPARATOR:
        return formats.number_format(number)
    return str(number).replace(".", formats.get_format("DECIMAL_SEPARATOR")) if isinstance(number, float) else str(int(number))


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
