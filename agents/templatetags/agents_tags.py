"""Small pieces the agents lists repeat on every row, as tags instead of included templates or loops of nodes
(the template engine's cost per node made them the larger part of those pages).

Text that comes from users or the organisation data (names, labels) is escaped; the rest is fixed markup."""

from django import template
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from organization.formats import long_date

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


register.filter("long_date", long_date)


# --- list bodies ----------------------------------------------------------------------------------------------
# The registry and the nomination list show 25 rows of six cells; built here in one pass instead of a dozen
# template nodes per row. Every text from the data is escaped.

@register.simple_tag
def registry_rows(agents, today):
    """The rows of the agent registry: person (linked, NIP), agency and unit, kind or roles, term, decree, state."""
    badges = {"active": f'<span class="badge text-bg-success">{escape(_("Aktif"))}</span>',
              "upcoming": f'<span class="badge text-bg-info">{escape(_("Akan bertugas"))}</span>',
              "ended": f'<span class="badge text-bg-secondary">{escape(_("Berakhir"))}</span>'}
    role_model = escape(_("Role model"))
    out = []
    for a in agents:
        unit = a.employee.unit
        unit_html = f'<br><span class="small text-muted">{escape(unit)}</span>' if unit else ""
        roles = (f'<span class="badge text-bg-warning">{role_model}</span>' if a.is_role_model
                 else escape(", ".join(a.role_labels)))
        state = badges[a.state_on(today)]
        out.append(
            f'<tr><td><a href="{escape(a.url)}">{escape(a.employee.name)}</a><br>'
            f'<span class="small text-muted nip">{escape(a.employee.nip_display)}</span></td>'
            f"<td>{escape(a.agency)}{unit_html}</td><td>{roles}</td>"
            f"<td>{long_date(a.term_start)} – {long_date(a.term_end)}</td><td>{escape(a.decree_number)}</td>"
            f"<td>{state}</td></tr>")
    return mark_safe("\n".join(out))  # nosec B308 B703


@register.simple_tag
def nomination_rows(nominations):
    """The rows of the nomination list: candidate (linked, NIP), agency, period, status, score, last change."""
    returned = escape(_("dikembalikan"))
    out = []
    for n in nominations:
        flag = (f' <span class="badge text-bg-warning">{returned}</span>'
                if n.return_comment and n.status == Nomination.Status.DRAFT else "")
        score = "—" if n.score_total is None else escape(formats.localize(n.score_total))
        out.append(
            f'<tr><td><a href="{escape(n.url)}">{escape(n.candidate.name)}</a><br>'
            f'<span class="small text-muted nip">{escape(n.candidate.nip_display)}</span></td>'
            f"<td>{escape(n.agency)}</td><td>{escape(n.period.name)}</td>"
            f"<td>{status_badge(n.status)}{flag}</td><td class=\"text-end\">{score}</td>"
            f"<td>{long_date(localtime(n.updated_at))}</td></tr>")
    return mark_safe("\n".join(out))  # nosec B308 B703
