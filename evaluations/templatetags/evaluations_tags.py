from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from organization.formats import decimal, long_date

from ..models import RaterGroup
from ..scoring import BAND_LABELS

register = template.Library()


@register.filter
def score(value):
    """One decimal in the active language (``80,3`` / ``80.3``), or a dash when not reported."""
    if value is None:
        return "–"
    value = getattr(value, "score", value)
    if value is None:
        return "–"
    return decimal(value)


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
    return "–" if value is None else decimal(value)


@register.filter
def rate_cell(rate):
    """``82,9% (29/35)``: a response rate with its submitted and assigned counts, for the rows of a results table
    (what ``{{ rate.rate }}% ({{ rate.submitted }}/{{ rate.assigned }})`` shows, localised the same way, in one
    filter instead of three localised numbers per row)."""
    if not rate:
        return mark_safe('% <span class="text-muted">(/)</span>')  # nosec B308 B703
    if rate.get("rate") is None:
        # Withheld by the anonymity rule (evaluations.disclosure): too few raters behind the count.
        return mark_safe('<span class="text-muted" title="{}">–</span>'.format(  # nosec B308 B703
            escape(gettext("Terlalu sedikit penilai untuk ditampilkan"))))
    numbers = [_localized(rate["rate"]), _localized(rate["submitted"]), _localized(rate["assigned"])]
    # Safe by construction: three formatted numbers.
    return mark_safe('{}% <span class="text-muted">({}/{})</span>'.format(*numbers))  # nosec B308 B703


def _localized(number) -> str:
    if settings.USE_THOUSAND_SEPARATOR:
        return formats.number_format(number)
    return str(number).replace(".", formats.get_format("DECIMAL_SEPARATOR")) if isinstance(number, float) else str(int(number))


@register.simple_tag
def heatmap_rows(rows, show_scores, link_agencies):
    """The body of the agency × value table: one ``<tr>`` per agency (name, response rate, a cell per value).

    Built here rather than in a template loop: the city's table has 60-odd rows of ten cells, and the template
    engine's cost per node made it the most expensive part of the page. The agency name is escaped; everything
    else is numbers and fixed classes."""
    out = []
    for row in rows:
        name = escape(row["agency"].name)
        label = f'<a href="?agency={int(row["agency"].pk)}">{name}</a>' if link_agencies else name
        cells = score_cells(row["cells"]) if show_scores else ""
        out.append(f'<tr><th scope="row" class="fw-normal">{label}</th>'
                   f'<td class="small">{rate_cell(row["rate"])}</td>{cells}</tr>')
    return mark_safe("\n".join(out))  # nosec B308 B703


@register.simple_tag
def subject_rows(rows, show_scores):
    """The body of the per-subject table (a page of 25): name linking to the report, agency, answers received
    of assigned, and the scores when shown. Names are escaped; the rest is numbers, fixed classes and the URL
    the view built from one reverse()."""
    out = []
    for r in rows:
        progress = r["progress"] or {}
        scores = ""
        if show_scores:
            overall = r["overall"]
            scores = (f'<td class="{band_class(overall)}"><strong>{_number(overall)}</strong></td>'
                      f'{score_cells(r["cells"])}')
        out.append(f'<tr><td><a href="{escape(r["url"])}">{escape(r["subject"].name)}</a>'
                   f'<div class="small text-muted">{escape(r["subject"].agency)}</div></td>'
                   f'<td class="small">{int(progress.get("submitted") or 0)}/{int(progress.get("assigned") or 0)}</td>'
                   f'{scores}</tr>')
    return mark_safe("\n".join(out))  # nosec B308 B703


@register.filter
def subject_label(assignment) -> str:
    """Whom an assignment rates, as its rater reads it: the person, "yourself", or the agency a survey is about.

    (A filter rather than an included template: lists show one per row.)"""
    if assignment.cycle.instrument.is_survey:
        return _("Survei budaya kerja %(agency)s") % {"agency": assignment.subject.agency}
    if assignment.group == RaterGroup.SELF:
        return _("Penilaian diri sendiri")
    return assignment.subject.name


@register.filter
def band_label(code):
    return str(BAND_LABELS.get(code or "", ""))


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


register.filter("long_date", long_date)
