"""Small pieces the agents lists repeat on every row, as tags instead of included templates or loops of nodes
(the template engine's cost per node made them the larger part of those pages).

Text that comes from users or the organisation data (names, labels) is escaped; the rest is fixed markup."""

from django import template
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Nomination

register = template.Library()

STATUS_BADGES = {
    Nomination.Status.DRAFT: "text-bg-secondary",
    Nomination.Status.SUBMITTED: "text-bg-info",
    Nomination.Status.ENDORSED: "text-bg-primary",
    Nomination.Status.APPROVED: "text-bg-success",
    Nomination.Status.REJECTED: "text-bg-danger",
}
STATUS_LABELS = dict(Nomination.Status.choices)


@register.simple_tag
def status_badge(status):
    """A nomination's status as a coloured badge (the label looked up directly: ``get_status_display()`` rebuilds
    the field's choices on every call)."""
    css = STATUS_BADGES.get(status, "text-bg-light")
    label = escape(STATUS_LABELS.get(status, status))
    return mark_safe(f'<span class="badge {css}">{label}</span>')  # nosec B308 B703


@register.simple_tag
def options(objects, selected):
    """``<option>`` per object (its pk and name), the one whose pk equals ``selected`` (a query parameter, so a
    string) marked selected: for the long agency filters of the lists."""
    selected = str(selected or "")
    html = "".join(f'<option value="{o.pk}"{" selected" if str(o.pk) == selected else ""}>{escape(o.name)}</option>'
                   for o in objects)
    return mark_safe(html)  # nosec B308 B703


@register.filter(expects_localtime=True)
def long_date(value):
    """``28 November 2026``: what ``date:"j F Y"`` shows, without parsing a format string for every row."""
    if not value:
        return ""
    try:
        return f"{value.day} {MONTHS[value.month]} {value.year:04d}"
    except AttributeError:
        return ""
